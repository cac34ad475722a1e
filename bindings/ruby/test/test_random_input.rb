# frozen_string_literal: true

require_relative "recorder"

# Arbitrary bytes (fixed seed): no crash, only valid UTF-8 out, and the same
# records whether fed whole or in random chunks (P10).
class TestRandomInput < Minitest::Test
  SEED = 424_242
  # Bytes that matter to the grammar, plus UTF-8 fragments and invalid bytes.
  ALPHABET = ["data", "id", "event", "retry", ":", " ", "\n", "\r", "\r\n", "\0", "7", "x",
              "\xEF\xBB\xBF", "\xE2\x82", "\xAC", "\xFF", "\xC0"].map(&:b).freeze

  def random_stream(rng)
    Array.new(rng.rand(0..300)) { ALPHABET.sample(random: rng) }.join.b
  end

  def test_chunking_never_changes_the_records
    rng = Random.new(SEED)
    50.times do |round|
      bytes = random_stream(rng)
      whole = Recorder.new(max_event_bytes: 64).run(bytes)
      chunked = Recorder.new(max_event_bytes: 64).run(bytes, chunk: rng.rand(1..9))
      assert_equal whole, chunked, "round #{round}, seed #{SEED}"
      whole.flatten.grep(String).each { |text| assert_predicate text, :valid_encoding? }
    end
  end
end
