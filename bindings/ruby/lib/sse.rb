# frozen_string_literal: true

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
require "sse_native"

require_relative "sse/errors"
require_relative "sse/event"
require_relative "sse/parser"
require_relative "sse/encoder"
require_relative "sse/client"

module SSE
  # Version of the libsse C library the extension is linked against ("1.0.0").
  VERSION = Native.version_string.force_encoding(Encoding::UTF_8).freeze

  # Yields every event read from +io+ (see Parser.each_event); without a block,
  # returns an Enumerator.
  def self.each_event(io, **options, &block)
    return enum_for(:each_event, io, **options) unless block

    Parser.each_event(io, **options, &block)
  end
end
