# frozen_string_literal: true

# Client#restart (issue 7): from any thread, drops the connection and reconnects at
# once with the last event ID, counting no failure.
class TestClientRestart < Minitest::Test
  include ClientSupport

  def test_restart_from_another_thread_reconnects_with_the_last_event_id
    url, sid = server.script([{ "body" => [{ "write" => "id: 7\ndata: ready\n\n" }, { "stall" => true }] }])
    client = SSE::Client.new(url, **FAST)
    failures = []
    disconnects = []
    client.observe_failure { |failure| failures << failure }
    client.observe_disconnect { |disconnect| disconnects << disconnect }
    thread, queue = drive_in_thread(client)
    assert_equal :open, await(queue)
    assert_equal "ready", await(queue).data

    assert_same client, client.restart # this thread does not drive the client
    assert_equal :open, await(queue), "a second stream opened"
    assert_equal "ready", await(queue).data
    client.close
    refute_nil thread.join(LIMIT)

    log = server.log(sid)
    assert_equal 2, log.size
    assert_nil logged_header(log[0], "Last-Event-ID")
    assert_equal "7", logged_header(log[1], "Last-Event-ID")
    assert_empty failures
    assert_empty disconnects, "a restart is no disconnect"
    assert_equal 0, client.stats.failures
  end

  def test_restart_of_a_closed_client_raises
    client = SSE::Client.new("http://127.0.0.1:9/")
    client.close
    error = assert_raises(SSE::Error) { client.restart }
    assert_equal :ECLOSED, error.code_name
    refute_empty error.message
  end
end
