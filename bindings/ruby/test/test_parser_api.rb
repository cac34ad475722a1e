# frozen_string_literal: true

# The Parser surface: return values, blocks, finish/reset and the last event ID.
class TestParserApi < Minitest::Test
  def test_feed_without_event_block_returns_the_events
    parser = SSE::Parser.new
    events = parser.feed("id: 1\ndata: a\n\ndata: b\n\n")
    assert_equal [SSE::Event.new("message", "a", "1"), SSE::Event.new("message", "b", "1")], events
    assert_equal [], parser.feed("data: partial")
  end

  def test_feed_with_event_block_returns_the_count
    seen = []
    parser = SSE::Parser.new { |e| seen << e }
    assert_equal 2, parser.feed("data: a\n\ndata: b\n\n")
    assert_equal 0, parser.feed("")
    assert_equal 2, seen.size
  end

  def test_shovel_returns_self_and_chains
    seen = []
    parser = SSE::Parser.new.on_event { |e| seen << e.data }
    assert_same parser, parser << "data: a\n" << "\n"
    assert_equal ["a"], seen
  end

  # Each field is a String of its own that the caller may change.
  def test_event_fields_are_unfrozen_and_independent
    first, second = SSE::Parser.new.feed("data: d\n\ndata: d\n\n")
    first.type << "!"
    first.data << "!"
    first.id << "!"
    assert_equal SSE::Event.new("message!", "d!", "!"), first
    assert_equal SSE::Event.new("message", "d", ""), second
  end

  def test_event_to_h
    event = SSE::Parser.new.feed("event: e\nid: i\ndata: d\n\n").first
    assert_equal({ type: "e", data: "d", id: "i" }, event.to_h)
  end

  def test_comment_and_retry_blocks
    parser = SSE::Parser.new(comments: true)
    log = []
    parser.on_comment { |t| log << [:comment, t] }.on_retry { |ms| log << [:retry, ms] }
    parser.feed(": one\n:two\n:\nretry: 250\nretry: x\n\n")
    assert_equal [[:comment, "one"], [:comment, "two"], [:comment, ""], [:retry, 250]], log
    assert_equal 250, parser.retry_ms
  end

  def test_comments_are_not_reported_unless_asked
    refute_predicate SSE::Parser.new, :comments?
    assert_predicate SSE::Parser.new(comments: true), :comments?
  end

  def test_huge_retry_is_clamped
    parser = SSE::Parser.new
    parser.feed("retry: 99999999999999999999999\n")
    assert_equal 2**64 - 1, parser.retry_ms # P19 note (b): clamp, never wrap
  end

  def test_finish_drops_the_pending_event_and_keeps_the_id
    parser = SSE::Parser.new
    parser.feed("id: 1\ndata: a\n\nid: 2\ndata: b\n")
    assert_equal [], parser.finish
    assert_equal "1", parser.last_event_id # P27: the unfinished block's id never applies
    assert_equal [%w[c 1]], parser.feed("data: c\n\n").map { |e| [e.data, e.id] } # M11
  end

  def test_reset_forgets_everything
    parser = SSE::Parser.new(last_event_id: "seed")
    parser.feed("retry: 5\ndata: pending")
    parser.reset
    assert_equal "", parser.last_event_id
    assert_nil parser.retry_ms
    assert_equal [["x", ""]], parser.feed("\ndata: x\n\n").map { |e| [e.data, e.id] }
  end

  def test_last_event_id_setter
    parser = SSE::Parser.new
    parser.last_event_id = "resume-7"
    assert_equal "resume-7", parser.last_event_id
    assert_equal ["resume-7"], parser.feed("data: x\n\n").map(&:id)
    parser.last_event_id = nil
    assert_equal "", parser.last_event_id
  end

  def test_block_given_to_new_is_the_event_block
    seen = []
    SSE::Parser.new { |e| seen << e.data }.feed("data: z\n\n")
    assert_equal ["z"], seen
  end

  def test_input_string_is_not_modified_and_can_be_reused
    buffer = +"data: a"
    parser = SSE::Parser.new
    parser.feed(buffer)
    assert_equal "data: a", buffer
    buffer.replace("\n\n")
    assert_equal ["a"], parser.feed(buffer).map(&:data)
  end

  def test_frozen_input_is_accepted
    assert_equal ["f"], SSE::Parser.new.feed("data: f\n\n").map(&:data)
  end

  def test_parser_cannot_be_copied
    assert_raises(TypeError) { SSE::Parser.new.dup }
    assert_raises(TypeError) { SSE::Parser.new.clone }
  end

  def test_version
    assert_match(/\A\d+\.\d+\.\d+/, SSE::VERSION)
  end
end
