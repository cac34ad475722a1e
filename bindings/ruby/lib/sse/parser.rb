# frozen_string_literal: true

module SSE
  # Incremental text/event-stream parser. Feed it the bytes of a response body in
  # chunks of any size; the result never depends on where the chunks were split.
  #
  #   parser = SSE::Parser.new(comments: true) { |event| handle(event) }
  #   parser.on_comment { |text| ... }           # needs comments: true
  #   parser.on_retry   { |ms| ... }             # "retry" field (P19)
  #   parser.on_error   { |err| ... }            # SSE::LimitError: oversized event skipped
  #   parser << chunk << chunk                   # feed; returns self
  #   parser.finish                              # end of one response body (P27)
  #
  # Without an event block, #feed and #finish return the Array of events instead.
  #
  # Blocks run in Ruby after the native parser returned, one per record, in stream
  # order. An exception raised by a block propagates out of #feed / #<< / #finish;
  # the records that were not delivered yet stay queued and are delivered first by
  # the next #feed or #finish, so no event is lost and the parser stays usable.
  #
  # A parser is not thread-safe: use one per stream (like an IO).
  class Parser
    # Read size of each_event, in bytes: large chunks cross into C rarely.
    # @return [Integer]
    DEFAULT_CHUNK_SIZE = 64 * 1024

    # Largest max_event_bytes the native layer takes (sse_binding.hpp).
    # @return [Integer]
    MAX_EVENT_BYTES_CAP = 0xFFFFFFF0

    # Parses +io+ in chunks of +chunk_size+ bytes and yields each Event; finishes
    # the stream at EOF. +options+ are those of ::new. Returns the parser (for its
    # last_event_id, retry_ms, ...), or an Enumerator when no block is given.
    # +io+ needs #readpartial (IO, StringIO, sockets) or #read(length, buffer).
    #
    # @param io [IO, StringIO, #readpartial, #read] the stream
    # @param chunk_size [Integer] bytes per read, positive
    # @param options [Hash] the keywords of ::new
    # @yieldparam event [Event] each event, in stream order
    # @return [Parser, Enumerator<Event>]
    # @raise [SSE::ArgumentError] for a chunk_size that is not a positive Integer
    def self.each_event(io, chunk_size: DEFAULT_CHUNK_SIZE, **options, &block)
      return enum_for(:each_event, io, chunk_size: chunk_size, **options) unless block
      unless chunk_size.is_a?(Integer) && chunk_size.positive?
        raise SSE::ArgumentError, "chunk_size must be a positive Integer, got #{chunk_size.inspect}"
      end

      parser = new(**options, &block)
      buffer = String.new(capacity: chunk_size, encoding: Encoding::BINARY)
      # The parser copies what it keeps, so one read buffer serves every chunk.
      parser.feed(buffer) while read_chunk(io, chunk_size, buffer)
      parser.finish
      parser
    end

    # Fills +buffer+ with the next chunk; false at end of input. readpartial
    # returns as soon as some bytes are there, so live streams are not held back.
    # @return [Boolean]
    def self.read_chunk(io, size, buffer)
      if io.respond_to?(:readpartial)
        io.readpartial(size, buffer)
        true
      else
        !io.read(size, buffer).nil?
      end
    rescue EOFError
      false
    end
    private_class_method :read_chunk

    # Options:
    # max_event_bytes:: largest event accepted (data, type, id and the current
    #                   line); larger ones are skipped and reported to on_error.
    #                   nil keeps the library default (16 MiB); values above
    #                   MAX_EVENT_BYTES_CAP (4 GiB - 16) act as that cap.
    # comments::        true to receive comment lines (on_comment).
    # last_event_id::   id to resume from (spec M11): events without an id field
    #                   report it.
    # The block, if given, receives every Event (same as #on_event).
    #
    # @param max_event_bytes [Integer, nil] see above
    # @param comments [Boolean] see above
    # @param last_event_id [String, nil] see above
    # @yieldparam event [Event] each event, in stream order
    # @raise [SSE::ArgumentError] for an id with NUL
    # @raise [TypeError] for a value of the wrong type
    def initialize(max_event_bytes: nil, comments: false, last_event_id: nil, &on_event)
      @native = Status.created(Native::Parser.new(event_limit(max_event_bytes), comments ? true : false))
      @comments = comments ? true : false
      @on_event = on_event
      @on_comment = nil
      @on_retry = nil
      @on_error = nil
      @retry_ms = nil
      @ready = [] # events collected for the caller when there is no event block
      @backlog = nil # records left undelivered when a block raised (Array)
      @delivering = false
      self.last_event_id = last_event_id unless last_event_id.nil?
    end

    # The last valid "retry" field seen: the field's own unit, milliseconds (P19).
    # @return [Integer, nil] nil before any retry field
    attr_reader :retry_ms

    # Sets the block that receives each Event, replacing any previous one.
    # @yieldparam event [Event] each event, in stream order
    # @return [self]
    def on_event(&block)
      @on_event = block
      self
    end

    # Sets the block that receives each comment's text (after ":" minus one
    # leading space, P12). The parser must be created with comments: true.
    # @yieldparam text [String] the comment, UTF-8
    # @return [self]
    # @raise [SSE::ArgumentError] when the parser was created without comments: true
    def on_comment(&block)
      raise SSE::ArgumentError, "create the parser with comments: true to receive comments" unless @comments

      @on_comment = block
      self
    end

    # Sets the block that receives each valid "retry" value, in milliseconds, as
    # soon as its line is parsed (P19). Values past 2**64-1 arrive clamped to it.
    # This is the wire field itself; SSE::Client#on_retry yields it as seconds.
    # @yieldparam milliseconds [Integer] the field's value
    # @return [self]
    def on_retry(&block)
      @on_retry = block
      self
    end

    # Sets the block that receives an SSE::Error (today always an SSE::LimitError)
    # whenever an event larger than max_event_bytes is skipped. Parsing goes on at
    # the next blank line. Without this block, skipped events are only counted
    # (#skipped_events).
    # @yieldparam error [SSE::LimitError] what was skipped and why
    # @return [self]
    def on_error(&block)
      @on_error = block
      self
    end

    # Parses the next bytes of the stream (a String, any encoding: its bytes are
    # used as they are) and delivers what they complete. Returns the Array of
    # events when there is no event block, else the number of events delivered.
    # When the native parser fails (out of memory), what it parsed before is
    # delivered first, then the error is raised.
    #
    # @param bytes [String] the next chunk, any length (even "")
    # @return [Array<Event>, Integer] the events without an event block, else their count
    # @raise [TypeError] when +bytes+ is not a String
    # @raise [SSE::BusyError] when called from one of this parser's blocks
    # @raise [SSE::MemoryError] when the library ran out of memory
    def feed(bytes)
      if @delivering
        check_bytes(bytes)
        check_not_delivering(:feed)
      end
      # nil (nothing completed), the Array of records, or false (not a String, or
      # failed); the native call checks the type, which spares the hot path a call.
      records = @native.feed_records(bytes)
      return deliver(records) if records
      # Most small reads complete nothing: answer those without a further call.
      return 0 if records.nil? && @on_event && @backlog.nil? && @ready.empty?
      return deliver(nil) if records.nil?

      feed_failed(bytes)
    end

    # Same as #feed but returns self, for chaining.
    # @param bytes [String] the next chunk
    # @return [self]
    def <<(bytes)
      feed(bytes)
      self
    end

    # Ends one response body (P27): first delivers anything still queued, then
    # drops the unfinished event; the last event ID is kept and the next bytes
    # start a new body (a leading BOM is stripped again). Returns what #feed does.
    # @return [Array<Event>, Integer] the events without an event block, else their count
    # @raise [SSE::BusyError] when called from one of this parser's blocks
    def finish
      check_not_delivering(:finish) if @delivering
      result = deliver(nil)
      Status.check(@native.finish, @native)
      result
    end

    # Back to a fresh parser: clears the last event ID, unfinished input and any
    # records still queued. Keeps options and blocks.
    # @return [self]
    # @raise [SSE::BusyError] when called from one of this parser's blocks
    def reset
      check_not_delivering(:reset)
      Status.check(@native.reset, @native)
      @backlog = nil
      @ready = []
      @retry_ms = nil
      self
    end

    # The last event ID (P21) after everything fed so far. Inside a block it can be
    # ahead of the event being handled (its records were all parsed first): use
    # Event#id there.
    # @return [String] UTF-8; "" when none
    def last_event_id
      @native.last_event_id.force_encoding(Encoding::UTF_8)
    end

    # Sets the last event ID, e.g. to resume a stream (M11). nil or "" clears it;
    # an id with NUL raises SSE::ArgumentError (such ids are ignored by P18).
    # @param id [String, nil]
    # @raise [SSE::ArgumentError] for an id with NUL
    # @raise [TypeError] when +id+ is not a String or nil
    def last_event_id=(id)
      id = "" if id.nil?
      raise TypeError, "last_event_id must be a String, got #{id.class}" unless id.is_a?(String)

      check_not_delivering(:last_event_id=)
      Status.check(@native.set_last_event_id(id), @native)
    end

    # How many oversized events were skipped so far.
    # @return [Integer]
    def skipped_events
      @native.skipped_events
    end

    # Whether the parser reports comments (created with comments: true).
    # @return [Boolean]
    def comments?
      @comments
    end

    # A copy would share the native parser with the original.
    # @raise [TypeError] always: dup and clone are refused
    def initialize_copy(_other)
      raise TypeError, "#{self.class} cannot be copied; create a new one"
    end

    # @return [String] the last event ID and whether records are queued
    def inspect
      "#<#{self.class} last_event_id=#{last_event_id.inspect} comments=#{@comments} " \
        "queued=#{!@backlog.nil? || !@ready.empty?}>"
    end

    private

    # The native parser's limit: 0 keeps the library default. Batches use 32-bit
    # lengths, so sse_binding.hpp caps the limit just below 4 GiB; larger values
    # mean the same.
    def event_limit(max_event_bytes)
      return 0 if max_event_bytes.nil?

      unless max_event_bytes.is_a?(Integer) && max_event_bytes.positive?
        raise SSE::ArgumentError, "max_event_bytes must be a positive Integer or nil, got #{max_event_bytes.inspect}"
      end

      [max_event_bytes, MAX_EVENT_BYTES_CAP].min
    end

    # #feed takes Strings only (any encoding: their bytes are used as they are).
    def check_bytes(bytes)
      raise TypeError, "expected a String, got #{bytes.class}" unless bytes.is_a?(String)
    end

    # The native feed refused +bytes+ (not a String: nothing was fed) or failed part
    # way: delivers what it parsed before the failure, then raises.
    def feed_failed(bytes)
      check_bytes(bytes)
      status = @native.last_code
      result = deliver(@native.records)
      Status.check(status, @native)
      result
    end

    # Blocks run after the native feed returned, so the C library cannot see a
    # nested call; this keeps stream order instead (as EBUSY does in C).
    def check_not_delivering(method)
      return unless @delivering

      raise SSE::BusyError, "SSE::Parser##{method} called from inside one of its own blocks"
    end

    # Hands the queued records, then +records+ (an Array from the native parser, or
    # nil for none), to the blocks. Returns the collected events without an event
    # block, else the number of events delivered.
    def deliver(records)
      if @backlog
        records = records ? @backlog.concat(records) : @backlog
        @backlog = nil
      end
      flush_ready(records) if @on_event && !@ready.empty?
      delivered = records ? dispatch(records) : 0
      return delivered if @on_event

      events = @ready
      @ready = []
      events
    end

    # Events collected while there was no event block, and not returned because a
    # comment/retry/error block raised, go to an event block set since then, ahead
    # of +records+, which stay queued if one of them raises.
    def flush_ready(records)
      events = @ready
      @ready = []
      @backlog = records
      @delivering = true
      index = 0
      begin
        while index < events.length
          index += 1
          @on_event.call(events[index - 1])
        end
      ensure
        @delivering = false
        @ready = events.drop(index)
      end
      @backlog = nil
    end

    # Calls the blocks for the decoded records (format in bindings/ruby/sse_ruby_parser.i:
    # an event is one element, any other record a nil then the record). This is the
    # hot path, hence one flat loop: +index+ moves past a record *before* its block
    # runs, so when a block raises, the ensure clause queues exactly the records that
    # were not delivered.
    def dispatch(records)
      size = records.size
      index = 0
      count = 0
      on_event = @on_event
      ready = @ready
      @delivering = true
      begin
        while index < size
          record = records[index]
          index += 1
          if record.nil?
            record = records[index]
            index += 1
            dispatch_other(record)
          else
            count += 1
            on_event ? on_event.call(record) : ready << record
          end
        end
      ensure
        @delivering = false
        @backlog = records.drop(index) if index < size
      end
      count
    end

    # A record that is not an event: comment text, retry milliseconds, or the
    # [code, message] of a skipped oversized event.
    def dispatch_other(record)
      case record
      when String then @on_comment&.call(record)
      when Integer
        @retry_ms = record
        @on_retry&.call(record)
      when Array then @on_error&.call(Error.for_code(*record))
      else raise SSE::Error, "corrupt native batch"
      end
    end
  end
end
