# frozen_string_literal: true

# Throughput of the Ruby binding's client: SSE::Client reading one stream from
# bench/c/stream_server.c. Each run drives a new client with #each_event until the
# server's final `event: end` (the cue every benchmark client stops on: the block
# closes the client there), counting events and touching their data. Timed: from
# SSE::Client.new to the end event. Prints the fastest of `runs` (default 3):
#   ruby-client events=N bytes=B seconds=S events_per_sec=X mb_per_sec=Y   (MB = 10^6 bytes)
#
# Usage (from the repository root, with the binding built in BUILD/):
#   ruby -I BUILD/bindings/ruby -I bindings/ruby/lib bench/ruby/bench_client.rb URL [runs]
require "sse"

url, runs_arg = ARGV
abort "usage: ruby -I EXT_DIR -I LIB_DIR #{$PROGRAM_NAME} URL [runs]" unless url
runs = Integer(runs_arg || 3)
abort "runs must be positive" unless runs.positive?

# One run; returns [events, data_bytes, body_bytes, seconds].
def measure(url)
  events = 0
  data_bytes = 0
  saw_end = false
  ended_early = false
  started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  client = SSE::Client.new(url, jitter_percent: 0, accept_encoding: false, http_version: "1.1")
  # The body ended or the attempt failed before the end event: stop (and fail below).
  client.on_disconnect { ended_early = true; :stop }
  client.on_failure { ended_early = true; :stop }
  seconds = nil
  client.each_event do |event|
    if event.type == "end"
      seconds = Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
      saw_end = true
      client.close
    else
      events += 1
      data_bytes += event.data.bytesize
    end
  end
  abort "the run ended before the end event" if ended_early || !saw_end
  [events, data_bytes, client.stats.bytes, seconds]
end

results = Array.new(runs) { measure(url) }
counts = results.map { |r| r.take(3) }.uniq
abort "runs disagree: #{counts.inspect}" unless counts.size == 1

events, _data_bytes, bytes = counts.first
seconds = results.map(&:last).min
printf("ruby-client events=%d bytes=%d seconds=%.6f events_per_sec=%.0f mb_per_sec=%.1f\n",
       events, bytes, seconds, events / seconds, bytes / seconds / 1e6)
