# frozen_string_literal: true

require "sse_native"

require_relative "sse/errors"
require_relative "sse/event"
require_relative "sse/parser"
require_relative "sse/encoder"
require_relative "sse/client"

# libsse for Ruby: parse and write Server-Sent Events (text/event-stream), and
# receive them with a reconnecting client.
#
#   require "sse"
#   parser = SSE::Parser.new { |event| puts "#{event.type}: #{event.data}" }
#   parser << "data: hello\n\n"
#   SSE.encode(data: "hi", event: "greeting", id: "1")  # => "event: greeting\nid: 1\ndata: hi\n\n"
#   SSE::Client.new("https://example.com/stream").each_event { |event| p event }
#
# Everything here sits on the native extension sse_native.so (SSE::Native, built by
# SWIG from bindings/ruby/sse_ruby.i), which users never need to call directly.
module SSE
  # Version of the libsse C library the extension is linked against at run time
  # (e.g. "1.3.0"); the gem's own version is the library version it was built for.
  VERSION = Native.version_string.force_encoding(Encoding::UTF_8).freeze

  # Reads +io+ to its end and yields every event in it (see Parser.each_event).
  #
  # @param io [IO, StringIO, #readpartial, #read] the stream, e.g. a response body
  # @param options [Hash] the keywords of Parser.new and Parser.each_event
  # @yieldparam event [Event] each event, in stream order
  # @return [Parser, Enumerator<Event>] the parser that read +io+, or an Enumerator
  #   over the events without a block
  # @example
  #   SSE.each_event(io).lazy.select { |event| event.type == "tick" }.first(10)
  def self.each_event(io, **options, &block)
    return enum_for(:each_event, io, **options) unless block

    Parser.each_event(io, **options, &block)
  end
end
