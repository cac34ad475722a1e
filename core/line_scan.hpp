// Finding line terminators (spec rule P5: only CR and LF end a line) and noticing
// non-ASCII bytes in the same pass, so pure-ASCII lines skip UTF-8 validation.
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sse::core {

// Returns the first CR or LF in [p, end), or `end`. Sets `non_ascii` to true if any
// byte >= 0x80 lies before the returned position (it is never reset to false).
inline const char *find_line_end(const char *p, const char *end, bool &non_ascii) {
#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  __m128i high = _mm_setzero_si128();  // OR of every block passed, for the top bits
  while (end - p >= 32) {
    __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
    __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + 16));
    __m128i ea = _mm_or_si128(_mm_cmpeq_epi8(a, lf), _mm_cmpeq_epi8(a, cr));
    __m128i eb = _mm_or_si128(_mm_cmpeq_epi8(b, lf), _mm_cmpeq_epi8(b, cr));
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(ea)) |
                    (static_cast<unsigned>(_mm_movemask_epi8(eb)) << 16);
    if (mask != 0) {
      unsigned at = static_cast<unsigned>(__builtin_ctz(mask));
      unsigned top = static_cast<unsigned>(_mm_movemask_epi8(a)) |
                     (static_cast<unsigned>(_mm_movemask_epi8(b)) << 16);
      if ((top & ((1u << at) - 1u)) != 0 || _mm_movemask_epi8(high) != 0) non_ascii = true;
      return p + at;
    }
    high = _mm_or_si128(high, _mm_or_si128(a, b));
    p += 32;
  }
  if (_mm_movemask_epi8(high) != 0) non_ascii = true;
#endif
  unsigned top = 0;
  for (; p < end; ++p) {
    auto c = static_cast<unsigned char>(*p);
    if (c == '\n' || c == '\r') break;
    top |= c;
  }
  if (top & 0x80u) non_ascii = true;
  return p;
}

}  // namespace sse::core
