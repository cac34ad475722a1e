# frozen_string_literal: true

# A program that uses the installed libsse gem, the way an application would: plain
# `require "sse"` (no -I), and everything it prints is compared with expected.txt.
require "sse"
require "socket"

# The gem, not a checkout, must have provided the extension.
native = $LOADED_FEATURES.grep(%r{/sse_native\.so\z}).first
abort "sse_native.so loaded from #{native.inspect}, not from GEM_HOME" unless native&.start_with?(ENV.fetch("GEM_HOME"))
puts "version #{SSE::VERSION}"

# Parse a stream fed in two chunks split inside a field.
parser = SSE::Parser.new
events = parser.feed("event: tick\ndata: 1\nda") + parser.feed("ta: 2\nid: 7\n\ndata: no type\n\n")
events.each { |event| puts "event #{event.type}: #{event.data.inspect} (id #{event.id})" }

# Encode an event and parse it back.
wire = SSE.encode(data: "hello\nworld", event: "greeting", id: "1")
SSE::Parser.new.feed(wire).each { |event| puts "encoded #{event.type}: #{event.data.inspect} (id #{event.id})" }

# Client round trip against a server of our own on an ephemeral port: the first
# response sets a short retry and an id, then ends; the client reconnects with
# Last-Event-ID, gets one more event, reconnects again and a 204 stops it (M4).
responses = [
  "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n" \
  "retry: 50\nid: 1\ndata: first\n\n",
  "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n" \
  "data: second\n\n",
  "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
]
server = TCPServer.new("127.0.0.1", 0)
requests = []
serving = Thread.new do
  responses.each do |response|
    socket = server.accept
    head = +""
    head << socket.readpartial(4096) until head.include?("\r\n\r\n")
    requests << head
    socket.write(response)
    socket.close
  end
end

client = SSE::Client.new("http://127.0.0.1:#{server.addr[1]}/stream")
client.on_retry { |seconds| puts "retry #{seconds.inspect} s" }
watchdog = Thread.new { sleep 30; client.close } # a hung round trip fails the diff, not the test runner
client.each_event { |event| puts "client #{event.type}: #{event.data.inspect} (id #{event.id})" }
watchdog.kill
serving.join(5)

requests.each_with_index do |head, index|
  id = head[/^last-event-id: *([^\r]*)/i, 1]
  puts "request #{index + 1}: #{head[/\A\S+ \S+/]} Last-Event-ID #{id.inspect}"
end
puts "client #{client.state}, #{client.stats.events} events"
