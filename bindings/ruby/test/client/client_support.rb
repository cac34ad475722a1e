# frozen_string_literal: true

require "json"
require "test_server"

# Helpers shared by the client tests. Spec rule numbers (M.., H.., P..) refer to
# docs/protocol.md.
module ClientSupport
  # Reconnect at once and without randomness, so tests run fast and deterministically.
  FAST = { reconnection_time: 0.01, jitter_percent: 0, max_backoff: 0.05 }.freeze

  # Upper bound for any client run in a test: reaching it fails the test.
  LIMIT = 20

  @server = nil
  @lock = Mutex.new

  # One plain-HTTP server for the whole suite (each test uses its own sid).
  def self.server
    @lock.synchronize do
      @server ||= SSETestServer.new.tap { |server| Minitest.after_run { server.stop } }
    end
  end

  def server
    ClientSupport.server
  end

  def monotonic
    Process.clock_gettime(Process::CLOCK_MONOTONIC)
  end

  # Drives +client+ on this thread until it closes and returns its events. A
  # watchdog closes it after +limit+ seconds, and then the test fails.
  def run_client(client, limit: LIMIT)
    timed_out = false
    watchdog = Thread.new do
      sleep limit
      timed_out = true
      client.close
    end
    events = []
    client.each_event { |event| events << event }
    flunk "the client was still running after #{limit} s" if timed_out
    events
  ensure
    watchdog&.kill
  end

  # The request log entry an {"echo": true} action wrote as an event's data.
  def echoed(event)
    JSON.parse(event.data)
  end

  # Returns the Array that +client+'s failures are appended to; on_failure answers
  # each with +decision+ (nil: the failure's default decision).
  def collect_failures(client, decision: nil)
    failures = []
    client.on_failure do |failure|
      failures << failure
      decision
    end
    failures
  end

  # A header's value in a request log entry (names compare case-insensitively).
  def logged_header(entry, name)
    pair = entry.fetch("headers").find { |key, _| key.casecmp?(name) }
    pair && pair[1]
  end

  # Starts +client+ on a new thread; returns [thread, queue] where the queue gets
  # :open when a stream opens, then each event.
  def drive_in_thread(client)
    opened = Queue.new
    client.on_open { opened << :open }
    thread = Thread.new { client.each_event { |event| opened << event } }
    thread.report_on_exception = false
    [thread, opened]
  end

  # Pops +queue+, failing the test if nothing arrives within +limit+ seconds.
  def await(queue, limit: LIMIT)
    Timeout.timeout(limit) { queue.pop }
  rescue Timeout::Error
    flunk "nothing arrived within #{limit} s"
  end

  # A script whose stream opens, sends one event, then stays open without sending
  # anything (so the client waits inside the native call).
  def stalled_stream
    server.script([{ "body" => [{ "write" => "data: ready\n\n" }, { "stall" => true }] }])
  end
end
