# frozen_string_literal: true

module SSE
  # Returns the wire form of one event (spec S8), a UTF-8 String:
  #
  #   SSE.encode(data: "a\nb", event: "update", id: "7")
  #   # => "event: update\nid: 7\ndata: a\ndata: b\n\n"
  #
  # data::  String; one "data:" line per line (split at CR, LF, CRLF). nil writes
  #         no data line, and clients then dispatch nothing (P22). With data,
  #         event and id all nil, retry is required (else SSE::ArgumentError).
  # event:: type (String or Symbol); nil or "" writes no "event:" line ("message").
  # id::    nil writes no "id:" line; "" writes "id:", which resets the client's
  #         last event ID.
  # retry:: Integer milliseconds, written first as "retry: N" (P19).
  #
  # Raises SSE::FieldError (code EFIELD) for CR or LF in event or id, NUL in id, or
  # invalid UTF-8; nothing is written then. Strings in other encodings are
  # transcoded to UTF-8; binary (ASCII-8BIT) Strings must hold UTF-8 bytes.
  #
  # @param data [String, nil] the event's data
  # @param event [String, Symbol, nil] the event type
  # @param id [String, nil] the event ID
  # @param retry [Integer, nil] the retry field, milliseconds (the wire's unit)
  # @return [String] the event's lines, UTF-8
  # @raise [SSE::FieldError] for a value that would corrupt the stream
  # @raise [SSE::ArgumentError] for a retry out of range, or nothing to write
  # @raise [TypeError] for a value of the wrong type
  def self.encode(data:, event: nil, id: nil, retry: nil)
    retry_ms = Wire.retry_value(binding.local_variable_get(:retry))
    data = Wire.utf8(data, :data)
    event = Wire.utf8(event.is_a?(Symbol) ? event.to_s : event, :event)
    id = Wire.utf8(id, :id)
    no_event = data.nil? && event.nil? && id.nil?
    raise SSE::ArgumentError, "SSE.encode needs data:, event:, id: or retry:" if no_event && retry_ms.nil?

    Wire.produce do |native|
      Status.check(native.retry(retry_ms), native) unless retry_ms.nil?
      # A retry alone is a line of its own, not an (empty) event.
      Status.check(native.event(data, !data.nil?, event, id, !id.nil?), native) unless no_event
    end
  end

  # Returns comment lines for +text+ (": text\n" per line; "" gives ":\n"). Clients
  # ignore comments (P12); servers send them to keep connections open (S4).
  # @param text [String] the comment; CR, LF and CRLF start new comment lines
  # @return [String] the comment lines, UTF-8
  # @raise [TypeError] when +text+ is not a String
  # @raise [SSE::FieldError] for text that is not valid UTF-8
  def self.comment(text)
    text = Wire.utf8(text, :text)
    raise TypeError, "comment text must be a String, got nil" if text.nil?

    Wire.produce { |native| Status.check(native.comment(text), native) }
  end

  # Returns ":\n", the shortest keep-alive comment (S4).
  # @return [String]
  def self.keepalive
    Wire.produce { |native| Status.check(native.keepalive, native) }
  end

  # Writes events to an IO-like object (anything with #write, e.g. a socket or a
  # Rack streaming body), flushing after each write when it can (S5).
  #
  #   encoder = SSE::Encoder.new($stdout)
  #   encoder.event(data: "hello", id: "1").keepalive
  class Encoder
    # @return [#write] the IO-like object written to
    attr_reader :io

    # @param io [#write] where to write, e.g. a socket
    # @param flush [Boolean] call io.flush after every write (if io responds to it)
    # @raise [TypeError] when +io+ does not respond to #write
    def initialize(io, flush: true)
      raise TypeError, "#{io.class} does not respond to #write" unless io.respond_to?(:write)

      @io = io
      @flush = flush && io.respond_to?(:flush)
    end

    # Writes one event.
    # @param fields [Hash] the keywords of SSE.encode (data:, event:, id:, retry:)
    # @return [self]
    # @raise [SSE::Error, TypeError] as SSE.encode; nothing is written then
    def event(**fields)
      write(SSE.encode(**fields))
    end

    # Writes an SSE::Event (type "message" writes no "event:" line). Its id is
    # always written, as the parser reports one for every event.
    # @param event [Event] e.g. one the parser produced
    # @return [self]
    def <<(event)
      type = event.type == "message" ? nil : event.type
      write(SSE.encode(data: event.data, event: type, id: event.id))
    end

    # Writes comment lines (see SSE.comment).
    # @param text [String]
    # @return [self]
    def comment(text)
      write(SSE.comment(text))
    end

    # Writes ":\n".
    # @return [self]
    def keepalive
      write(SSE.keepalive)
    end

    # Writes "retry: N".
    # @param milliseconds [Integer] the retry field's value (the wire's unit)
    # @return [self]
    def retry(milliseconds)
      write(SSE.encode(data: nil, retry: milliseconds))
    end

    private

    def write(bytes)
      @io.write(bytes)
      @io.flush if @flush
      self
    end
  end

  # Argument checks and the native serializer behind SSE.encode & co.
  # @api private
  module Wire
    # The encoding of everything the serializer writes.
    UTF8 = ::Encoding::UTF_8
    # Encodings whose bytes go to the library as they are: it validates UTF-8.
    PASSTHROUGH = [::Encoding::UTF_8, ::Encoding::BINARY, ::Encoding::US_ASCII].freeze
    # The retry values the C serializer takes (a uint64_t of milliseconds).
    RETRY_RANGE = (0..(2**64) - 1).freeze

    module_function

    # +value+ as a String of UTF-8 bytes, or nil.
    # @param value [String, nil]
    # @param field [Symbol] its name, for the error message
    # @return [String, nil]
    def utf8(value, field)
      return nil if value.nil?
      raise TypeError, "#{field} must be a String, got #{value.class}" unless value.is_a?(String)
      return value if PASSTHROUGH.include?(value.encoding)

      value.encode(UTF8)
    rescue EncodingError => e
      raise SSE::FieldError, "#{field} cannot be converted to UTF-8: #{e.message}"
    end

    # Checks a retry field value.
    # @param milliseconds [Integer, nil]
    # @return [Integer, nil] +milliseconds+
    def retry_value(milliseconds)
      return nil if milliseconds.nil?
      raise TypeError, "retry must be an Integer, got #{milliseconds.class}" unless milliseconds.is_a?(Integer)
      unless RETRY_RANGE.cover?(milliseconds)
        raise SSE::ArgumentError, "retry must be between 0 and 2**64-1 milliseconds, got #{milliseconds}"
      end

      milliseconds
    end

    # Yields this fiber's native serializer and returns what the block wrote. One
    # serializer per fiber: nothing can interleave with its calls, and none is
    # allocated per event.
    # @yieldparam native [Native::Serializer]
    # @return [String] UTF-8
    def produce
      native = (Thread.current[:__sse_native_serializer] ||= Status.created(Native::Serializer.new))
      begin
        yield native
      rescue Exception # rubocop:disable Lint/RescueException
        native.take # drop a partial write (e.g. the retry line) before re-raising
        raise
      end
      native.take.force_encoding(UTF8)
    end
  end
  private_constant :Wire
end
