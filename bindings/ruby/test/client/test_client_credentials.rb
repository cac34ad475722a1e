# frozen_string_literal: true

# Credentials stay with the configured origin (issue 7): after origin A redirected
# the stream to origin B (another loopback port), the reconnections go straight to
# B (the final URL, M12) without the caller's Authorization and Cookie, unless
# unrestricted_auth: true.
class TestClientCredentials < Minitest::Test
  include ClientSupport

  CREDENTIALS = { "Authorization" => "Bearer secret", "Cookie" => "session=1" }.freeze

  # The requests origin B saw: the redirected one, a reconnection after the stream
  # ended, and one more that gets 204 and stops the client.
  def requests_at_the_other_origin(before_request: nil, **options)
    other = SSETestServer.new
    url_b, sid_b = other.script([{ "body" => [{ "echo" => true }] }, { "body" => [{ "echo" => true }] },
                                 { "status" => 204 }])
    url_a, = server.script([{ "status" => 307, "headers" => [["Location", url_b]], "framing" => "length" }])
    client = SSE::Client.new(url_a, headers: CREDENTIALS, **FAST, **options)
    client.before_request(&before_request) if before_request
    run_client(client)
    other.log(sid_b)
  ensure
    other&.stop
  end

  def test_credentials_are_not_sent_to_another_origin
    log = requests_at_the_other_origin
    assert_equal 3, log.size
    log.each_with_index do |entry, index|
      assert_nil logged_header(entry, "Authorization"), "request #{index}"
      assert_nil logged_header(entry, "Cookie"), "request #{index}"
    end
  end

  # The redirect hop itself follows libcurl's rule; the reconnections go to the URL
  # the block set, whose origin is then the configured one.
  def test_a_url_assigned_in_before_request_receives_them
    log = requests_at_the_other_origin(before_request: ->(request) { request.url = request.url })
    assert_equal 3, log.size
    assert_nil logged_header(log[0], "Authorization"), "the redirected request"
    log.drop(1).each_with_index do |entry, index|
      assert_equal "Bearer secret", logged_header(entry, "Authorization"), "reconnection #{index}"
      assert_equal "session=1", logged_header(entry, "Cookie"), "reconnection #{index}"
    end
  end

  def test_unrestricted_auth_sends_them_there
    log = requests_at_the_other_origin(unrestricted_auth: true)
    assert_equal 3, log.size
    log.each_with_index do |entry, index|
      assert_equal "Bearer secret", logged_header(entry, "Authorization"), "request #{index}"
      assert_equal "session=1", logged_header(entry, "Cookie"), "request #{index}"
    end
  end
end
