# frozen_string_literal: true

require_relative "recorder"

# Random events (fixed seed, so failures reproduce) go through SSE.encode and back
# through the parser; every field must come back as S8 promises.
class TestRoundTrip < Minitest::Test
  SEED = Integer(ENV.fetch("SSE_ROUNDTRIP_SEED", "20240611"))
  COUNT = 400

  # Pieces that stress the wire format: separators, spaces, colons, NUL, multi-byte
  # UTF-8, U+FEFF, U+2028 (not a line break, P5) and line breaks.
  PLAIN = ["a", "Z", "0", " ", "  ", ":", "data:", "\t", "\0", "é", "€", "😀", "\u2028", "\uFEFF", "id", "x" * 40].freeze
  BREAKS = ["\n", "\r", "\r\n"].freeze

  def random_text(rng, pool, max_pieces)
    Array.new(rng.rand(0..max_pieces)) { pool.sample(random: rng) }.join
  end

  def random_event(rng)
    {
      data: random_text(rng, PLAIN + BREAKS, 12),
      event: [nil, "", random_text(rng, PLAIN, 4)].sample(random: rng),
      id: [nil, "", random_text(rng, PLAIN - ["\0"], 4)].sample(random: rng),
      retry: rng.rand < 0.1 ? rng.rand(0..10**12) : nil
    }
  end

  # What a client must see for +fields+, given the id in effect before it (P24,
  # S8: CR and CRLF in data come back as LF; no or empty type is "message").
  def expected_records(fields, last_id)
    records = []
    records << [:retry, fields[:retry]] if fields[:retry]
    type = fields[:event].nil? || fields[:event].empty? ? "message" : fields[:event]
    id = fields[:id].nil? ? last_id : fields[:id]
    records << [:event, type, fields[:data].gsub(/\r\n?/, "\n"), id]
    [records, id]
  end

  def setup
    rng = Random.new(SEED)
    last_id = ""
    @stream = +""
    @expected = []
    COUNT.times do
      fields = random_event(rng)
      @stream << SSE.encode(**fields)
      records, last_id = expected_records(fields, last_id)
      @expected.concat(records)
    end
    @last_id = last_id
  end

  def test_encoded_stream_is_valid_utf8
    assert_equal Encoding::UTF_8, @stream.encoding
    assert @stream.valid_encoding?
  end

  def test_round_trip_whole
    recorder = Recorder.new
    assert_equal @expected, recorder.run(@stream.b), "seed #{SEED}"
    assert_equal @last_id, recorder.parser.last_event_id
  end

  def test_round_trip_byte_by_byte
    recorder = Recorder.new
    assert_equal @expected, recorder.run(@stream.b, chunk: 1), "seed #{SEED}"
  end

  def test_round_trip_random_chunks
    rng = Random.new(SEED + 1)
    recorder = Recorder.new
    bytes = @stream.b
    at = 0
    while at < bytes.bytesize
      size = rng.rand(1..64)
      recorder.parser << bytes.byteslice(at, size)
      at += size
    end
    recorder.parser.finish
    assert_equal @expected, recorder.log, "seed #{SEED}"
  end

  def test_encoder_writes_the_same_bytes_as_encode
    io = StringIO.new
    encoder = SSE::Encoder.new(io)
    rng = Random.new(SEED)
    expected = +""
    20.times do
      fields = random_event(rng)
      encoder.event(**fields)
      expected << SSE.encode(**fields)
    end
    assert_equal expected, io.string
  end

  def test_parsed_event_written_back_parses_to_the_same_event
    original = SSE::Parser.new.feed("event: tick\nid: 42\ndata: a\ndata:  b\n\n").fetch(0)
    io = StringIO.new
    SSE::Encoder.new(io) << original
    assert_equal [original], SSE::Parser.new.feed(io.string)
  end
end
