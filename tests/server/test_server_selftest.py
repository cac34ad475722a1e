#!/usr/bin/env python3
"""Self-test of the SSE test server and the interop servers (meson test server_selftest).

The client suites of every language trust tests/server/sse_test_server.py to do exactly
what its protocol (README.md) says; this suite checks that, action by action and
scenario by scenario, with raw sockets. Tests that need a tool (node, nghttpd, curl) say
so when it is missing, and the suite then FAILS: .ci/install-deps installs them, and a
skipped check must never count as passed.

    python3 tests/server/test_server_selftest.py [-v] [unittest options]
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from selftest_actions import (ActionTest, FramingTest, NumberedTest,  # noqa: E402,F401
                              ProxyTest, RequestLogTest, RobustnessTest, ScriptingTest)
from selftest_interop import (CurlAgainstTestServer, NghttpdServerTest,  # noqa: E402,F401
                              NodeServerTest, PythonStdlibServerTest)
from selftest_scenarios import ScenarioTest  # noqa: E402,F401
from selftest_tls_and_lifecycle import ClientCertTest, LifecycleTest, TlsTest  # noqa: E402,F401

if __name__ == "__main__":
    outcome = unittest.main(verbosity=2, exit=False).result
    if outcome.skipped:
        print(f"FAILED: {len(outcome.skipped)} test(s) skipped for a missing tool",
              file=sys.stderr)
        sys.exit(1)
    sys.exit(0 if outcome.wasSuccessful() else 1)
