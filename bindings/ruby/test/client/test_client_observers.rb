# frozen_string_literal: true

# observe_failure / observe_disconnect (issue 7): they see every failure and
# disconnect and leave the decision alone.
class TestClientObservers < Minitest::Test
  include ClientSupport

  def test_observe_failure_sees_each_failure_and_the_default_decides
    url, sid = server.script([{ "status" => 503 }, { "status" => 503 }, { "status" => 204 }])
    client = SSE::Client.new(url, retry_statuses: [503], **FAST)
    seen = []
    client.observe_failure do |failure|
      seen << failure
      :stop # ignored: observers do not decide
    end
    run_client(client)
    assert_equal [503, 503, 204], seen.map(&:status)
    assert_equal %i[reconnect reconnect stop], seen.map { |failure| failure.default_decision.action }
    assert_equal 3, server.log(sid).size, "the default reconnected after each 503"
    assert_equal 3, client.stats.failures
  end

  def test_observe_disconnect_sees_each_disconnect_and_the_default_decides
    url, sid = server.script([{ "body" => [{ "write" => "data: a\n\n" }] },
                              { "body" => [{ "write" => "data: b\n\n" }] }, { "status" => 204 }])
    client = SSE::Client.new(url, **FAST)
    seen = []
    client.observe_disconnect do |disconnect|
      seen << disconnect
      :stop
    end
    assert_equal %w[a b], run_client(client).map(&:data)
    assert_equal %i[end end], seen.map(&:reason)
    assert_equal [1, 1], seen.map(&:events)
    assert_equal 3, server.log(sid).size
  end

  def test_the_observer_runs_before_the_deciding_handler
    url, sid = server.script([{ "status" => 503 }])
    client = SSE::Client.new(url, retry_statuses: [503], **FAST)
    order = []
    client.observe_failure { order << :observer }
    client.on_failure do
      order << :handler
      :stop
    end
    run_client(client)
    assert_equal %i[observer handler], order
    assert_equal 1, server.log(sid).size, "the handler's :stop decided"
  end

  def test_observers_need_a_block
    client = SSE::Client.new("http://127.0.0.1/")
    assert_raises(::ArgumentError) { client.observe_failure }
    assert_raises(::ArgumentError) { client.observe_disconnect }
  end
end
