# frozen_string_literal: true

# Errors carry the C API's code and map to one Ruby class per code.
class TestErrors < Minitest::Test
  def code(name)
    SSE::ERROR_CODES.fetch(name)
  end

  def test_error_codes_match_the_c_api
    assert_equal({ EINVAL: -1, ENOMEM: -2, EBUSY: -3, ELIMIT: -4, EVERSION: -5, EUSER: -6, EPROTO: -7,
                   EIO: -8, ETIMEDOUT: -9, ECLOSED: -10, EINTERNAL: -11, EFIELD: -12 },
                 SSE::ERROR_CODES)
    assert_predicate SSE::ERROR_CODES, :frozen?
  end

  def test_hierarchy
    [SSE::ArgumentError, SSE::FieldError, SSE::LimitError, SSE::MemoryError, SSE::BusyError].each do |klass|
      assert_operator klass, :<, SSE::Error
    end
    assert_operator SSE::Error, :<, StandardError
  end

  def test_each_class_has_its_code
    { SSE::ArgumentError => :EINVAL, SSE::FieldError => :EFIELD, SSE::LimitError => :ELIMIT,
      SSE::MemoryError => :ENOMEM, SSE::BusyError => :EBUSY }.each do |klass, name|
      error = klass.new("x")
      assert_equal code(name), error.code, klass.name
      assert_equal name, error.code_name
    end
  end

  def test_for_code_picks_the_class_and_keeps_other_codes
    assert_instance_of SSE::FieldError, SSE::Error.for_code(code(:EFIELD), "m")
    other = SSE::Error.for_code(code(:EPROTO), "bad status")
    assert_instance_of SSE::Error, other
    assert_equal code(:EPROTO), other.code
    assert_equal "bad status", other.message
  end

  # S8: values that would corrupt the stream are refused and nothing is written.
  def test_encode_rejects_line_breaks_in_type_and_id
    [{ event: "a\nb" }, { event: "a\rb" }, { id: "1\n2" }, { id: "1\r" }].each do |bad|
      error = assert_raises(SSE::FieldError, bad.inspect) { SSE.encode(data: "x", **bad) }
      assert_equal code(:EFIELD), error.code
      assert_equal :EFIELD, error.code_name
    end
  end

  def test_encode_rejects_nul_in_id
    error = assert_raises(SSE::FieldError) { SSE.encode(data: "x", id: "a\0b") }
    assert_equal code(:EFIELD), error.code
  end

  def test_encode_rejects_invalid_utf8_in_every_field
    bad = "\xC0\x80".b
    [{ data: bad }, { data: "x", event: bad }, { data: "x", id: bad }].each do |fields|
      error = assert_raises(SSE::FieldError, fields.keys.inspect) { SSE.encode(**fields) }
      assert_equal code(:EFIELD), error.code
    end
    assert_raises(SSE::FieldError) { SSE.comment(bad) }
  end

  def test_failed_encode_leaves_nothing_behind
    assert_raises(SSE::FieldError) { SSE.encode(data: "x", event: "bad\n", retry: 5) }
    assert_equal "data: ok\n\n", SSE.encode(data: "ok")
  end

  def test_encoder_writes_nothing_on_error
    io = StringIO.new
    assert_raises(SSE::FieldError) { SSE::Encoder.new(io).event(data: "x", id: "\n") }
    assert_equal "", io.string
  end

  def test_retry_out_of_range_is_an_argument_error
    [-1, 2**64].each do |ms|
      error = assert_raises(SSE::ArgumentError, ms.to_s) { SSE.encode(data: "x", retry: ms) }
      assert_equal code(:EINVAL), error.code
    end
    assert_equal "retry: 18446744073709551615\n", SSE.encode(data: nil, retry: 2**64 - 1)
  end

  def test_wrong_types_are_type_errors
    assert_raises(TypeError) { SSE.encode(data: 5) }
    assert_raises(TypeError) { SSE.encode(data: "x", retry: "5") }
    assert_raises(TypeError) { SSE.comment(nil) }
    assert_raises(TypeError) { SSE::Parser.new.feed(nil) }
    assert_raises(TypeError) { SSE::Parser.new.last_event_id = 5 }
    assert_raises(TypeError) { SSE::Encoder.new(Object.new) }
  end

  def test_last_event_id_with_nul_is_an_argument_error
    error = assert_raises(SSE::ArgumentError) { SSE::Parser.new(last_event_id: "a\0b") }
    assert_equal code(:EINVAL), error.code
    assert_match(/NUL/, error.message)
  end

  def test_bad_parser_options_are_argument_errors
    [0, -5, 1.5, "10"].each do |limit|
      error = assert_raises(SSE::ArgumentError, limit.inspect) { SSE::Parser.new(max_event_bytes: limit) }
      assert_equal code(:EINVAL), error.code
    end
    assert_raises(SSE::ArgumentError) { SSE.each_event(StringIO.new(""), chunk_size: 0).to_a }
    assert_raises(SSE::ArgumentError) { SSE::Parser.new.on_comment { nil } }
  end

  # Re-entrant use from a block would break stream order, like EBUSY in C.
  def test_feed_finish_reset_from_a_block_are_busy_errors
    %i[feed finish reset].each do |method|
      parser = SSE::Parser.new
      args = method == :feed ? ["data: again\n\n"] : []
      parser.on_event { parser.public_send(method, *args) }
      error = assert_raises(SSE::BusyError, method.to_s) { parser << "data: x\n\n" }
      assert_equal code(:EBUSY), error.code
      seen = []
      parser.on_event { |event| seen << event.data }
      parser << "data: y\n\n"
      assert_equal ["y"], seen, "parser still usable after a busy #{method}"
    end
  end

  def test_native_errors_are_raised_with_their_class
    # Raised by the extension itself (the C library's message), not by Ruby checks.
    error = assert_raises(SSE::FieldError) { SSE.encode(data: "x", event: "a\nb") }
    assert_match(/CR or LF/, error.message)
    assert_equal Encoding::UTF_8, error.message.encoding
  end
end
