#include "utf8.hpp"

#include <cstdint>

#include "byte_buffer.hpp"

namespace sse::core::utf8 {
namespace {

// Decoder state for one sequence, following the Encoding Standard's algorithm: the
// lead byte narrows the allowed range of the first continuation byte, which rules out
// overlongs, surrogates and code points above U+10FFFF at the earliest byte.
struct Lead {
  int needed;             // continuation bytes still expected; -1 = invalid lead byte
  std::uint8_t lower;     // allowed range of the first continuation byte
  std::uint8_t upper;
};

inline Lead classify(std::uint8_t b) {
  if (b >= 0xC2 && b <= 0xDF) return {1, 0x80, 0xBF};
  if (b == 0xE0) return {2, 0xA0, 0xBF};
  if (b == 0xED) return {2, 0x80, 0x9F};
  if (b >= 0xE1 && b <= 0xEF) return {2, 0x80, 0xBF};
  if (b == 0xF0) return {3, 0x90, 0xBF};
  if (b >= 0xF1 && b <= 0xF3) return {3, 0x80, 0xBF};
  if (b == 0xF4) return {3, 0x80, 0x8F};
  return {-1, 0, 0};
}

// Length of the well-formed sequence starting at s[i] (1..4), or the negated length
// of the maximal ill-formed subpart to replace with one U+FFFD (-1..-3).
inline int sequence_at(std::string_view s, std::size_t i) {
  auto b = static_cast<std::uint8_t>(s[i]);
  if (b < 0x80) return 1;
  Lead lead = classify(b);
  if (lead.needed < 0) return -1;
  std::size_t pos = i + 1;
  std::uint8_t lower = lead.lower, upper = lead.upper;
  for (int k = 0; k < lead.needed; ++k, ++pos) {
    if (pos >= s.size()) return -static_cast<int>(pos - i);
    auto c = static_cast<std::uint8_t>(s[pos]);
    if (c < lower || c > upper) return -static_cast<int>(pos - i);
    lower = 0x80;
    upper = 0xBF;
  }
  return static_cast<int>(pos - i);
}

}  // namespace

std::size_t first_invalid(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    if (static_cast<std::uint8_t>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    int n = sequence_at(s, i);
    if (n < 0) return i;
    i += static_cast<std::size_t>(n);
  }
  return npos;
}

namespace {

template <class Out>
void append_replacing(std::string_view s, Out &out) {
  static constexpr std::string_view replacement = "\xEF\xBF\xBD";
  std::size_t i = 0, run = 0;  // [run, i) is a pending well-formed run to copy at once
  while (i < s.size()) {
    int n = static_cast<std::uint8_t>(s[i]) < 0x80 ? 1 : sequence_at(s, i);
    if (n > 0) {
      i += static_cast<std::size_t>(n);
      continue;
    }
    out.append(s.substr(run, i - run));
    out.append(replacement);
    i += static_cast<std::size_t>(-n);
    run = i;
  }
  out.append(s.substr(run));
}

}  // namespace

void append_replacing_invalid(std::string_view s, std::pmr::string &out) { append_replacing(s, out); }
void append_replacing_invalid(std::string_view s, ByteBuffer &out) { append_replacing(s, out); }

}  // namespace sse::core::utf8
