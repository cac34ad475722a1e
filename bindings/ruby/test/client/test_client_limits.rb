# frozen_string_literal: true

# Hostile or odd bodies: oversized events (skipped, connection kept) and bytes that
# are not UTF-8 (P1, P2).
class TestClientLimits < Minitest::Test
  include ClientSupport

  def test_oversized_event_is_skipped_and_the_connection_kept
    url, sid = server.scenario("oversized")
    client = SSE::Client.new(url, max_event_bytes: 1 << 20, **FAST)
    log = []
    client.on_error { |error| log << error }
    client.on_disconnect { |disconnect| log << disconnect.reason }
    client.each_event { |event| log << event.data }

    assert_equal 3, log.size
    assert_kind_of SSE::LimitError, log[0]
    assert_equal SSE::ERROR_CODES[:ELIMIT], log[0].code
    assert_equal ["small", :end], log[1..], "the next event arrives on the same connection"
    assert_equal 1, client.stats.skipped_events
    assert_equal 2, server.log(sid).size
  end

  def test_p2_garbage_bytes_do_not_break_the_stream
    url, = server.scenario("garbage")
    events = run_client(SSE::Client.new(url, **FAST))
    assert_equal ["ok"], events.map(&:data)
    assert events.first.data.valid_encoding?
  end

  def test_p1_invalid_utf8_in_data_becomes_replacement_characters
    url, = server.script([{ "body" => [{ "write_hex" => "646174613a2061ff620a0a" }] }, { "status" => 204 }])
    events = run_client(SSE::Client.new(url, **FAST))
    assert_equal ["a\uFFFDb"], events.map(&:data)
  end

  def test_nul_bytes_in_data_are_kept
    url, = server.script([{ "body" => [{ "write_hex" => "646174613a20610062" "0a0a" }] }, { "status" => 204 }])
    assert_equal ["a\0b"], run_client(SSE::Client.new(url, **FAST)).map(&:data)
  end
end
