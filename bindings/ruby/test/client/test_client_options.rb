# frozen_string_literal: true

# Construction-time checks (M2: a bad URL fails before anything is fetched) and
# option handling.
class TestClientOptions < Minitest::Test
  include ClientSupport

  def test_m2_bad_urls_raise
    ["ftp://127.0.0.1/", "not a url", ""].each do |url|
      assert_raises(SSE::ArgumentError, url) { SSE::Client.new(url) }
    end
  end

  # Issue 7: URLs libcurl cannot parse are refused when set, not retried forever.
  def test_malformed_urls_raise
    ["http://[", "http://127.0.0.1:99999/", "http://host:port:1/"].each do |url|
      error = assert_raises(SSE::ArgumentError, url) { SSE::Client.new(url) }
      assert_equal :EINVAL, error.code_name
      assert_match(/url/i, error.message, "the library's message")
    end
  end

  def test_header_values_that_would_split_the_request_raise
    assert_raises(SSE::ArgumentError) { SSE::Client.new("http://127.0.0.1/", headers: { "X" => "a\r\nB: c" }) }
    assert_raises(SSE::ArgumentError) { SSE::Client.new("http://127.0.0.1/", headers: { "X" => "a\0b" }) }
    assert_raises(SSE::ArgumentError) { SSE::Client.new("http://127.0.0.1/", last_event_id: "a\nb") }
  end

  def test_bad_option_values_raise
    url = "http://127.0.0.1/"
    assert_raises(::ArgumentError) { SSE::Client.new(url, reconnect_time: 1) }
    assert_raises(SSE::ArgumentError) { SSE::Client.new(url, idle_timeout: -1) }
    assert_raises(SSE::ArgumentError) { SSE::Client.new(url, connect_timeout: Float::NAN) }
    assert_raises(SSE::ArgumentError) { SSE::Client.new(url, jitter_percent: 1.5) }
    assert_raises(SSE::ArgumentError) { SSE::Client.new(url, http_version: "0.9") }
    assert_raises(SSE::ArgumentError) { SSE::Client.new(url, retry_statuses: ["503"]) }
    assert_raises(TypeError) { SSE::Client.new(url, body: 42) }
  end

  def test_on_comment_needs_comments_true
    client = SSE::Client.new("http://127.0.0.1/")
    assert_raises(SSE::ArgumentError) { client.on_comment { nil } }
  end

  def test_fresh_client_state_and_stats
    client = SSE::Client.new("http://127.0.0.1:1/x")
    assert_equal :connecting, client.state
    assert_equal "http://127.0.0.1:1/x", client.url
    assert_equal "", client.last_event_id
    stats = client.stats
    assert_equal [0, 0, 0, 0], [stats.attempts, stats.failures, stats.events, stats.bytes]
    assert_nil stats.last_event_at
    assert_in_delta 1.0, stats.reconnection_time, 1e-9, "the library default"
  end

  def test_uri_objects_are_accepted
    url, = server.scenario("basic")
    assert_equal 2, run_client(SSE::Client.new(URI(url), **FAST)).size
  end

  def test_accept_encoding_can_be_turned_off
    url, sid = server.script([{ "body" => [{ "echo" => true }] }, { "status" => 204 }])
    run_client(SSE::Client.new(url, accept_encoding: false, **FAST))
    encoding = logged_header(server.log(sid).first, "Accept-Encoding")
    assert(encoding.nil? || encoding == "identity", encoding.inspect)

    url, sid = server.script([{ "body" => [{ "echo" => true }] }, { "status" => 204 }])
    run_client(SSE::Client.new(url, **FAST))
    assert_match(/gzip/, logged_header(server.log(sid).first, "Accept-Encoding"))
  end

  def test_copying_a_client_is_refused
    assert_raises(TypeError) { SSE::Client.new("http://127.0.0.1/").dup }
  end
end
