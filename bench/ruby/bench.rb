# frozen_string_literal: true

# Throughput of the Ruby binding: SSE::Parser with an event block, fed a corpus
# in fixed-size chunks, counting events. Prints one line:
#   ruby events=N bytes=B seconds=S events_per_sec=X mb_per_sec=Y   (MB = 10^6 bytes)
#
# Usage (from the repository root, with the binding built in build-ruby/):
#   ruby -I build-ruby/bindings/ruby -I bindings/ruby/lib \
#        bench/ruby/bench.rb bench/out/corpus/small_events.sse [chunk_size] [runs]
# chunk_size defaults to 65536 bytes, runs to 3; the fastest run is printed. The
# corpus is read into memory first, so disk speed is not measured. bench/run starts
# this script the same way (bench/bindings.py).
require "sse"

corpus_path, chunk_arg, runs_arg = ARGV
abort "usage: ruby -I EXT_DIR -I LIB_DIR #{$PROGRAM_NAME} CORPUS_FILE [chunk_size] [runs]" unless corpus_path

chunk_size = Integer(chunk_arg || 65_536)
runs = Integer(runs_arg || 3)
abort "chunk_size and runs must be positive" unless chunk_size.positive? && runs.positive?

corpus = File.binread(corpus_path)
chunks = (0...corpus.bytesize).step(chunk_size).map { |at| corpus.byteslice(at, chunk_size) }

# One full pass over the corpus; returns [events, seconds].
def measure(chunks)
  events = 0
  parser = SSE::Parser.new { |_event| events += 1 }
  started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  chunks.each { |chunk| parser << chunk }
  parser.finish
  [events, Process.clock_gettime(Process::CLOCK_MONOTONIC) - started]
end

results = Array.new(runs) { measure(chunks) }
counts = results.map(&:first).uniq
abort "event counts differ between runs: #{counts.inspect}" unless counts.size == 1

events = counts.first
seconds = results.map(&:last).min
bytes = corpus.bytesize
printf("ruby events=%d bytes=%d seconds=%.6f events_per_sec=%.0f mb_per_sec=%.2f\n",
       events, bytes, seconds, events / seconds, bytes / seconds / 1e6)
