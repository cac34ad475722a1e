# frozen_string_literal: true

module SSE
  class Client
    # Strings the native client reports from the network or the user (URL,
    # header, message, last event ID): UTF-8 when they are valid UTF-8, binary
    # otherwise, so no String handed out has an invalid encoding.
    module NetworkText
      module_function

      # Re-labels +bytes+ in place and returns it.
      def decode(bytes)
        value = bytes.force_encoding(Encoding::UTF_8)
        value.valid_encoding? ? value : value.force_encoding(Encoding::BINARY)
      end
    end
    private_constant :NetworkText
  end
end
