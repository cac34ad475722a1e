# frozen_string_literal: true

module SSE
  class Client
    # A received HTTP response (the final one after redirects): what on_open gets,
    # and Failure#response. +http_version+ is "1.0", "1.1", "2" or "3"; +headers+
    # an Array of [name, value] in arrival order; +body+ the start of a failed
    # response's body (binary String), "" for an opened stream.
    Response = Struct.new(:status, :http_version, :url, :content_type, :headers, :body) do
      # The first value of header +name+ (case-insensitive), or nil.
      # @param name [String, Symbol]
      # @return [String, nil]
      def header(name)
        name = name.to_s.downcase
        pair = headers.find { |key, _| key.downcase == name }
        pair && pair[1]
      end
    end

    # What happens after a failure or a disconnect: +action+ :reconnect or :stop,
    # +delay+ in seconds (Float) before reconnecting, +gave_up+ true when the
    # library's default is :stop because max_attempts / max_elapsed was reached.
    Decision = Struct.new(:action, :delay, :gave_up)

    # A failed connection attempt (on_failure).
    # kind::        :network, :tls, :redirects, :no_content (204), :status, :content_type
    # code::        the C error code (SSE::ERROR_CODES: EIO, ETIMEDOUT, EPROTO)
    # message::     detail (libcurl's text, or the status)
    # attempt::     consecutive failed attempts, this one included
    # retry_after:: the response's Retry-After in seconds (Float), or nil
    # response::    the Response, or nil when none arrived (network, TLS)
    # default_decision:: what the library does unless the handler decides otherwise
    Failure = Struct.new(:kind, :code, :message, :attempt, :retry_after, :response, :default_decision) do
      # The response's status, or nil when no response arrived.
      # @return [Integer, nil]
      def status
        response&.status
      end

      # The response's headers ([[name, value], ...]); [] without a response.
      # @return [Array<Array(String, String)>]
      def headers
        response ? response.headers : []
      end

      # The first bytes of the response body (binary), or nil.
      # @return [String, nil]
      def body
        response&.body
      end

      # The name of +code+ (:EIO, :ETIMEDOUT, :EPROTO).
      # @return [Symbol, nil]
      def code_name
        ERROR_CODES.key(code)
      end
    end

    # The end of an open stream (on_disconnect).
    # reason::         :end (clean end of the body), :network (dropped), :idle (idle_timeout:
    #                  no event or comment), :read_timeout (read_timeout: no byte at all)
    # code::           0 for :end, else the C error code (EIO, ETIMEDOUT)
    # message::        detail
    # connected_time:: seconds the stream was open (Float)
    # events::         events delivered on that connection
    # default_decision:: as in Failure
    Disconnect = Struct.new(:reason, :code, :message, :connected_time, :events, :default_decision) do
      # The name of +code+ (nil for 0, else :EIO or :ETIMEDOUT).
      # @return [Symbol, nil]
      def code_name
        ERROR_CODES.key(code)
      end
    end

    # Counters (Client#stats). Times are seconds (Float); +last_event_at+ a Time or nil;
    # +reconnection_time+ the delay in effect (the server's retry, or the option);
    # +current_delay+ the delay of the pending or last reconnection.
    Stats = Struct.new(:state, :attempts, :reconnects, :failures, :events, :bytes,
                       :skipped_events, :last_event_at, :reconnection_time, :current_delay)

    # The next request, given to before_request before every attempt. Change any
    # attribute (or the +headers+ Hash in place) and the attempt uses it, and so do
    # the later ones. +url+ starts as the URL the attempt goes to: after a redirect
    # chain, its final URL (spec M12). Assigning +url+, even the same URL, makes it
    # the configured URL, whose origin receives the Authorization and Cookie headers
    # (after a redirect to another origin they are not sent there otherwise).
    class Request
      # @return [Integer] the attempt's number, 1 for the first
      attr_reader :attempt
      # @return [Hash{String => String}] the request headers; change it in place or assign
      attr_reader :headers
      # @return [String] the URL the attempt goes to
      attr_reader :url
      # @return [String] the request method, e.g. "GET"
      attr_accessor :method
      # @return [String, nil] the request body, nil for none
      attr_accessor :body
      # @return [String, nil] sent as Last-Event-ID unless nil or "" (H1-H3)
      attr_accessor :last_event_id

      # Built by the client before every attempt; nothing to create yourself.
      # @param attempt [Integer]
      # @param url [String]
      # @param method [String]
      # @param body [String, nil]
      # @param headers [Hash{String => String}]
      # @param last_event_id [String, nil]
      def initialize(attempt:, url:, method:, body:, headers:, last_event_id:)
        @attempt = attempt
        @url = url
        @url_assigned = false
        @method = method
        @body = body
        @headers = headers
        @last_event_id = last_event_id
      end

      # Sends this attempt and the next ones to +url+, which becomes the configured
      # URL (its origin receives the credentials), even when unchanged.
      # @param url [String]
      def url=(url)
        @url = url
        @url_assigned = true
      end

      # True once the block assigned +url+.
      # @return [Boolean]
      def url_assigned?
        @url_assigned
      end

      # Replaces every header.
      # @param headers [Hash{String => String}, Array<Array(String, String)>]
      def headers=(headers)
        @headers = headers.to_h
      end
    end
  end
end
