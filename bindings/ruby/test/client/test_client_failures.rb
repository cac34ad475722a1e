# frozen_string_literal: true

require "socket"

# Failed attempts (M4): what on_failure receives and the library's default decision.
class TestClientFailures < Minitest::Test
  include ClientSupport

  # Runs +client+ and returns [events, failures].
  def run_collecting_failures(client)
    failures = collect_failures(client)
    [run_client(client), failures]
  end

  def test_m4c_not_found_reports_details_and_stops
    url, sid = server.scenario("not-found")
    client = SSE::Client.new(url, **FAST)
    events, failures = run_collecting_failures(client)

    assert_empty events
    assert_equal 1, failures.size
    failure = failures.first
    assert_equal :status, failure.kind
    assert_equal 404, failure.status
    assert_equal "missing".b, failure.body
    assert_equal Encoding::BINARY, failure.body.encoding
    assert_equal "text/plain", failure.response.header("Content-Type")
    assert_equal SSE::ERROR_CODES[:EPROTO], failure.code
    assert_equal :EPROTO, failure.code_name
    assert_equal 1, failure.attempt
    assert_nil failure.retry_after
    assert_match(/404/, failure.message)
    assert_equal :stop, failure.default_decision.action
    refute failure.default_decision.gave_up
    assert client.closed?
    assert_equal 1, server.log(sid).size, "M8: no reconnection"
  end

  def test_failure_body_is_cut_at_max_failure_body_bytes
    url, = server.scenario("not-found")
    _, failures = run_collecting_failures(SSE::Client.new(url, max_failure_body_bytes: 3, **FAST))
    assert_equal ["mis".b], failures.map(&:body)
  end

  def test_m4d_wrong_content_type_stops
    url, sid = server.scenario("wrong-type")
    events, failures = run_collecting_failures(SSE::Client.new(url, **FAST))

    assert_empty events
    assert_equal [:content_type], failures.map(&:kind)
    assert_equal 200, failures.first.status
    assert_equal "text/html", failures.first.response.content_type
    assert_equal "<html>".b, failures.first.body
    assert_equal :stop, failures.first.default_decision.action
    assert_equal 1, server.log(sid).size
  end

  def test_retry_status_honours_retry_after_then_recovers
    url, sid = server.scenario("unavailable-retry-after")
    client = SSE::Client.new(url, retry_statuses: [503], **FAST)
    failures = []
    failed_at = opened_at = nil
    client.on_failure do |failure|
      failures << failure
      failed_at ||= monotonic
      nil
    end
    client.on_open { opened_at = monotonic }
    events = run_client(client)

    assert_equal ["recovered"], events.map(&:data)
    assert_equal %i[status no_content], failures.map(&:kind)
    busy = failures.first
    assert_equal 503, busy.status
    assert_in_delta 1.0, busy.retry_after, 1e-9
    assert_equal :reconnect, busy.default_decision.action
    assert_operator busy.default_decision.delay, :>=, 1.0, "the default waits Retry-After"
    assert_operator opened_at - failed_at, :>=, 0.9, "and the client really waited"
    assert_equal 3, server.log(sid).size
  end

  def test_retry_status_without_retry_statuses_stops
    url, sid = server.scenario("unavailable-retry-after")
    events, failures = run_collecting_failures(SSE::Client.new(url, **FAST))
    assert_empty events
    assert_equal [:stop], failures.map { |f| f.default_decision.action }
    assert_equal 1, server.log(sid).size
  end

  def test_m12_redirect_loop_is_a_redirect_failure
    url, sid = server.scenario("redirect-loop")
    client = SSE::Client.new(url, max_redirects: 3, **FAST)
    failures = collect_failures(client, decision: :stop)
    assert_empty run_client(client)

    assert_equal [:redirects], failures.map(&:kind)
    assert_equal :reconnect, failures.first.default_decision.action, "M4 b: a network error reconnects"
    assert_equal 4, server.log(sid).size, "the request and 3 redirects"
    assert client.closed?
  end

  def test_m4b_refused_connection_reconnects_until_max_attempts
    client = SSE::Client.new(refused_url, max_attempts: 3, **FAST)
    _, failures = run_collecting_failures(client)

    assert_equal %i[network network network], failures.map(&:kind)
    assert_equal [1, 2, 3], failures.map(&:attempt)
    assert_nil failures.first.response
    assert_nil failures.first.status
    assert_equal [], failures.first.headers
    assert_equal %i[reconnect reconnect stop], failures.map { |f| f.default_decision.action }
    assert failures.last.default_decision.gave_up
    assert_equal 3, client.stats.failures
    assert client.closed?
  end

  # M7 step 3: each consecutive failure doubles the delay, up to max_backoff.
  def test_m7_backoff_doubles_up_to_the_cap
    client = SSE::Client.new(refused_url, reconnection_time: 0.01, jitter_percent: 0, max_backoff: 0.05,
                                          max_attempts: 5)
    _, failures = run_collecting_failures(client)
    assert_equal [0.01, 0.02, 0.04, 0.05], failures.first(4).map { |f| f.default_decision.delay }
  end

  def test_max_elapsed_gives_up
    client = SSE::Client.new(refused_url, reconnection_time: 0.05, jitter_percent: 0, max_elapsed: 0.3)
    started = monotonic
    _, failures = run_collecting_failures(client)

    assert_operator failures.size, :>=, 2
    assert failures.last.default_decision.gave_up
    assert_equal :stop, failures.last.default_decision.action
    assert_operator monotonic - started, :<, 3
    assert client.closed?
  end

  private

  # A local port nobody listens on: connections are refused at once.
  def refused_url
    port = TCPServer.open("127.0.0.1", 0) { |listener| listener.addr[1] }
    "http://127.0.0.1:#{port}/"
  end
end
