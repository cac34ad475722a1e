# frozen_string_literal: true

module SSE
  class Client
    # Turns the keyword arguments of Client.new into the native configuration
    # (sse_binding::ClientConfig). Durations are seconds in Ruby and milliseconds in
    # C; nil always means "the library default" (see capi/include/sse/client.h).
    # @api private
    module Options
      # Ruby value of http_version: => the C API's number.
      HTTP_VERSIONS = { nil => 0, :auto => 0, "1.1" => 11, :http1_1 => 11, "2" => 20, :http2 => 20 }.freeze

      # Every keyword Client.new takes, with its default (nil = the library's).
      DEFAULTS = {
        headers: nil, method: nil, body: nil, last_event_id: nil, user_agent: nil, proxy: nil,
        ca_file: nil, client_cert: nil, client_key: nil, insecure: false, accept_encoding: true,
        http_version: nil, connect_timeout: nil, idle_timeout: nil, read_timeout: nil, reconnection_time: nil,
        max_backoff: nil, backoff_reset: nil, jitter_percent: nil, max_attempts: nil,
        max_elapsed: nil, retry_statuses: nil, max_redirects: nil, max_event_bytes: nil,
        max_failure_body_bytes: nil, comments: false, unrestricted_auth: false
      }.freeze

      # The -1 the native config reads as "keep the library default".
      DEFAULT = -1

      module_function

      # +options+ merged over DEFAULTS; an unknown keyword raises ArgumentError.
      def with_defaults(options)
        unknown = options.keys - DEFAULTS.keys
        raise ::ArgumentError, "unknown keyword#{"s" if unknown.size > 1}: #{unknown.map(&:inspect).join(", ")}" if unknown.any?

        DEFAULTS.merge(options)
      end

      # +options+: the keywords of Client.new. Returns a Native::ClientConfig; raises
      # TypeError or SSE::ArgumentError for a value the library would not accept.
      def native_config(url, options)
        config = Native::ClientConfig.new
        config.url = string(url, :url)
        assign_request(config, options)
        assign_tls(config, options)
        assign_timing(config, options)
        assign_limits(config, options)
        config
      end

      # Sets the request's method, body, headers, last event ID, agent, proxy and
      # protocol options on +config+.
      # @param config [Native::ClientConfig]
      # @param options [Hash] the keywords of Client.new
      def assign_request(config, options)
        config.method = method_name(options[:method]) unless options[:method].nil?
        unless options[:body].nil?
          config.body = string(options[:body], :body)
          config.has_body = true
        end
        header_pairs(options[:headers]).each { |name, value| config.add_header(name, value) }
        config.last_event_id = string(options[:last_event_id], :last_event_id) unless options[:last_event_id].nil?
        config.user_agent = string(options[:user_agent], :user_agent) unless options[:user_agent].nil?
        config.proxy = string(options[:proxy], :proxy) unless options[:proxy].nil?
        config.accept_encoding = options[:accept_encoding] ? true : false
        config.http_version = http_version(options[:http_version])
        config.want_comments = options[:comments] ? true : false
        config.unrestricted_auth = options[:unrestricted_auth] ? true : false
      end

      # Sets the TLS files and verification on +config+.
      # @param config [Native::ClientConfig]
      # @param options [Hash] the keywords of Client.new
      def assign_tls(config, options)
        %i[ca_file client_cert client_key].each do |name|
          config.public_send(:"#{name}=", string(options[name], name)) unless options[name].nil?
        end
        config.insecure = options[:insecure] ? true : false
      end

      # Sets the timeouts and reconnection delays on +config+, seconds to milliseconds.
      # @param config [Native::ClientConfig]
      # @param options [Hash] the keywords of Client.new
      def assign_timing(config, options)
        config.connect_timeout_ms = milliseconds(options[:connect_timeout], :connect_timeout)
        config.idle_timeout_ms = [milliseconds(options[:idle_timeout], :idle_timeout), 0].max
        config.read_timeout_ms = [milliseconds(options[:read_timeout], :read_timeout), 0].max
        config.retry_ms = milliseconds(options[:reconnection_time], :reconnection_time)
        config.max_backoff_ms = milliseconds(options[:max_backoff], :max_backoff)
        config.backoff_reset_ms = milliseconds(options[:backoff_reset], :backoff_reset)
        config.max_elapsed_ms = [milliseconds(options[:max_elapsed], :max_elapsed), 0].max
        config.jitter_percent = count(options[:jitter_percent], :jitter_percent, max: 1000)
      end

      # Sets the attempt, redirect and size limits and the retried statuses on +config+.
      # @param config [Native::ClientConfig]
      # @param options [Hash] the keywords of Client.new
      def assign_limits(config, options)
        config.max_attempts = [count(options[:max_attempts], :max_attempts), 0].max
        config.max_redirects = count(options[:max_redirects], :max_redirects, max: 2**31 - 1)
        max_event_bytes = count(options[:max_event_bytes], :max_event_bytes)
        config.max_event_bytes = [max_event_bytes, Parser::MAX_EVENT_BYTES_CAP].min if max_event_bytes.positive?
        config.max_failure_body_bytes = count(options[:max_failure_body_bytes], :max_failure_body_bytes,
                                              max: Parser::MAX_EVENT_BYTES_CAP)
        Array(options[:retry_statuses]).each do |status|
          unless status.is_a?(Integer) && status.between?(100, 999)
            raise SSE::ArgumentError, "retry_statuses must hold HTTP status codes, got #{status.inspect}"
          end

          config.add_retry_status(status)
        end
      end

      # Headers as [[name, value], ...] from a Hash or an Array of pairs.
      def header_pairs(headers)
        return [] if headers.nil?
        raise TypeError, "headers must be a Hash or an Array of pairs, got #{headers.class}" unless headers.respond_to?(:each)

        headers.map { |name, value| [header_text(name, :header_name), header_text(value, :header_value)] }
      end

      # C strings end at NUL, so a NUL would silently cut a header, URL or method short.
      def header_text(value, field)
        text = string(value.is_a?(Symbol) ? value.to_s : value, field)
        raise SSE::ArgumentError, "#{field} must not contain NUL, got #{text.inspect}" if text.include?("\0")

        text
      end

      # The request method as a String (a Symbol is upcased).
      # @param method [String, Symbol]
      # @return [String]
      def method_name(method)
        method = method.to_s.upcase if method.is_a?(Symbol)
        header_text(method, :method)
      end

      # +value+ as a String (a Pathname or URI is converted).
      # @param value [String, #to_path, URI::Generic]
      # @param field [Symbol] its name, for the error message
      # @return [String]
      def string(value, field)
        value = value.to_s if value.respond_to?(:to_path) || (defined?(URI::Generic) && value.is_a?(URI::Generic))
        raise TypeError, "#{field} must be a String, got #{value.class}" unless value.is_a?(String)

        value
      end

      # The C API's number for an http_version option.
      # @param value [String, Symbol, Numeric, nil]
      # @return [Integer]
      def http_version(value)
        value = value.to_s if value.is_a?(Numeric)
        HTTP_VERSIONS.fetch(value) do
          raise SSE::ArgumentError, "http_version must be nil, :auto, \"1.1\" or \"2\", got #{value.inspect}"
        end
      end

      # Seconds (any Numeric) to whole milliseconds; nil gives DEFAULT.
      def milliseconds(seconds, field)
        return DEFAULT if seconds.nil?
        unless seconds.is_a?(Numeric) && seconds.real? && seconds.finite? && !seconds.negative?
          raise SSE::ArgumentError, "#{field} must be a non-negative number of seconds, got #{seconds.inspect}"
        end

        (seconds * 1000).round
      end

      # A whole-number option; nil gives DEFAULT.
      # @param value [Integer, nil]
      # @param field [Symbol] its name, for the error message
      # @param max [Integer] the largest value accepted
      # @return [Integer]
      def count(value, field, max: 2**63 - 1)
        return DEFAULT if value.nil?
        unless value.is_a?(Integer) && value.between?(0, max)
          raise SSE::ArgumentError, "#{field} must be an Integer between 0 and #{max}, got #{value.inspect}"
        end

        value
      end
    end
    private_constant :Options
  end
end
