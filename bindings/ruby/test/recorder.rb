# frozen_string_literal: true

# A parser that logs every record it delivers, in the order the blocks ran, in the
# same shape as VectorFile::Case#expected.
class Recorder
  attr_reader :parser, :log

  def initialize(**options)
    @log = []
    @parser = SSE::Parser.new(comments: true, **options) { |e| @log << [:event, e.type, e.data, e.id] }
    @parser.on_comment { |text| @log << [:comment, text] }
    @parser.on_retry { |ms| @log << [:retry, ms] }
    @parser.on_error { |err| @log << [:error, err.code] }
  end

  # Feeds +bytes+ in chunks of +chunk+ bytes, then finishes; returns the log.
  def run(bytes, chunk: bytes.bytesize)
    chunk = 1 if chunk < 1
    (0...bytes.bytesize).step(chunk) { |at| @parser << bytes.byteslice(at, chunk) }
    @parser.finish
    @log
  end
end
