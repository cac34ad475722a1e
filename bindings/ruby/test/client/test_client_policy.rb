# frozen_string_literal: true

# Policy handlers deciding after failures and disconnects (M7 step 3 "may wait
# longer", M8), and exceptions raised by user code.
class TestClientPolicy < Minitest::Test
  include ClientSupport

  def test_m8_disconnect_handler_stop_closes_without_reconnecting
    url, sid = server.scenario("basic")
    client = SSE::Client.new(url, **FAST)
    client.on_disconnect { :stop }
    assert_equal 2, run_client(client).size
    assert client.closed?
    assert_equal 1, server.log(sid).size
  end

  def test_failure_handler_custom_delay_overrides_retry_after
    url, = server.scenario("unavailable-retry-after")
    client = SSE::Client.new(url, retry_statuses: [503], **FAST)
    failed_at = opened_at = nil
    client.on_failure do |failure|
      failed_at ||= monotonic
      failure.status == 503 ? 0.05 : nil
    end
    client.on_open { opened_at = monotonic }

    assert_equal ["recovered"], run_client(client).map(&:data)
    assert_operator opened_at - failed_at, :<, 0.9, "0.05 s instead of Retry-After's 1 s"
  end

  def test_failure_handler_delay_is_waited
    url, = server.script([{ "status" => 500, "framing" => "length", "body" => [] },
                          { "body" => [{ "write" => "data: ok\n\n" }] }, { "status" => 204 }])
    client = SSE::Client.new(url, **FAST)
    failed_at = opened_at = nil
    client.on_failure do |failure|
      next :stop unless failure.status == 500

      failed_at = monotonic
      0.3
    end
    client.on_open { opened_at = monotonic }

    assert_equal ["ok"], run_client(client).map(&:data), "reconnects although 500 stops by default"
    assert_operator opened_at - failed_at, :>=, 0.28
  end

  def test_failure_handler_reconnect_symbol_overrides_a_stop_default
    url, sid = server.script([{ "status" => 500, "framing" => "length", "body" => [] },
                              { "body" => [{ "write" => "data: ok\n\n" }] }, { "status" => 204 }])
    client = SSE::Client.new(url, **FAST)
    client.on_failure { |failure| failure.status == 500 ? :reconnect : nil }
    assert_equal ["ok"], run_client(client).map(&:data)
    assert_equal 3, server.log(sid).size
  end

  def test_disconnect_handler_delay_is_waited
    url, = server.scenario("basic")
    client = SSE::Client.new(url, **FAST)
    ended_at = nil
    failed_at = nil
    client.on_disconnect do
      ended_at = monotonic
      0.25
    end
    client.on_failure do
      failed_at = monotonic
      nil
    end
    run_client(client)
    assert_operator failed_at - ended_at, :>=, 0.23
  end

  def test_exception_in_event_block_surfaces_and_closes
    url, = server.scenario("basic")
    client = SSE::Client.new(url, **FAST)
    error = assert_raises(RuntimeError) { client.each_event { |event| raise "boom #{event.data}" } }
    assert_equal "boom hello", error.message
    assert client.closed?
    assert_empty run_client(client), "a closed client delivers nothing more (M9)"
  end

  def test_exceptions_in_handlers_surface_and_close
    %i[on_open on_failure on_disconnect before_request].each do |handler|
      url, = server.scenario("basic")
      client = SSE::Client.new(url, **FAST)
      client.public_send(handler) { raise ArgumentError, "from #{handler}" }
      error = assert_raises(ArgumentError, handler) { client.each_event { nil } }
      assert_equal "from #{handler}", error.message
      assert client.closed?, "#{handler}: closed"
    end
  end

  def test_each_event_from_inside_a_handler_is_busy
    url, = server.scenario("basic")
    client = SSE::Client.new(url, **FAST)
    client.on_open { client.each_event { nil } }
    assert_raises(SSE::BusyError) { client.each_event { nil } }
  end

  def test_close_from_a_handler_stops_at_once
    url, sid = server.scenario("basic")
    client = SSE::Client.new(url, **FAST)
    client.on_open { client.close }
    assert_empty run_client(client), "M9: events already received are dropped, none is delivered"
    assert client.closed?
    assert_equal 1, server.log(sid).size
  end
end
