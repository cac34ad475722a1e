// UTF-8 decoding exactly as the Encoding Standard's "UTF-8 decode" with replacement
// (spec rule P2): every maximal ill-formed subpart becomes one U+FFFD.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <memory_resource>

namespace sse::core {
class ByteBuffer;
}

namespace sse::core::utf8 {

inline constexpr std::size_t npos = static_cast<std::size_t>(-1);

// Offset of the first byte that starts an ill-formed subsequence, or npos when `s` is
// entirely well-formed UTF-8.
std::size_t first_invalid(std::string_view s);

// Appends `s` to `out` with every ill-formed subpart replaced by U+FFFD (EF BF BD).
// A truncated sequence at the end of `s` also becomes one U+FFFD: callers decode whole
// lines, and CR/LF can never be part of a multi-byte sequence, so this equals decoding
// the stream as one continuous byte sequence (P3).
void append_replacing_invalid(std::string_view s, std::pmr::string &out);
void append_replacing_invalid(std::string_view s, ByteBuffer &out);  // the parser's lines

}  // namespace sse::core::utf8
