# frozen_string_literal: true

# Opening a stream and receiving its events (M4 e, M5, P24), then the 204 stop (M4 c).
class TestClientBasic < Minitest::Test
  include ClientSupport

  def test_m5_basic_events_and_open_then_204_stops
    url, sid = server.scenario("basic")
    client = SSE::Client.new(url, **FAST)
    responses = []
    client.on_open { |response| responses << response }
    events = run_client(client)

    assert_equal [%w[message hello 1], ["greet", "a\nb", "1"]], events.map { |e| [e.type, e.data, e.id] }
    assert_equal 1, responses.size, "one open for the one 200 stream (M5)"
    response = responses.first
    assert_equal 200, response.status
    assert_equal "1.1", response.http_version
    assert_equal url, response.url
    assert_equal "text/event-stream", response.content_type
    assert_equal "no-cache", response.header("cache-control")
    assert_equal Encoding::UTF_8, events.first.data.encoding
    assert_equal :closed, client.state, "the 204 of the second request stops the client (M4 c)"
    assert_equal 2, server.log(sid).size
  end

  def test_open_comes_before_the_events_of_its_response
    url, = server.scenario("basic")
    client = SSE::Client.new(url, **FAST)
    order = []
    client.on_open { order << :open }
    client.each_event { |event| order << event.data }
    assert_equal [:open, "hello", "a\nb"], order
  end

  def test_stats_count_attempts_failures_events_and_bytes
    url, = server.scenario("basic")
    client = SSE::Client.new(url, **FAST)
    before = Time.now
    run_client(client)
    stats = client.stats

    assert_equal :closed, stats.state
    assert_equal 2, stats.attempts
    assert_equal 1, stats.reconnects
    assert_equal 1, stats.failures, "the 204 is a failed attempt"
    assert_equal 2, stats.events
    assert_equal "id: 1\ndata: hello\n\nevent: greet\ndata: a\ndata: b\n\n".bytesize, stats.bytes
    assert_equal 0, stats.skipped_events
    assert_instance_of Time, stats.last_event_at
    assert_operator stats.last_event_at, :>=, before - 1
    assert_in_delta 0.01, stats.reconnection_time, 1e-9
  end

  def test_no_content_stops_before_any_event
    url, sid = server.scenario("no-content")
    client = SSE::Client.new(url, **FAST)
    failures = collect_failures(client)
    opened = false
    client.on_open { opened = true }

    assert_empty run_client(client)
    refute opened
    assert_equal [:no_content], failures.map(&:kind)
    assert_equal 204, failures.first.status
    assert_equal :stop, failures.first.default_decision.action
    assert_equal 1, server.log(sid).size, "never reconnects after a 204 (M8)"
  end

  def test_each_event_without_a_block_is_an_enumerator
    url, = server.scenario("basic")
    client = SSE::Client.new(url, **FAST)
    enum = client.each_event
    assert_kind_of Enumerator, enum
    assert_equal "hello", enum.next.data, "external iteration"
    assert_equal "a\nb", enum.next.data
    assert_raises(StopIteration) { enum.next }
    assert client.closed?
  end

  def test_break_closes_the_client
    url, sid = server.scenario("basic")
    client = SSE::Client.new(url, **FAST)
    first = client.each_event { |event| break event }
    assert_equal "hello", first.data
    assert client.closed?, "nobody reads the stream after break"
    assert_empty run_client(client), "the rest of that response is dropped (M9)"
    assert_equal 1, server.log(sid).size
  end

  def test_enumerator_first_closes_after_taking
    url, = server.scenario("basic")
    client = SSE::Client.new(url, **FAST)
    assert_equal ["hello"], client.each_event.first(1).map(&:data)
    assert client.closed?
  end

  def test_m9_close_before_running_sends_nothing
    url, sid = server.scenario("basic")
    client = SSE::Client.new(url, **FAST)
    client.close
    assert client.closed?
    assert_empty run_client(client)
    assert_empty server.log(sid)
  end

  def test_client_is_enumerable
    url, = server.scenario("basic")
    client = SSE::Client.new(url, **FAST)
    assert_equal %w[message greet], client.map(&:type)
  end
end
