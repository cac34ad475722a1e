# frozen_string_literal: true

# read_timeout (no byte at all) against idle_timeout (no event or comment), issue 7:
# a server trickling one byte every 200 ms survives a 500 ms read timeout and is
# dropped by a 500 ms idle timeout.
class TestClientTimeouts < Minitest::Test
  include ClientSupport

  TRICKLE_BYTES = 10
  TRICKLE_EVERY_MS = 200

  # One event, then an unfinished line trickled one byte at a time (about 2 s), then
  # the end of the body; the reconnection gets 204, which stops the client.
  def trickling_stream
    server.script([{ "body" => [{ "write" => "data: ready\n\ndata: " },
                                { "drip" => "x" * TRICKLE_BYTES, "every_ms" => TRICKLE_EVERY_MS }] },
                   { "status" => 204 }])
  end

  # Runs a client on +url+ with +options+; returns [events, disconnects, seconds].
  def run_observed(url, **options)
    client = SSE::Client.new(url, **FAST, **options)
    disconnects = []
    client.observe_disconnect { |disconnect| disconnects << disconnect }
    started = monotonic
    events = run_client(client)
    [events, disconnects, monotonic - started]
  end

  def test_trickle_survives_a_read_timeout
    url, = trickling_stream
    events, disconnects, seconds = run_observed(url, read_timeout: 0.5)
    assert_equal ["ready"], events.map(&:data)
    assert_equal [:end], disconnects.map(&:reason), "the stream ran to its end"
    assert_operator seconds, :>=, TRICKLE_BYTES * TRICKLE_EVERY_MS / 1000.0 * 0.8
  end

  def test_trickle_is_dropped_by_an_idle_timeout
    url, = trickling_stream
    _, disconnects, seconds = run_observed(url, idle_timeout: 0.5)
    assert_equal [:idle], disconnects.map(&:reason)
    assert_equal :ETIMEDOUT, disconnects.first.code_name
    assert_operator seconds, :<, 1.5, "dropped long before the trickle ended"
  end

  def test_silence_is_a_read_timeout
    url, = server.script([{ "body" => [{ "write" => "data: ready\n\n" }, { "stall" => true }] },
                          { "status" => 204 }])
    _, disconnects, seconds = run_observed(url, read_timeout: 0.5)
    assert_equal [:read_timeout], disconnects.map(&:reason)
    assert_equal :ETIMEDOUT, disconnects.first.code_name
    assert_operator seconds, :<, 1.5
  end

  def test_read_timeout_must_be_a_non_negative_number
    assert_raises(SSE::ArgumentError) { SSE::Client.new("http://127.0.0.1/", read_timeout: -1) }
    assert_raises(SSE::ArgumentError) { SSE::Client.new("http://127.0.0.1/", read_timeout: "1") }
  end
end
