# frozen_string_literal: true

module SSE
  # Every error code of the C API by name, e.g. ERROR_CODES[:EFIELD] == -12. Read
  # from the library's own table, so it never drifts from the C header.
  ERROR_CODES = Native.error_codes

  # Base class of every error libsse raises. #code is the C API's negative
  # error code (see ERROR_CODES), #code_name its name (:EINVAL, ...).
  class Error < StandardError
    attr_reader :code

    # The code used when an error of this class is raised from Ruby without one.
    def self.default_code
      ERROR_CODES.fetch(:EINTERNAL)
    end

    def initialize(message = nil, code: self.class.default_code)
      super(message)
      @code = code
    end

    def code_name
      ERROR_CODES.key(code)
    end
  end

  # Defines an Error subclass bound to one C code: raised for that code, and
  # carrying it when raised from Ruby.
  def self.define_error_class(name, code_name)
    code = ERROR_CODES.fetch(code_name)
    klass = Class.new(Error) { define_singleton_method(:default_code) { code } }
    const_set(name, klass)
  end
  private_class_method :define_error_class

  # Invalid argument (EINVAL): a bad option, an id with NUL, a negative retry, ...
  define_error_class(:ArgumentError, :EINVAL)
  # A field value that would corrupt the stream (EFIELD): CR/LF in an event type
  # or id, NUL in an id, invalid UTF-8.
  define_error_class(:FieldError, :EFIELD)
  # A configured limit was exceeded (ELIMIT). The parser hands these to on_error
  # when it skips an oversized event.
  define_error_class(:LimitError, :ELIMIT)
  # The library ran out of memory (ENOMEM).
  define_error_class(:MemoryError, :ENOMEM)
  # Re-entrant use (EBUSY): e.g. feeding a parser from inside its own block.
  define_error_class(:BusyError, :EBUSY)

  # The class for a C error code: a subclass above, or Error for other codes.
  ERROR_CLASSES = [ArgumentError, FieldError, LimitError, MemoryError, BusyError]
                  .to_h { |klass| [klass.default_code, klass] }.freeze

  # The native extension raises these classes directly, with the exact code.
  Native.register_error_classes(Error, ERROR_CLASSES)

  class Error
    # A new error of the class that matches +code+ (what the extension raises).
    def self.for_code(code, message)
      ERROR_CLASSES.fetch(code, Error).new(message, code: code)
    end
  end
end
