# frozen_string_literal: true

module SSE
  class Client
    # Reads the records of one native client batch (format in
    # bindings/swig/sse_batch.hpp: little-endian, u32-prefixed strings). Each read
    # moves past what it returns.
    class BatchReader
      FAILURE_KINDS = { 1 => :network, 2 => :tls, 3 => :redirects, 4 => :no_content,
                        5 => :status, 6 => :content_type }.freeze
      DISCONNECT_REASONS = { 1 => :end, 2 => :network, 3 => :idle, 4 => :read_timeout }.freeze
      ACTIONS = { 1 => :reconnect, 2 => :stop }.freeze
      HTTP_VERSIONS = { 10 => "1.0", 11 => "1.1", 20 => "2", 30 => "3" }.freeze

      def initialize(batch)
        @batch = batch.force_encoding(Encoding::BINARY)
        @pos = 0
      end

      def done?
        @pos >= @batch.bytesize
      end

      def u8
        value = @batch.getbyte(@pos)
        @pos += 1
        value
      end

      def i32
        fixed("l<", 4)
      end

      def u32
        fixed("V", 4)
      end

      def u64
        fixed("Q<", 8)
      end

      def i64
        fixed("q<", 8)
      end

      # A string, binary.
      def bytes
        length = u32
        value = @batch.byteslice(@pos, length)
        raise SSE::Error, "corrupt native batch: string past the end" if value.nil? || value.bytesize != length

        @pos += length
        value
      end

      # A string the library guarantees to be UTF-8 (parser output).
      def utf8
        bytes.force_encoding(Encoding::UTF_8)
      end

      # A string from the network (URL, header, message): see NetworkText.
      def text
        NetworkText.decode(bytes)
      end

      def event
        Event.new(utf8, utf8, utf8)
      end

      # OPEN's response, and FAILURE's when it has one (then followed by the body).
      def response(with_body: false)
        status = i32
        version = i32
        url = text
        content_type = text
        headers = Array.new(u32) { [text, text] }
        body = with_body ? bytes : "".b
        Response.new(status, HTTP_VERSIONS.fetch(version, version.to_s), url, content_type, headers, body)
      end

      def decision
        action = i32
        delay_ms = u64
        Decision.new(ACTIONS.fetch(action, action), delay_ms / 1000.0, u8 == 1)
      end

      def failure
        kind = i32
        code = i32
        message = text
        attempt = u64
        retry_after_ms = i64
        response = u8 == 1 ? response(with_body: true) : nil
        retry_after = retry_after_ms.negative? ? nil : retry_after_ms / 1000.0
        Failure.new(FAILURE_KINDS.fetch(kind, kind), code, message, attempt, retry_after, response, decision)
      end

      def disconnect
        reason = i32
        code = i32
        message = text
        connected_ms = u64
        events = u64
        Disconnect.new(DISCONNECT_REASONS.fetch(reason, reason), code, message, connected_ms / 1000.0, events, decision)
      end

      private

      # A fixed-size number: +directive+ is its String#unpack1 format, +size+ its bytes.
      def fixed(directive, size)
        value = @batch.unpack1(directive, offset: @pos)
        @pos += size
        value
      end
    end
    private_constant :BatchReader
  end
end
