# frozen_string_literal: true

require "timeout"

# SSE.each_event / SSE::Parser.each_event read an IO in chunks and yield events;
# without a block they return an Enumerator.
class TestEachEvent < Minitest::Test
  STREAM = "retry: 10\nid: 1\ndata: one\n\nevent: two\ndata: 2a\ndata: 2b\n\ndata: unfinished"

  def test_returns_an_enumerator_over_a_stringio
    enum = SSE.each_event(StringIO.new(STREAM))
    assert_instance_of Enumerator, enum
    assert_equal [%w[message one 1], ["two", "2a\n2b", "1"]], enum.map { |e| [e.type, e.data, e.id] }
  end

  def test_block_form_returns_the_finished_parser
    seen = []
    parser = SSE::Parser.each_event(StringIO.new(STREAM)) { |e| seen << e.data }
    assert_equal ["one", "2a\n2b"], seen, "the unterminated block is dropped at EOF (P27)"
    assert_instance_of SSE::Parser, parser
    assert_equal "1", parser.last_event_id
    assert_equal 10, parser.retry_ms
  end

  def test_chunk_size_does_not_change_the_result
    expected = SSE.each_event(StringIO.new(STREAM)).to_a
    [1, 2, 3, 7, 64].each do |size|
      assert_equal expected, SSE.each_event(StringIO.new(STREAM), chunk_size: size).to_a, "chunk_size #{size}"
    end
  end

  def test_external_enumeration_and_lazy
    enum = SSE.each_event(StringIO.new(STREAM), chunk_size: 4)
    assert_equal "one", enum.next.data
    assert_equal "2a\n2b", enum.next.data
    assert_raises(StopIteration) { enum.next }
    lazy = SSE.each_event(StringIO.new("data: a\n\n" * 1000)).lazy.map(&:data).first(2)
    assert_equal %w[a a], lazy
  end

  def test_parser_options_are_passed_through
    io = StringIO.new("data: #{'x' * 200}\n\ndata: ok\n\n")
    enum = SSE::Parser.each_event(io, max_event_bytes: 64, last_event_id: "seed")
    assert_equal [%w[ok seed]], enum.map { |e| [e.data, e.id] }
  end

  def test_reads_a_pipe_as_the_bytes_arrive
    reader, writer = IO.pipe
    seen = Queue.new
    consumer = Thread.new { SSE.each_event(reader) { |e| seen << e.data } }
    writer.write("data: first\n\n")
    assert_equal "first", Timeout.timeout(5) { seen.pop }, "delivered before EOF (readpartial)"
    writer.write("data: second\n\n")
    writer.close
    consumer.join(5) or flunk("consumer did not finish")
    assert_equal "second", seen.pop
  ensure
    consumer&.kill # a failing run must not leave a reader blocked on the pipe
    writer&.close unless writer.nil? || writer.closed?
    reader&.close
  end

  # Anything with read(length, buffer) works too, e.g. a Zlib reader or a wrapper.
  class ReadOnly
    def initialize(bytes) = @io = StringIO.new(bytes)
    def read(length, buffer) = @io.read(length, buffer)
  end

  def test_reads_objects_that_only_have_read
    assert_equal ["one", "2a\n2b"], SSE.each_event(ReadOnly.new(STREAM), chunk_size: 5).map(&:data)
  end
end
