# frozen_string_literal: true

require "fileutils"
require "tmpdir"

# HTTPS against the test server's generated CA (server started with --tls DIR).
class TestClientTLS < Minitest::Test
  include ClientSupport

  @servers = {}
  @lock = Mutex.new

  # One TLS server per flag set, sharing one temporary certificate directory.
  def self.tls_server(*flags)
    @lock.synchronize do
      @dir ||= Dir.mktmpdir("sse-ruby-tls").tap { |dir| Minitest.after_run { FileUtils.rm_rf(dir) } }
      @servers[flags] ||= SSETestServer.new("--tls", @dir, *flags).tap { |s| Minitest.after_run { s.stop } }
    end
  end

  def tls
    self.class.tls_server
  end

  def test_https_with_the_generated_ca
    url, = tls.scenario("basic")
    assert url.start_with?("https://")
    client = SSE::Client.new(url, ca_file: tls.info.fetch("ca"), **FAST)
    assert_equal ["hello", "a\nb"], run_client(client).map(&:data)
  end

  def test_m4b_untrusted_certificate_is_a_tls_failure
    url, sid = tls.scenario("basic")
    client = SSE::Client.new(url, ca_file: tls.info.fetch("other_ca"), **FAST)
    failures = collect_failures(client, decision: :stop)

    assert_empty run_client(client)
    assert_equal [:tls], failures.map(&:kind)
    assert_nil failures.first.response
    assert_equal :reconnect, failures.first.default_decision.action, "M4 b: TLS errors reconnect by default"
    assert_empty tls.log(sid), "no request got through"
  end

  def test_insecure_skips_verification
    url, = tls.scenario("basic")
    assert_equal 2, run_client(SSE::Client.new(url, insecure: true, **FAST)).size
  end

  def test_mutual_tls_with_a_client_certificate
    server = self.class.tls_server("--require-client-cert")
    url, = server.scenario("basic")
    info = server.info
    client = SSE::Client.new(url, ca_file: info.fetch("ca"), client_cert: info.fetch("client_cert"),
                                  client_key: info.fetch("client_key"), **FAST)
    assert_equal 2, run_client(client).size

    url, = server.scenario("basic")
    client = SSE::Client.new(url, ca_file: info.fetch("ca"), **FAST)
    failures = collect_failures(client, decision: :stop)
    assert_empty run_client(client)
    assert_equal 1, failures.size
    assert_includes %i[tls network], failures.first.kind, "the server refuses the handshake"
  end
end
