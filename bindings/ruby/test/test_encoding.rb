# frozen_string_literal: true

# Strings handed to users are UTF-8 and valid (the parser decodes the stream as
# UTF-8, P1 to P3); NUL and other bytes pass through both ways.
class TestEncoding < Minitest::Test
  def parse(bytes, **options)
    SSE::Parser.new(**options).feed(bytes.b)
  end

  def test_event_fields_are_valid_utf8
    event = parse("event: ünïcødé\nid: €1\ndata: 😀 日本\n\n").fetch(0)
    event.to_h.each_value do |value|
      assert_equal Encoding::UTF_8, value.encoding
      assert_predicate value, :valid_encoding?
    end
    assert_equal({ type: "ünïcødé", data: "😀 日本", id: "€1" }, event.to_h)
  end

  def test_comments_last_event_id_and_error_messages_are_utf8
    parser = SSE::Parser.new(comments: true, max_event_bytes: 32)
    texts = []
    parser.on_comment { |t| texts << t }
    parser.on_error { |err| texts << err.message }
    parser << ": héllo\nid: ø\n\ndata: #{'x' * 100}\n\n"
    texts << parser.last_event_id
    assert_equal 3, texts.size
    texts.each do |text|
      assert_equal Encoding::UTF_8, text.encoding
      assert_predicate text, :valid_encoding?
    end
    assert_equal "héllo", texts[0]
  end

  def test_invalid_bytes_become_replacement_characters
    event = parse("data: a\xFFb\xC0\x80\n\n").fetch(0)
    assert_equal "a\uFFFDb\uFFFD\uFFFD", event.data # P2: C0 80 gives two
    assert_predicate event.data, :valid_encoding?
  end

  def test_character_split_across_feeds_is_decoded_whole
    parser = SSE::Parser.new
    bytes = "data: €\n\n".b
    events = bytes.each_char.flat_map { |byte| parser.feed(byte) }
    assert_equal ["€"], events.map(&:data) # P3: no U+FFFD from a read boundary
  end

  def test_nul_in_data_type_and_comment_survives
    parser = SSE::Parser.new(comments: true)
    comments = []
    parser.on_comment { |t| comments << t }
    event = parser.feed("event: a\0b\ndata: x\0y\0\n: c\0\n\n").fetch(0)
    assert_equal "a\0b", event.type
    assert_equal "x\0y\0", event.data
    assert_equal 4, event.data.bytesize
    assert_equal ["c\0"], comments
  end

  def test_nul_in_data_round_trips_through_encode
    wire = SSE.encode(data: "\0a\0\n\0")
    assert_equal "data: \0a\0\ndata: \0\n\n", wire
    assert_equal ["\0a\0\n\0"], parse(wire).map(&:data)
  end

  def test_id_with_nul_is_ignored_by_the_parser
    assert_equal ["old"], parse("id: old\n\nid: a\0b\ndata: x\n\n").map(&:id) # P18
  end

  def test_leading_bom_is_stripped_once_and_again_after_finish
    parser = SSE::Parser.new
    assert_equal ["a"], parser.feed("\xEF\xBB\xBFdata: a\n\n".b).map(&:data)
    assert_empty parser.feed("\xEF\xBB\xBFdata: b\n\n".b), "a second BOM names an unknown field (P4)"
    parser.finish
    assert_equal ["c"], parser.feed("\xEF\xBB\xBFdata: c\n\n".b).map(&:data), "new body after finish"
  end

  def test_input_encoding_label_does_not_matter
    utf8 = "data: é\n\n"
    assert_equal parse(utf8), SSE::Parser.new.feed(utf8.dup.force_encoding(Encoding::ISO_8859_1))
  end

  def test_encode_output_is_utf8_and_transcodes_other_encodings
    latin1 = "caf\xE9".dup.force_encoding(Encoding::ISO_8859_1)
    wire = SSE.encode(data: latin1, event: "é".encode(Encoding::UTF_16LE))
    assert_equal Encoding::UTF_8, wire.encoding
    assert_equal "event: é\ndata: café\n\n", wire
  end

  def test_encode_accepts_binary_strings_holding_utf8
    assert_equal "data: é\n\n", SSE.encode(data: "é".b)
  end

  def test_untranscodable_input_is_a_field_error
    bad = "\xFF".dup.force_encoding(Encoding::Shift_JIS)
    assert_raises(SSE::FieldError) { SSE.encode(data: bad) }
  end
end
