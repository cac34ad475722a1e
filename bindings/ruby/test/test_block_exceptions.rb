# frozen_string_literal: true

# A block that raises: the exception leaves feed/<</finish, the records not yet
# delivered stay queued and come first on the next call, and nothing is lost.
class TestBlockExceptions < Minitest::Test
  class Boom < StandardError; end

  FIVE = (1..5).map { |i| "id: #{i}\ndata: #{i}\n\n" }.join

  # A parser whose event block raises once, on the event with data +fail_on+.
  def flaky_parser(fail_on, **options)
    seen = []
    failed = false
    parser = SSE::Parser.new(**options) do |event|
      if event.data == fail_on && !failed
        failed = true
        raise Boom, "block failed on #{event.data}"
      end
      seen << event.data
    end
    [parser, seen]
  end

  def test_exception_surfaces_from_feed_and_no_event_is_lost
    parser, seen = flaky_parser("2")
    assert_raises(Boom) { parser.feed(FIVE) }
    assert_equal ["1"], seen

    parser.feed("data: 6\n\n")
    assert_equal %w[1 3 4 5 6], seen, "queued events first, then the new ones, in order"
  end

  def test_queued_events_are_delivered_by_an_empty_feed_and_by_finish
    parser, seen = flaky_parser("3")
    assert_raises(Boom) { parser << FIVE }
    parser.feed("")
    assert_equal %w[1 2 4 5], seen

    parser, seen = flaky_parser("1")
    assert_raises(Boom) { parser << FIVE }
    parser.finish
    assert_equal %w[2 3 4 5], seen
  end

  def test_raising_again_while_the_queue_drains_keeps_the_rest
    seen = []
    fail_once = %w[2 4]
    parser = SSE::Parser.new do |event|
      raise Boom if fail_once.delete(event.data)

      seen << event.data
    end
    assert_raises(Boom) { parser << FIVE }
    assert_raises(Boom) { parser << "data: 6\n\n" } # drains 3, fails on 4
    parser.finish
    assert_equal %w[1 3 5 6], seen
  end

  def test_last_event_id_and_bytes_fed_after_a_failure_are_kept
    parser, seen = flaky_parser("3")
    assert_raises(Boom) { parser << FIVE.chop } # event 5 lacks its blank line
    assert_equal "4", parser.last_event_id, "the native parser already went past event 4"
    parser << "\n" # delivers the queued 4, then completes 5
    assert_equal %w[1 2 4 5], seen
    assert_equal "5", parser.last_event_id
  end

  def test_comment_and_retry_blocks_that_raise_keep_the_events
    parser = SSE::Parser.new(comments: true)
    calls = 0
    parser.on_retry { (calls += 1) == 1 ? raise(Boom) : nil }
    assert_raises(Boom) { parser.feed("data: a\n\nretry: 5\ndata: b\n\n") }
    assert_equal %w[a b], parser.feed("").map(&:data), "events collected before the raise are returned later"
    assert_equal 5, parser.retry_ms
  end

  def test_events_collected_without_a_block_go_to_a_block_set_later
    parser = SSE::Parser.new(comments: true)
    parser.on_comment { raise Boom }
    assert_raises(Boom) { parser.feed("data: a\n\n: note\ndata: b\n\n") }
    seen = []
    parser.on_event { |e| seen << e.data }
    parser.feed("data: c\n\n")
    assert_equal %w[a b c], seen
  end

  def test_raising_while_earlier_collected_events_are_handed_over_keeps_all
    parser = SSE::Parser.new(comments: true)
    parser.on_comment { raise Boom }
    assert_raises(Boom) { parser.feed("data: a\n\ndata: b\n\n: note\n") }
    seen = []
    fail_once = ["a"]
    parser.on_event { |e| fail_once.delete(e.data) ? raise(Boom) : seen << e.data }
    assert_raises(Boom) { parser.feed("data: c\n\n") }
    parser.finish
    assert_equal %w[b c], seen
  end

  # Every record kind queued behind a raising block comes back in stream order.
  def test_records_of_every_kind_left_by_a_raise_keep_their_order
    log = []
    failed = false
    parser = SSE::Parser.new(max_event_bytes: 32, comments: true) do |event|
      if event.data == "a" && !failed
        failed = true
        raise Boom
      end
      log << [:event, event.data]
    end
    parser.on_comment { |text| log << [:comment, text] }
    parser.on_retry { |ms| log << [:retry, ms] }
    parser.on_error { |error| log << [:error, error.class] }
    stream = "data: a\n\n: c1\nretry: 7\ndata: #{'x' * 40}\n\ndata: b\n\n"
    assert_raises(Boom) { parser << stream }
    assert_empty log
    parser << ": c2\n"
    assert_equal [[:comment, "c1"], [:retry, 7], [:error, SSE::LimitError], [:event, "b"],
                  [:comment, "c2"]], log
  end

  def test_throw_out_of_a_block_also_keeps_the_queue
    seen = []
    parser = SSE::Parser.new { |e| e.data == "2" ? throw(:stop) : seen << e.data }
    catch(:stop) { parser << FIVE }
    parser.on_event { |e| seen << e.data }
    parser.finish
    assert_equal %w[1 3 4 5], seen
  end

  def test_reset_drops_the_queue
    parser, seen = flaky_parser("1")
    assert_raises(Boom) { parser << FIVE }
    parser.reset
    parser.finish
    assert_empty seen
    assert_equal "", parser.last_event_id
  end
end
