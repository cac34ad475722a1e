# frozen_string_literal: true

# Nothing a user receives points into C memory: events, batches and queued records
# are Ruby Strings, valid after the parser and its native object are collected.
class TestGc < Minitest::Test
  def events_from_a_dropped_parser
    parser = SSE::Parser.new
    events = parser.feed("event: kept\nid: 9\ndata: #{'p' * 100}\n\n" * 50)
    parser.feed("data: more") # the native parser overwrites its buffers
    events
  end

  def test_events_outlive_their_parser
    events = events_from_a_dropped_parser
    GC.start(full_mark: true, immediate_sweep: true)
    GC.compact if GC.respond_to?(:compact)
    50.times { SSE::Parser.new.feed("data: #{'q' * 100}\n\n") } # reuse freed memory
    GC.start
    assert_equal 50, events.size
    events.each { |e| assert_equal ["kept", "p" * 100, "9"], [e.type, e.data, e.id] }
  end

  def test_many_parsers_and_serializers_are_collected_cleanly
    2_000.times do |i|
      SSE::Parser.new(max_event_bytes: 1024).feed("data: #{i}\n\n")
      SSE.encode(data: i.to_s)
    end
    GC.start
    assert_equal ["ok"], SSE::Parser.new.feed("data: ok\n\n").map(&:data)
  end

  def test_parsing_under_gc_stress
    parser = SSE::Parser.new(comments: true)
    seen = []
    parser.on_event { |e| seen << e.data }.on_comment { |t| seen << t }
    GC.stress = true
    begin
      "data: a\n\n: c\ndata: b\n\n".each_char { |c| parser << c }
      wire = SSE.encode(data: "x", id: "1")
    ensure
      GC.stress = false
    end
    assert_equal %w[a c b], seen
    assert_equal "id: 1\ndata: x\n\n", wire
  end
end
