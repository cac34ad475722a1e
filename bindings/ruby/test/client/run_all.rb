# frozen_string_literal: true

# Entry point of the ruby-client test (meson suites ruby and client): the SSE::Client
# tests, run against tests/server/sse_test_server.py started by the tests themselves.

# libcurl honours proxy variables: a developer's proxy must not see 127.0.0.1 traffic.
%w[http_proxy HTTP_PROXY https_proxy HTTPS_PROXY all_proxy ALL_PROXY].each { |name| ENV.delete(name) }

require "minitest/autorun"
require "sse"
require "client_support"

Dir[File.join(__dir__, "test_*.rb")].sort.each { |file| require file }
