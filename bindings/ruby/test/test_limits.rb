# frozen_string_literal: true

# max_event_bytes: an oversized event is skipped, reported once to on_error as an
# SSE::LimitError, and parsing resumes after the next blank line (parser.h).
class TestLimits < Minitest::Test
  BIG = "data: #{'x' * 500}\n\n"

  def test_oversized_event_is_skipped_reported_and_parsing_continues
    events = []
    errors = []
    parser = SSE::Parser.new(max_event_bytes: 64) { |e| events << e.data }
    parser.on_error { |err| errors << err }
    parser << "data: before\n\n" << BIG << "data: after\n\n"

    assert_equal %w[before after], events
    assert_equal 1, errors.size
    assert_instance_of SSE::LimitError, errors[0]
    assert_equal SSE::ERROR_CODES[:ELIMIT], errors[0].code
    refute_empty errors[0].message
    assert_equal 1, parser.skipped_events
  end

  def test_oversized_event_split_over_many_feeds
    events = []
    errors = 0
    parser = SSE::Parser.new(max_event_bytes: 64) { |e| events << e.data }
    parser.on_error { errors += 1 }
    "#{BIG}data: after\n\n".each_char { |c| parser << c }

    assert_equal ["after"], events
    assert_equal 1, errors, "one report per skipped event"
  end

  def test_without_on_error_the_event_is_skipped_silently_and_counted
    parser = SSE::Parser.new(max_event_bytes: 64)
    events = parser.feed("#{BIG}#{BIG}data: ok\n\n")
    assert_equal ["ok"], events.map(&:data)
    assert_equal 2, parser.skipped_events
  end

  def test_event_at_the_default_limit_is_accepted
    data = "y" * 1_000_000
    events = SSE::Parser.new.feed("data: #{data}\n\n")
    assert_equal [data], events.map(&:data)
  end

  def test_an_error_block_may_raise_the_error
    parser = SSE::Parser.new(max_event_bytes: 64)
    parser.on_error { |err| raise err }
    assert_raises(SSE::LimitError) { parser.feed("#{BIG}data: ok\n\n") }
    assert_equal ["ok"], parser.feed("").map(&:data), "the event after the skipped one stays queued"
  end
end
