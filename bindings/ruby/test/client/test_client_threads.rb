# frozen_string_literal: true

require "rbconfig"

# Stopping a client that waits inside the native call (M9), and the GVL being
# released while it waits.
class TestClientThreads < Minitest::Test
  include ClientSupport

  # Stopping must be prompt: well under this bound even on a loaded machine.
  PROMPT = 1.0

  # A client driving the stalled stream on a new thread, returned as
  # [client, thread] once its stream is open (it then waits in the native call).
  def streaming_on_a_thread
    url, = stalled_stream
    client = SSE::Client.new(url, **FAST)
    thread, opened = drive_in_thread(client)
    await(opened)
    [client, thread]
  rescue Minitest::Assertion, StandardError
    client&.close # the stream never opened: do not leave the thread running
    thread&.join(LIMIT)
    raise
  end

  def test_m9_close_from_another_thread_is_prompt
    client, thread = streaming_on_a_thread
    started = monotonic
    client.close
    refute_nil thread.join(LIMIT), "each_event returned"
    elapsed = monotonic - started

    assert_operator elapsed, :<, PROMPT
    assert client.closed?
    assert_same client, thread.value
  end

  def test_other_threads_run_while_the_client_waits
    url, = stalled_stream
    client = SSE::Client.new(url, **FAST)
    ticks = 0
    # A Queue, not Thread.stop + wakeup: a wakeup that came before the ticker
    # stopped was lost, and the ticker then slept forever (seen under ASan).
    opened = Queue.new
    ticker = Thread.new do
      opened.pop # until the stream is open and the driving thread waits in C
      deadline = monotonic + 0.3
      ticks += 1 while monotonic < deadline
      client.close
    end
    client.on_open { opened << true }
    started = monotonic
    run_client(client)

    # Holding the GVL in the native wait would starve the ticker until the wait
    # (RUN_SLICE_MS) ended, leaving it a handful of ticks at most.
    assert_operator ticks, :>, 10_000
    assert_operator monotonic - started, :<, 0.3 + PROMPT
    ticker.join
  end

  def test_thread_kill_returns_promptly_and_closes
    client, thread = streaming_on_a_thread
    started = monotonic
    thread.kill
    refute_nil thread.join(LIMIT)

    assert_operator monotonic - started, :<, PROMPT
    assert client.closed?, "Thread#kill closes the client"
  end

  def test_thread_raise_interrupt_stops_and_propagates
    client, thread = streaming_on_a_thread
    started = monotonic
    thread.raise(Interrupt)
    assert_raises(Interrupt) { thread.join(LIMIT) }

    assert_operator monotonic - started, :<, PROMPT
    assert client.closed?
  end

  def test_timeout_stops_a_waiting_client
    url, = stalled_stream
    client = SSE::Client.new(url, **FAST)
    started = monotonic
    assert_raises(Timeout::Error) { Timeout.timeout(0.3) { client.each_event { nil } } }
    assert_operator monotonic - started, :<, 0.3 + PROMPT
    assert client.closed?
  end

  def test_each_event_on_a_second_thread_is_busy
    client, thread = streaming_on_a_thread
    assert_raises(SSE::BusyError) { client.each_event { nil } }
  ensure
    client&.close
    thread&.join(LIMIT)
  end

  def test_stats_from_another_thread_while_running
    url, = stalled_stream
    client = SSE::Client.new(url, **FAST)
    thread, queue = drive_in_thread(client)
    assert_equal :open, await(queue)
    assert_equal "ready", await(queue).data
    stats = client.stats
    assert_equal :open, stats.state
    assert_equal 1, stats.events
    assert_equal 1, stats.attempts
  ensure
    client&.close
    thread&.join(LIMIT)
  end

  # Ctrl-C: SIGINT to a process whose main thread waits in the client.
  def test_sigint_interrupts_a_waiting_client
    url, = stalled_stream
    script = <<~RUBY
      require "sse"
      client = SSE::Client.new(ARGV[0])
      client.on_open { $stdout.puts("open"); $stdout.flush }
      begin
        client.each_event { nil }
      rescue Interrupt
        puts client.closed? ? "interrupted closed" : "interrupted open"
        exit 3
      end
    RUBY
    # The child loads the same binding: the load path entries holding sse.rb and the extension.
    dirs = $LOAD_PATH.select { |dir| File.exist?(File.join(dir, "sse.rb")) || !Dir.glob(File.join(dir, "sse_native.*")).empty? }
    ruby = [RbConfig.ruby, *dirs.flat_map { |dir| ["-I", dir] }, "-e", script, url]
    IO.popen(ruby, "r") do |child|
      assert_equal "open\n", Timeout.timeout(LIMIT) { child.gets }
      started = monotonic
      Process.kill(:INT, child.pid)
      assert_equal "interrupted closed\n", Timeout.timeout(LIMIT) { child.gets }
      Process.wait(child.pid)
      assert_operator monotonic - started, :<, PROMPT
      assert_equal 3, $?.exitstatus
    end
  end
end
