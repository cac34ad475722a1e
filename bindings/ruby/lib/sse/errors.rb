# frozen_string_literal: true

module SSE
  # Every error code of the C API by name, e.g. ERROR_CODES[:EFIELD] == -12. Read
  # from the library's own table, so it never drifts from the C header.
  # @return [Hash{Symbol => Integer}] frozen
  ERROR_CODES = Native.error_codes

  # Base class of every error libsse raises. #code is the C API's negative
  # error code (see ERROR_CODES), #code_name its name (:EINVAL, ...).
  class Error < StandardError
    # @return [Integer] the C API's error code, negative (a value of ERROR_CODES)
    attr_reader :code

    # The code used when an error of this class is raised from Ruby without one.
    # @return [Integer] EINTERNAL's code for Error itself, the bound code for a subclass
    def self.default_code
      ERROR_CODES.fetch(:EINTERNAL)
    end

    # @param message [String, nil] the text of #message
    # @param code [Integer] the C error code; the class's default_code unless given
    def initialize(message = nil, code: self.class.default_code)
      super(message)
      @code = code
    end

    # @return [Symbol, nil] the name of #code (:EINVAL, :EFIELD, ...), nil for a
    #   code the library does not define
    def code_name
      ERROR_CODES.key(code)
    end
  end

  # Defines an Error subclass bound to one C code: raised for that code, and
  # carrying it when raised from Ruby.
  # @param name [Symbol] the constant to define under SSE
  # @param code_name [Symbol] the C code's name in ERROR_CODES
  # @return [Class] the new subclass of Error
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
  # @return [Hash{Integer => Class}] frozen
  ERROR_CLASSES = [ArgumentError, FieldError, LimitError, MemoryError, BusyError]
                  .to_h { |klass| [klass.default_code, klass] }.freeze

  class Error
    # A new error of the class that matches +code+ (what SSE::Status raises).
    # @param code [Integer] a negative C error code
    # @param message [String] the error's text
    # @return [Error] an instance of the subclass bound to +code+, else of Error
    def self.for_code(code, message)
      ERROR_CLASSES.fetch(code, Error).new(message, code: code)
    end
  end

  # Turns the status of a native call into the Ruby error. The native extension
  # never raises for a failed call (a raise inside a SWIG wrapper would longjmp over
  # its C++ objects, see bindings/ruby/sse_ruby.i): every fallible method returns 0
  # or a negative code and keeps the message on its object, and every caller in lib/
  # passes the status through here once the wrapper has returned.
  # @api private
  module Status
    module_function

    # Returns +status+ when it is not negative; else raises the error for it (see
    # Error.for_code), with +native+'s message when +native+ recorded this code, or
    # the library's text for the code (calls that record no message, e.g. restart).
    # @param status [Integer] a native call's result
    # @param native [Object, nil] the native object the call was made on
    # @return [Integer] +status+
    # @raise [Error] when +status+ is negative
    def check(status, native = nil)
      return status unless status.negative?

      raise Error.for_code(status, message(status, native))
    end

    # A native object right after Native::X.new: constructors cannot return a
    # status, so they record it. Returns +native+, or raises (and the object, never
    # handed out, is freed by the GC).
    # @param native [Object] a freshly constructed SSE::Native object
    # @return [Object] +native+
    # @raise [Error] when its constructor failed
    def created(native)
      check(native.last_code, native)
      native
    end

    def message(status, native)
      text = native && native.last_code == status ? native.last_message : Native.strerror(status)
      text = text.force_encoding(Encoding::UTF_8)
      text.valid_encoding? ? text : text.scrub
    end
    private_class_method :message
  end
  private_constant :Status
end
