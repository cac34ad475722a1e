# frozen_string_literal: true

module SSE
  class Client
    # Reads the records of one native client batch (format in
    # bindings/swig/sse_batch.hpp: little-endian, u32-prefixed strings). Each read
    # moves past what it returns.
    # @api private
    class BatchReader
      # Failure#kind by the C API's sse_failure_kind.
      FAILURE_KINDS = { 1 => :network, 2 => :tls, 3 => :redirects, 4 => :no_content,
                        5 => :status, 6 => :content_type }.freeze
      # Disconnect#reason by the C API's sse_disconnect_reason.
      DISCONNECT_REASONS = { 1 => :end, 2 => :network, 3 => :idle, 4 => :read_timeout }.freeze
      # Decision#action by the C API's sse_client_action.
      ACTIONS = { 1 => :reconnect, 2 => :stop }.freeze
      # Response#http_version by the C API's number (11 for HTTP/1.1).
      HTTP_VERSIONS = { 10 => "1.0", 11 => "1.1", 20 => "2", 30 => "3" }.freeze

      # @param batch [String] the bytes the native client returned
      def initialize(batch)
        @batch = batch.force_encoding(Encoding::BINARY)
        @pos = 0
      end

      # @return [Boolean] whether every record was read
      def done?
        @pos >= @batch.bytesize
      end

      # @return [Integer] the next byte
      def u8
        value = @batch.getbyte(@pos)
        @pos += 1
        value
      end

      # @return [Integer] the next signed 32-bit number
      def i32
        fixed("l<", 4)
      end

      # @return [Integer] the next unsigned 32-bit number
      def u32
        fixed("V", 4)
      end

      # @return [Integer] the next unsigned 64-bit number
      def u64
        fixed("Q<", 8)
      end

      # @return [Integer] the next signed 64-bit number
      def i64
        fixed("q<", 8)
      end

      # A string, binary.
      # @return [String]
      # @raise [SSE::Error] when the batch is cut short
      def bytes
        length = u32
        value = @batch.byteslice(@pos, length)
        raise SSE::Error, "corrupt native batch: string past the end" if value.nil? || value.bytesize != length

        @pos += length
        value
      end

      # A string the library guarantees to be UTF-8 (parser output).
      # @return [String]
      def utf8
        bytes.force_encoding(Encoding::UTF_8)
      end

      # A string from the network (URL, header, message): see NetworkText.
      # @return [String]
      def text
        NetworkText.decode(bytes)
      end

      # An EVENT record's body.
      # @return [Event]
      def event
        Event.new(utf8, utf8, utf8)
      end

      # OPEN's response, and FAILURE's when it has one (then followed by the body).
      # @param with_body [Boolean] whether the body follows
      # @return [Response]
      def response(with_body: false)
        status = i32
        version = i32
        url = text
        content_type = text
        headers = Array.new(u32) { [text, text] }
        body = with_body ? bytes : "".b
        Response.new(status, HTTP_VERSIONS.fetch(version, version.to_s), url, content_type, headers, body)
      end

      # The default decision that ends FAILURE and DISCONNECT records.
      # @return [Decision]
      def decision
        action = i32
        delay_ms = u64
        Decision.new(ACTIONS.fetch(action, action), delay_ms / 1000.0, u8 == 1)
      end

      # A FAILURE record's body.
      # @return [Failure]
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

      # A DISCONNECT record's body.
      # @return [Disconnect]
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
