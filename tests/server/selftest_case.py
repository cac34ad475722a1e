"""The base class of the self-tests that share one plain-HTTP sse_test_server.py."""

import unittest

from selftest_support import get, new_sid, post_script, start_server


class PlainServerCase(unittest.TestCase):
    """One plain-HTTP server for the whole class; it must exit 0 at stdin EOF."""

    @classmethod
    def setUpClass(cls):
        cls.server = start_server()
        cls.port = cls.server.port

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        assert code == 0, "server exit code %r" % code

    def script(self, *responses):
        sid = new_sid()
        status, reply = post_script(self.port, sid, list(responses))
        self.assertEqual((status, reply), (200, {"ok": True}))
        return sid

    def get(self, path, headers=(), **kw):
        return get(self.port, path, headers, **kw)
