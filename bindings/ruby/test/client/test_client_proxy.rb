# frozen_string_literal: true

# The proxy option: the test server also acts as a forward proxy.
class TestClientProxy < Minitest::Test
  include ClientSupport

  def test_requests_go_through_the_proxy
    _, sid = server.script([{ "body" => [{ "write" => "data: proxied\n\n" }] }, { "status" => 204 }])
    target = "http://example.invalid/s/#{sid}"
    client = SSE::Client.new(target, proxy: server.base, **FAST)

    assert_equal ["proxied"], run_client(client).map(&:data)
    assert_equal [target, target], server.log(sid).map { |entry| entry.fetch("path") },
                 "absolute-URI request lines: sent to the proxy, twice (the second gets 204)"
  end
end
