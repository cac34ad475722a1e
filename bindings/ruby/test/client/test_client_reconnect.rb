# frozen_string_literal: true

# Reconnection: after a dropped or ended stream (M6, M7), with the server's retry
# (M10), the last event ID (M11, H1) and the final URL of a redirect chain (M12).
class TestClientReconnect < Minitest::Test
  include ClientSupport

  def test_m11_drop_mid_event_resumes_with_last_event_id_and_discards_partial
    url, = server.scenario("drop-mid-event")
    client = SSE::Client.new(url, **FAST)
    disconnects = []
    client.on_disconnect { |disconnect| disconnects << disconnect }
    events = run_client(client)

    assert_equal 2, events.size
    assert_equal %w[one 1], [events[0].data, events[0].id]
    refute(events.any? { |event| event.data.include?("partial") }, "P27: the unfinished event is dropped")
    assert_equal "1", logged_header(echoed(events[1]), "Last-Event-ID"), "M11/H1: resumes after id 1"
    assert_equal "1", events[1].id, "M11: an id-less event reports the carried-over id"
    assert_equal %i[network end], disconnects.map(&:reason), "reset mid-body, then a clean end (M6)"
    assert_equal 1, disconnects.first.events
    assert_equal :reconnect, disconnects.first.default_decision.action
  end

  def test_m10_retry_field_sets_the_reconnection_time_then_204_stops
    url, sid = server.scenario("retry-then-204")
    # 30 s unless the server's "retry: 50" is honoured: the run limit would fail the test.
    client = SSE::Client.new(url, reconnection_time: 30, jitter_percent: 0)
    retries = []
    client.on_retry { |seconds| retries << seconds }
    delays = []
    connected = []
    client.on_disconnect do |disconnect|
      delays << disconnect.default_decision.delay
      connected << disconnect.connected_time
    end
    failures = collect_failures(client)
    started = monotonic
    events = run_client(client, limit: 10)

    assert_equal [0.05], retries, "on_retry yields the field as seconds, like every client duration"
    assert_equal [%w[x a]], events.map { |e| [e.data, e.id] }
    assert_equal [0.05], delays, "M10: the next delay is the server's retry"
    assert_in_delta 0.05, client.stats.reconnection_time, 1e-9
    durations = retries + delays + connected + [client.stats.reconnection_time, client.stats.current_delay]
    assert(durations.all?(Float), "every duration the client reports is Float seconds: #{durations.inspect}")
    assert_equal [:no_content], failures.map(&:kind)
    assert_equal 2, server.log(sid).size
    assert_operator monotonic - started, :<, 5
    assert_equal "a", logged_header(server.log(sid).last, "Last-Event-ID")
  end

  def test_m12_redirect_chain_then_reconnect_to_the_final_url
    url, sid = server.scenario("redirect-chain")
    client = SSE::Client.new(url, **FAST)
    opened = []
    client.on_open { |response| opened << response.url }
    events = run_client(client)
    final = "#{server.base}/s/#{sid}/final"

    assert_equal ["final"], events.map(&:data)
    assert_equal [final], opened, "the response reports the final URL"
    paths = server.log(sid).map { |entry| entry.fetch("path") }
    assert_equal ["/scenario/redirect-chain/#{sid}", "/s/#{sid}/hop2", "/s/#{sid}/hop3", "/s/#{sid}/final",
                  "/s/#{sid}/final"], paths, "M12: the reconnection goes straight to the final URL"
    assert_equal final, client.url
  end

  def test_idle_timeout_on_a_stalled_stream_reconnects
    url, sid = server.scenario("stall")
    client = SSE::Client.new(url, idle_timeout: 0.3, comments: true, **FAST)
    comments = []
    client.on_comment { |text| comments << text }
    disconnects = []
    client.on_disconnect { |disconnect| disconnects << disconnect }
    run_client(client)

    assert_equal ["hi"], comments
    assert_equal [:idle], disconnects.map(&:reason)
    assert_operator disconnects.first.connected_time, :>=, 0.25
    assert_equal :ETIMEDOUT, disconnects.first.code_name
    assert_equal 2, server.log(sid).size, "reconnected after the idle timeout, then 204"
  end

  def test_slow_drip_event_arrives_whole
    url, = server.scenario("slow-drip")
    assert_equal ["drip"], run_client(SSE::Client.new(url, **FAST)).map(&:data)
  end

  def test_numbered_10000_exactly_once_in_order_across_drops
    url, sid = server.scenario("numbered-10000")
    client = SSE::Client.new(url, reconnection_time: 0, jitter_percent: 0, max_backoff: 0.01)
    drops = 0
    client.on_disconnect do |disconnect|
      drops += 1 if disconnect.reason == :network
      nil # the block's value is the decision: nil keeps the default (a Numeric would be a delay)
    end
    events = run_client(client, limit: 60)
    expected = (1..10_000).map(&:to_s)

    assert_equal expected, events.map(&:data), "every event once, in order (M11)"
    assert_equal expected, events.map(&:id)
    assert_equal 19, drops, "a drop every 500 events; the 20th connection ends cleanly"
    assert_equal :closed, client.state, "the request after 10000 gets 204"
    assert_equal 21, server.log(sid).size
  end
end
