# frozen_string_literal: true

require_relative "vector_file"
require_relative "recorder"

# Every case of the shared vectors (tests/data/vectors.txt), fed whole and one byte
# at a time: the records must match exactly, in order, and so must the last event
# ID after finish (P10: the result cannot depend on how the bytes were split).
class TestVectors < Minitest::Test
  VECTORS = VectorFile.load

  def test_vector_file_has_cases
    assert_operator VECTORS.size, :>=, 2, "no cases read from #{VectorFile.path}"
    assert_equal VECTORS.size, VECTORS.map(&:name).uniq.size, "case names must be unique"
  end

  VECTORS.each do |vector|
    { "whole" => nil, "byte_by_byte" => 1 }.each do |mode, chunk|
      define_method("test_vector_#{vector.name}_#{mode}") do
        recorder = Recorder.new(last_event_id: vector.seed, **vector.options)
        log = recorder.run(vector.input, chunk: chunk || vector.input.bytesize)
        assert_equal vector.expected, log, "records of #{vector.name} (rules #{vector.rules.join(' ')})"
        assert_equal vector.last_id, recorder.parser.last_event_id, "last_id of #{vector.name}"
      end
    end
  end

  # The same cases through the Enumerator API with 1-byte reads: only the events.
  VECTORS.each do |vector|
    define_method("test_vector_#{vector.name}_each_event") do
      io = StringIO.new(vector.input)
      events = SSE.each_event(io, chunk_size: 1, last_event_id: vector.seed, **vector.options)
                  .map { |e| [:event, e.type, e.data, e.id] }
      assert_equal vector.expected.select { |r| r[0] == :event }, events
    end
  end
end
