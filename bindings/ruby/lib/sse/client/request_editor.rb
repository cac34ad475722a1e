# frozen_string_literal: true

module SSE
  class Client
    # Runs before_request: hands the block a Request describing the next attempt,
    # then sends what the block changed to the native client's setters.
    #
    # The native client has no getters for the method, body or headers, so this
    # keeps a copy of what it was last given (the URL and last event ID are read
    # from it: redirects and the stream change those).
    class RequestEditor
      def initialize(native, method:, body:, headers:)
        @native = native
        @method = method
        @body = body
        @headers = headers.to_h
      end

      # Yields the Request for attempt number +attempt+ and applies the changes.
      def edit(attempt)
        url = NetworkText.decode(@native.url)
        last_event_id = NetworkText.decode(@native.last_event_id)
        # Copies, so that changes made in place are seen as changes.
        request = Request.new(attempt: attempt, url: url.dup, method: @method.dup, body: @body&.dup,
                              headers: @headers.to_h { |name, value| [name.dup, value.dup] },
                              last_event_id: last_event_id.dup)
        yield request
        apply_url(request, url)
        apply_method(request.method)
        apply_body(request.body)
        apply_headers(request.headers)
        apply_last_event_id(request.last_event_id, last_event_id)
      end

      private

      # An assigned URL is set even when unchanged: it becomes the configured one.
      def apply_url(request, before)
        url = Options.header_text(request.url, :url)
        set(:set_url, url) if request.url_assigned? || url != before
      end

      def apply_method(method)
        method = Options.method_name(method)
        return if method == @method

        set(:set_method, method)
        @method = method
      end

      def apply_body(body)
        return if body == @body

        body.nil? ? set(:remove_body) : set(:set_body, Options.string(body, :body))
        @body = body&.dup
      end

      # Removals first: set_header matches names case-insensitively, so a header
      # renamed only in case must be removed before it is set again.
      def apply_headers(headers)
        wanted = Options.header_pairs(headers).to_h
        (@headers.keys - wanted.keys).each { |name| set(:remove_header, name) }
        wanted.each { |name, value| set(:set_header, name, value) unless @headers[name] == value }
        @headers = wanted
      end

      def apply_last_event_id(id, before)
        id = id.nil? ? "" : Options.string(id, :last_event_id)
        set(:set_last_event_id, id) unless id == before
      end

      # Calls the native setter +name+ and raises if it refused the value.
      def set(name, *args)
        Status.check(@native.public_send(name, *args), @native)
      end
    end
    private_constant :RequestEditor
  end
end
