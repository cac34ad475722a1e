# frozen_string_literal: true

# What the client sends (M3, M7 step 4, H1-H3) and how before_request rebuilds it.
class TestClientRequest < Minitest::Test
  include ClientSupport

  ECHO_THEN_STOP = [{ "body" => [{ "echo" => true }] }, { "status" => 204 }].freeze

  def test_m3_post_body_and_headers_are_sent
    url, sid = server.script(ECHO_THEN_STOP)
    client = SSE::Client.new(url, method: :post, body: "a=1&b=\u00e9", user_agent: "sse-ruby-test/1",
                                  headers: { "X-Token" => "abc", "Accept-Language" => "fr" }, **FAST)
    events = run_client(client)
    entry = server.log(sid).first

    assert_equal "POST", entry.fetch("method")
    assert_equal "a=1&b=\u00e9".b.unpack1("H*"), entry.fetch("body_hex")
    assert_equal "abc", logged_header(entry, "X-Token")
    assert_equal "fr", logged_header(entry, "Accept-Language")
    assert_equal "sse-ruby-test/1", logged_header(entry, "User-Agent")
    assert_equal "text/event-stream", logged_header(entry, "Accept"), "M3: Accept"
    assert_equal "no-cache", logged_header(entry, "Cache-Control"), "M3: no-store cache mode"
    assert_nil logged_header(entry, "Last-Event-ID"), "M3: the first request has no Last-Event-ID"
    assert_equal "abc", logged_header(echoed(events.first), "X-Token"), "the echo shows the same request"
  end

  def test_h1_initial_last_event_id_is_sent_as_utf8
    url, sid = server.script(ECHO_THEN_STOP)
    client = SSE::Client.new(url, last_event_id: "41\u2026", **FAST)
    run_client(client)
    raw = logged_header(server.log(sid).first, "Last-Event-ID")
    # The server decodes header bytes as Latin-1: recover the bytes on the wire.
    assert_equal "41\u2026".b, raw.encode(Encoding::ISO_8859_1).b
  end

  def test_before_request_sets_a_header_per_attempt
    url, sid = server.script([{ "body" => [{ "echo" => true }] }, { "body" => [{ "echo" => true }] },
                              { "status" => 204 }])
    client = SSE::Client.new(url, headers: { "X-Remove-Later" => "1" }, **FAST)
    attempts = []
    client.before_request do |request|
      attempts << request.attempt
      request.headers["Authorization"] = "Bearer token-#{request.attempt}"
      request.headers.delete("X-Remove-Later") if request.attempt == 2
    end
    events = run_client(client)

    assert_equal [1, 2, 3], attempts, "called before every attempt, the first one too"
    assert_equal ["Bearer token-1", "Bearer token-2"], events.map { |e| logged_header(echoed(e), "Authorization") }
    assert_equal ["1", nil], events.map { |e| logged_header(echoed(e), "X-Remove-Later") }
    assert_nil logged_header(server.log(sid)[2], "X-Remove-Later"), "a removal lasts for later attempts"
  end

  def test_before_request_changes_method_body_and_url
    url, = server.script([{ "body" => [{ "echo" => true }] }, { "body" => [{ "echo" => true }] },
                          { "status" => 204 }])
    client = SSE::Client.new(url, **FAST)
    client.before_request do |request|
      next unless request.attempt == 2

      request.method = "PUT"
      request.body = "payload"
      request.url = "#{url}/second?x=1"
    end
    entries = run_client(client).map { |event| echoed(event) }

    assert_equal %w[GET PUT], entries.map { |e| e.fetch("method") }
    assert_equal ["", "payload"], entries.map { |e| e.fetch("body") }
    assert_equal "#{URI(url).path}/second?x=1", entries.last.fetch("path")
  end

  def test_before_request_sees_the_last_event_id_and_can_replace_it
    url, = server.script([{ "body" => [{ "write" => "id: 7\ndata: a\n\n" }] }, { "body" => [{ "echo" => true }] },
                          { "status" => 204 }])
    client = SSE::Client.new(url, **FAST)
    seen = []
    client.before_request do |request|
      seen << request.last_event_id
      request.last_event_id = "70" if request.attempt == 2
    end
    events = run_client(client)

    assert_equal ["", "7", "70"], seen
    assert_equal "70", logged_header(echoed(events.last), "Last-Event-ID")
  end

  def test_h2_empty_id_stops_sending_last_event_id
    url, sid = server.script([{ "body" => [{ "write" => "id: 5\ndata: a\n\n" }] },
                              { "body" => [{ "write" => "id\ndata: b\n\n" }] },
                              { "status" => 204 }])
    run_client(SSE::Client.new(url, **FAST))
    ids = server.log(sid).map { |entry| logged_header(entry, "Last-Event-ID") }
    assert_equal [nil, "5", nil], ids
  end
end
