# frozen_string_literal: true

require "json"
require "net/http"
require "openssl"
require "securerandom"
require "timeout"

# The shared fault-injecting server (tests/server/sse_test_server.py), run as a
# child process: it prints one JSON line with its ephemeral port and exits when its
# stdin closes. SSE_TEST_SERVER (set by meson) is the script's path.
class SSETestServer
  attr_reader :info

  def self.script
    ENV.fetch("SSE_TEST_SERVER") { File.expand_path("../../../../tests/server/sse_test_server.py", __dir__) }
  end

  def initialize(*args)
    python = ENV.fetch("SSE_PYTHON", "python3")
    @io = IO.popen([python, self.class.script, *args], "r+")
    line = Timeout.timeout(30) { @io.gets }
    raise "the test server printed nothing (#{self.class.script})" if line.nil?

    @info = JSON.parse(line)
  end

  def port
    info.fetch("port")
  end

  def base
    "#{info.fetch("scheme")}://127.0.0.1:#{port}"
  end

  # A fresh session id, so that tests never share scripts or logs.
  def self.sid
    SecureRandom.hex(8)
  end

  # URL of a named scenario of tests/data/client_scenarios.json for a new sid.
  # Returns [url, sid].
  def scenario(name)
    sid = self.class.sid
    ["#{base}/scenario/#{name}/#{sid}", sid]
  end

  # Posts +responses+ as the script of a new sid; returns [url, sid].
  def script(responses)
    sid = self.class.sid
    control(Net::HTTP::Post.new("/_script/#{sid}").tap do |post|
      post.body = JSON.generate(responses)
      post["Content-Type"] = "application/json"
    end)
    ["#{base}/s/#{sid}", sid]
  end

  # Every request the server saw for +sid+ (Array of Hashes).
  def log(sid)
    JSON.parse(control(Net::HTTP::Get.new("/_log/#{sid}")))
  end

  def stop
    return if @io.nil?

    @io.close_write
    Timeout.timeout(10) { Process.wait(@io.pid) }
  rescue Timeout::Error
    Process.kill(:KILL, @io.pid)
    Process.wait(@io.pid)
  ensure
    @io&.close
    @io = nil
  end

  private

  # Control requests go over plain HTTP or, for a TLS server, HTTPS with its CA.
  def control(request)
    http = Net::HTTP.new("127.0.0.1", port)
    if info["scheme"] == "https"
      http.use_ssl = true
      http.ca_file = info.fetch("ca")
      http.cert = OpenSSL::X509::Certificate.new(File.read(info.fetch("client_cert")))
      http.key = OpenSSL::PKey.read(File.read(info.fetch("client_key")))
    end
    http.open_timeout = http.read_timeout = 10
    response = http.start { |connection| connection.request(request) }
    raise "test server: #{request.method} #{request.path} -> #{response.code}" unless response.code == "200"

    response.body
  end
end
