# frozen_string_literal: true

# Exact wire output of SSE.encode, SSE.comment, SSE.keepalive and SSE::Encoder (S8).
class TestEncode < Minitest::Test
  def test_data_only
    assert_equal "data: hello\n\n", SSE.encode(data: "hello")
  end

  def test_all_fields_in_library_order
    assert_equal "retry: 3000\nevent: update\nid: 7\ndata: {\"a\":1}\n\n",
                 SSE.encode(data: '{"a":1}', event: "update", id: "7", retry: 3000)
  end

  def test_data_is_split_at_every_line_break
    assert_equal "data: a\ndata: b\ndata: c\ndata: d\n\n", SSE.encode(data: "a\nb\rc\r\nd")
    assert_equal "data: a\ndata:\n\n", SSE.encode(data: "a\n")
    assert_equal "data:\n\n", SSE.encode(data: "")
  end

  def test_leading_space_in_a_value_survives
    wire = SSE.encode(data: " x", id: " i")
    assert_equal "id:  i\ndata:  x\n\n", wire
    event = SSE::Parser.new.feed(wire).fetch(0)
    assert_equal [" x", " i"], [event.data, event.id]
  end

  def test_empty_id_resets_and_nil_id_is_omitted
    assert_equal "id:\ndata: x\n\n", SSE.encode(data: "x", id: "")
    assert_equal "data: x\n\n", SSE.encode(data: "x", id: nil)
  end

  def test_empty_or_nil_type_writes_no_event_line
    assert_equal "data: x\n\n", SSE.encode(data: "x", event: "")
    assert_equal "event: tick\ndata: x\n\n", SSE.encode(data: "x", event: :tick)
  end

  def test_retry_alone_is_one_line
    assert_equal "retry: 0\n", SSE.encode(data: nil, retry: 0)
  end

  def test_an_event_without_data_still_ends_with_a_blank_line
    assert_equal "id: 5\n\n", SSE.encode(data: nil, id: "5") # sets the id, dispatches nothing (P21, P22)
  end

  def test_nothing_to_encode_is_an_argument_error
    assert_raises(SSE::ArgumentError) { SSE.encode(data: nil) }
  end

  def test_comment_and_keepalive
    assert_equal ": hi\n", SSE.comment("hi")
    assert_equal ": a\n: b\n", SSE.comment("a\nb")
    assert_equal ":\n", SSE.comment("")
    assert_equal ":\n", SSE.keepalive
  end

  def test_encoder_writes_and_flushes_every_piece
    io = FlushCounter.new
    encoder = SSE::Encoder.new(io)
    result = encoder.event(data: "a", id: "1").comment("c").keepalive.retry(50)
    assert_same encoder, result
    assert_equal "id: 1\ndata: a\n\n: c\n:\nretry: 50\n", io.string
    assert_equal 4, io.flushes
  end

  def test_encoder_without_flush
    io = FlushCounter.new
    SSE::Encoder.new(io, flush: false).event(data: "a")
    assert_nil io.flushes
  end

  def test_encoder_appends_parsed_events
    io = StringIO.new
    SSE::Encoder.new(io) << SSE::Event.new("message", "d", "") << SSE::Event.new("t", "e", "9")
    assert_equal "id:\ndata: d\n\nevent: t\nid: 9\ndata: e\n\n", io.string
  end

  class FlushCounter < StringIO
    attr_reader :flushes

    def flush
      @flushes = flushes.to_i + 1
      self
    end
  end
end
