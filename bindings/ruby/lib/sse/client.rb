# frozen_string_literal: true

require_relative "client/network_text"
require_relative "client/options"
require_relative "client/records"
require_relative "client/batch_reader"
require_relative "client/request_editor"

module SSE
  # A reconnecting EventSource client (WHATWG processing model, spec M and H rules)
  # on libcurl.
  #
  #   client = SSE::Client.new("https://example.com/stream",
  #                            headers: { "Authorization" => "Bearer #{token}" })
  #   client.on_open { |response| puts response.status }
  #   client.on_failure { |failure| failure.kind == :status ? :stop : 5.0 }
  #   client.observe_failure { |failure| logger.warn(failure.message) }  # decides nothing
  #   client.before_request { |request| request.headers["Authorization"] = "Bearer #{fresh_token}" }
  #   client.each_event { |event| puts "#{event.type}: #{event.data}" }   # blocks
  #
  # #each_event drives the client on the calling thread (with the GVL released
  # while it waits) and returns once the client is closed: by #close from any
  # thread, by a :stop decision, by a 204 or another status that stops by default
  # (M4), or when max_attempts / max_elapsed give up. Every block runs on that
  # thread, in stream order. Leaving #each_event any other way closes the client:
  # an exception raised by a block (or by Thread#raise, Ctrl-C, Timeout)
  # propagates after closing it; Thread#kill and `break` close it too.
  class Client
    include Enumerable

    # Longest single native wait. Closing and interrupts wake the wait at once;
    # this bound only limits how long a lost wakeup could go unnoticed.
    # @return [Integer] milliseconds
    RUN_SLICE_MS = 1000

    # The values of #state, by the C API's number (M1).
    # @return [Array<Symbol>]
    STATES = %i[connecting open closed].freeze

    # Native record kinds (bindings/swig/sse_batch.hpp).
    RECORD_EVENT = Native::RECORD_EVENT
    RECORD_COMMENT = Native::RECORD_COMMENT
    RECORD_RETRY = Native::RECORD_RETRY
    RECORD_ERROR = Native::RECORD_ERROR
    RECORD_OPEN = Native::RECORD_OPEN
    RECORD_FAILURE = Native::RECORD_FAILURE
    RECORD_DISCONNECT = Native::RECORD_DISCONNECT
    RECORD_REQUEST = Native::RECORD_REQUEST
    RECORD_STATUS = Native::RECORD_STATUS
    private_constant :RECORD_EVENT, :RECORD_COMMENT, :RECORD_RETRY, :RECORD_ERROR, :RECORD_OPEN,
                     :RECORD_FAILURE, :RECORD_DISCONNECT, :RECORD_REQUEST, :RECORD_STATUS

    PAUSED = 1 # SSE_PAUSED: a policy record is waiting for its decision
    CLOSED = ERROR_CODES.fetch(:ECLOSED)
    NATIVE_ACTIONS = { reconnect: 1, stop: 2 }.freeze
    private_constant :PAUSED, :CLOSED, :NATIVE_ACTIONS

    # url:: http:// or https:// URL (String or URI). Options (nil = library default):
    # headers::            extra request headers, Hash or Array of pairs
    # method::, body::     request method (default GET) and body
    # last_event_id::      id to resume from (sent as Last-Event-ID, H1-H3)
    # user_agent::, proxy:: (default "libsse/<version>"; libcurl's proxy env vars)
    # ca_file::, client_cert::, client_key::, insecure:: TLS: trusted CAs (PEM), mutual
    #                      TLS, no verification
    # accept_encoding::    ask for gzip/deflate (default true)
    # http_version::       nil/:auto, "1.1" or "2" (HTTP/2 also over cleartext)
    # connect_timeout::    seconds (default 10; 0 = none)
    # idle_timeout::       reconnect when no event or comment arrives for this many
    #                      seconds (a dead heartbeat; Disconnect#reason :idle)
    # read_timeout::       reconnect when no byte at all arrives for this many seconds
    #                      (Disconnect#reason :read_timeout); default off
    # reconnection_time::  initial reconnection delay in seconds (default 1; the
    #                      server's retry field replaces it, M10)
    # max_backoff::, backoff_reset:: backoff cap (30 s) and the healthy time that
    #                      resets it (60 s)
    # jitter_percent::     random extra delay, at most this % (default 50)
    # max_attempts::, max_elapsed:: give up after that many consecutive failures /
    #                      seconds of failing (default never)
    # retry_statuses::     statuses that reconnect (honouring Retry-After) instead of
    #                      stopping, e.g. [429, 503]
    # max_redirects::      default 20 (M12)
    # max_event_bytes::    larger events are skipped (on_error), the connection kept
    # max_failure_body_bytes:: body bytes kept in Failure#body (default 1024)
    # comments::           true to receive comment lines (on_comment)
    # unrestricted_auth::  true to keep sending the Authorization, Cookie and
    #                      Proxy-Authorization headers given here after a redirect moved
    #                      the stream to another origin (default: not sent there)
    # Raises SSE::ArgumentError for a bad URL, header or option; nothing is sent
    # before #each_event.
    #
    # @param url [String, URI] the stream's http:// or https:// URL
    # @param options [Hash] the keywords above
    # @raise [SSE::ArgumentError] for a bad URL, header or option
    # @raise [TypeError] for a value of the wrong type
    # @raise [::ArgumentError] for an unknown keyword
    def initialize(url, **options)
      options = Options.with_defaults(options)
      config = Options.native_config(url, options)
      # No handler yet: policy records are informational and the library's default
      # applies natively; installing a handler makes its records pause (#handle).
      @native = Status.created(Native::Client.new(config))
      @comments = options[:comments] ? true : false
      @request = RequestEditor.new(@native, method: config.method.empty? ? "GET" : config.method,
                                            body: config.has_body ? config.body : nil,
                                            headers: Options.header_pairs(options[:headers]))
      @handlers = {}
      @observers = {}
      @pending = nil # decision for the policy record the native client paused on
      @driving = false # true while #each_event runs
      @driving_lock = Mutex.new # guards the check-and-set of @driving
      @closed = false # set by #close
    end

    # Drives the client and yields every SSE::Event (type, data, id) until the
    # client closes; returns self. Without a block, returns an Enumerator.
    # Raises SSE::BusyError when called from one of this client's blocks or while
    # another thread drives it.
    # @yieldparam event [Event] each event, in stream order
    # @return [self, Enumerator<Event>]
    # @raise [SSE::BusyError] when the client is already being driven
    def each_event(&block)
      return enum_for(:each_event) unless block
      start_driving
      finished = false
      begin
        drive(block)
        finished = true
      ensure
        # Any other way out (an exception, Interrupt, Timeout, Thread#kill, break,
        # throw) leaves nobody reading the stream: close it rather than let the
        # server's buffers fill.
        close unless finished
        @driving = false
      end
      self
    end
    alias each each_event

    # Handlers. Each takes a block, replaces the previous one and returns self.

    # The stream opened (M5): yields the Response, before any of its events.
    # @yieldparam response [Response]
    # @return [self]
    def on_open(&block)
      handle(:open, block)
    end

    # Yields each comment's text; needs comments: true.
    # @yieldparam text [String] UTF-8
    # @return [self]
    # @raise [SSE::ArgumentError] when the client was created without comments: true
    def on_comment(&block)
      raise SSE::ArgumentError, "create the client with comments: true to receive comments" unless @comments

      handle(:comment, block)
    end

    # Yields each valid retry field as the reconnection time it sets, in seconds
    # (Float, like every duration of the client: 50 ms arrives as 0.05). The client
    # has already adopted it (M10); Stats#reconnection_time reports the same value.
    # @yieldparam seconds [Float] the new reconnection time
    # @return [self]
    def on_retry(&block)
      handle(:retry, block)
    end

    # Yields an SSE::LimitError for every event skipped for exceeding
    # max_event_bytes; the connection is kept.
    # @yieldparam error [SSE::LimitError]
    # @return [self]
    def on_error(&block)
      handle(:error, block)
    end

    # Yields a Failure for each failed attempt. The block's value decides:
    # :reconnect (after the default delay), a Numeric (reconnect after that many
    # seconds), :stop, or anything else (nil...) for failure.default_decision.
    # @yieldparam failure [Failure]
    # @yieldreturn [:reconnect, :stop, Numeric, Decision, nil] the decision
    # @return [self]
    def on_failure(&block)
      handle(:failure, block)
    end

    # Yields a Disconnect when an open stream ends; decides like on_failure.
    # @yieldparam disconnect [Disconnect]
    # @yieldreturn [:reconnect, :stop, Numeric, Decision, nil] the decision
    # @return [self]
    def on_disconnect(&block)
      handle(:disconnect, block)
    end

    # Yields a Request before every attempt (the first one too); changes made to
    # it apply to this attempt and the next ones (e.g. a refreshed token).
    # @yieldparam request [Request]
    # @return [self]
    def before_request(&block)
      handle(:before_request, block)
    end

    # Observers: they see what happened and decide nothing. Each takes a block,
    # replaces the previous observer of its kind and returns self.

    # Yields each Failure, before on_failure if there is one. The block's value is
    # ignored: the decision stays on_failure's, or the library default
    # (failure.default_decision) without one. For logging.
    # @yieldparam failure [Failure]
    # @return [self]
    def observe_failure(&block)
      observe(:failure, block)
    end

    # Yields each Disconnect, before on_disconnect if there is one; decides nothing,
    # like observe_failure.
    # @yieldparam disconnect [Disconnect]
    # @return [self]
    def observe_disconnect(&block)
      observe(:disconnect, block)
    end

    # Drops the current connection (if any) and reconnects at once with the current
    # last event ID, e.g. after a token changed or when the stream looks stale. It
    # counts no failure, waits no reconnection delay and keeps the last event ID.
    # Safe from any thread and from the blocks. Returns self; raises SSE::Error
    # (code ECLOSED) once the client is closed.
    # @return [self]
    # @raise [SSE::Error] with code ECLOSED on a closed client
    def restart
      Status.check(@native.restart)
      self
    end

    # Closes the client for good (M9): aborts the transfer, cancels a pending
    # reconnection; #each_event returns within milliseconds. Safe from any thread
    # and from the blocks.
    # @return [self]
    def close
      @closed = true # records already received are dropped too (M9)
      @native.close
      self
    end

    # :connecting, :open or :closed (M1). Safe from any thread.
    # @return [Symbol] one of STATES
    def state
      STATES.fetch(@native.state)
    end

    # Whether the client is closed for good. Safe from any thread.
    # @return [Boolean]
    def closed?
      state == :closed
    end

    # The URL the next attempt goes to (after redirects, the final URL, M12).
    # Read it from the driving thread or its blocks.
    # @return [String] UTF-8 when valid, else binary
    def url
      NetworkText.decode(@native.url)
    end

    # The last event ID string (M11). Read it from the driving thread or its blocks.
    # @return [String] "" when none
    def last_event_id
      NetworkText.decode(@native.last_event_id)
    end

    # The counters. Safe from any thread.
    # @return [Stats]
    def stats
      last_ms = @native.last_event_unix_ms
      Stats.new(state, @native.attempts, @native.reconnects, @native.failures, @native.events,
                @native.bytes, @native.skipped_events, last_ms.positive? ? Time.at(last_ms / 1000r) : nil,
                @native.retry_ms / 1000.0, @native.current_delay_ms / 1000.0)
    end

    # A copy would share the native client with the original.
    # @raise [TypeError] always: dup and clone are refused
    def initialize_copy(_other)
      raise TypeError, "#{self.class} cannot be copied; create a new one"
    end

    # @return [String] the class and #state
    def inspect
      "#<#{self.class} state=#{state}>"
    end

    private

    # Installs a handler; failure, disconnect and before_request handlers answer their
    # records, so from now on the native client pauses there for Ruby to decide.
    def handle(name, block)
      register(@handlers, name, block)
      @native.set_pauses(@handlers.key?(:failure), @handlers.key?(:disconnect),
                         @handlers.key?(:before_request))
      self
    end

    def observe(name, block)
      register(@observers, name, block)
    end

    # Stores +block+ under +name+ in +table+ (handlers or observers); returns self.
    def register(table, name, block)
      raise ::ArgumentError, "a block is required" unless block

      table[name] = block
      self
    end

    # Marks the client as driven, or raises SSE::BusyError. The Mutex is held only
    # for the check-and-set: a Mutex still locked by an abandoned Enumerator's fiber
    # crashes Ruby 3.1's GC when both are collected.
    def start_driving
      @driving_lock.synchronize do
        raise SSE::BusyError, "SSE::Client#each_event is already running" if @driving

        @driving = true
      end
    end

    def drive(on_event)
      loop do
        return if deliver(BatchReader.new(@native.run_nogvl(RUN_SLICE_MS)), on_event) == :closed
      end
    end

    # Hands the batch's records to the blocks in order. Returns :closed once the
    # native client reports it is closed, or at once after #close (M9: what was
    # already received is dropped).
    def deliver(reader, on_event)
      until reader.done?
        return :closed if @closed || deliver_record(reader.u8, reader, on_event) == :closed
      end
    end

    def deliver_record(kind, reader, on_event)
      case kind
      when RECORD_EVENT then on_event.call(reader.event)
      when RECORD_COMMENT then call(:comment, reader.utf8)
      when RECORD_RETRY then call(:retry, reader.u64 / 1000.0)
      when RECORD_ERROR then skipped(reader.i32, reader.text)
      when RECORD_OPEN then call(:open, reader.response)
      when RECORD_FAILURE then @pending = decide(:failure, reader.failure)
      when RECORD_DISCONNECT then @pending = decide(:disconnect, reader.disconnect)
      when RECORD_REQUEST then prepare_request(reader.u64)
      when RECORD_STATUS then status(reader.i32)
      else raise SSE::Error, "corrupt native batch: record kind #{kind.inspect}"
      end
    end

    def call(name, value)
      handler = @handlers[name]
      handler&.call(value)
    end

    def skipped(code, message)
      call(:error, Error.for_code(code, message))
    end

    def prepare_request(attempt)
      @pending = nil
      handler = @handlers[:before_request]
      @request.edit(attempt, &handler) if handler
    end

    # The Decision for a Failure or Disconnect: the handler's, else the default. The
    # observer sees it first and has no say.
    def decide(name, info)
      @observers[name]&.call(info)
      default = info.default_decision
      handler = @handlers[name]
      return default unless handler

      choice = handler.call(info)
      case choice
      when :stop then Decision.new(:stop, default.delay, default.gave_up)
      when :reconnect then Decision.new(:reconnect, default_delay(default), default.gave_up)
      when Numeric then Decision.new(:reconnect, Options.milliseconds(choice, :delay) / 1000.0, default.gave_up)
      when Decision then choice
      else default
      end
    end

    # A stop default may carry no delay: reconnecting then waits the reconnection time.
    def default_delay(default)
      return default.delay if default.action == :reconnect || default.delay.positive?

      @native.retry_ms / 1000.0
    end

    # STATUS, the last record of a run: returns :closed when the client closed.
    def status(code)
      return if code.zero?
      return :closed if code == CLOSED
      return apply_pending if code == PAUSED

      Status.check(code, @native)
    end

    def apply_pending
      decision = @pending
      @pending = nil
      return if decision.nil? # before_request: the request is already rebuilt

      action = NATIVE_ACTIONS.fetch(decision.action) do
        raise SSE::ArgumentError, "decision action must be :reconnect or :stop, got #{decision.action.inspect}"
      end
      # A close or restart that replaced the decision meanwhile is not an error
      # (the native decide reports nothing left to decide as success).
      Status.check(@native.decide(action, [Options.milliseconds(decision.delay, :delay), 0].max), @native)
    end
  end
end
