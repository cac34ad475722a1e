# frozen_string_literal: true

# Clients dropped in any state are freed without crashing (M15: collecting a
# connected client aborts its fetch).
class TestClientGC < Minitest::Test
  include ClientSupport

  def test_dropped_clients_in_every_state_are_collected
    url, = stalled_stream
    # Never run.
    20.times { SSE::Client.new(url, headers: { "X" => "y" }, **FAST) }
    # Closed after running.
    run_client(SSE::Client.new(server.scenario("basic").first, **FAST))
    # Connected: external iterations left inside the stream, then abandoned. Their
    # fibers die with the clients; a Mutex held across the fiber's suspension made
    # Ruby 3.1's GC crash here (seen with MALLOC_PERTURB_, as meson sets it).
    3.times do
      enum = SSE::Client.new(url, **FAST).each_event
      assert_equal "ready", enum.next.data
      enum = nil # rubocop:disable Lint/UselessAssignment -- drop the last reference
      GC.start(full_mark: true, immediate_sweep: true)
    end
    GC.compact if GC.respond_to?(:compact)

    # Still working afterwards.
    assert_equal 2, run_client(SSE::Client.new(server.scenario("basic").first, **FAST)).size
  end
end
