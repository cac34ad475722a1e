// Finding line terminators (spec rule P5: only CR and LF end a line) and noticing
// non-ASCII bytes in the same pass, so pure-ASCII lines skip UTF-8 validation.
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sse::core {

// Scans 32 bytes per step with SSE2 (x86-64 baseline); right for the short lines of
// typical events. `begin` <= p is where the readable bytes start: a tail shorter than a
// vector is read as the last 16 bytes before `end` when they are all readable.
[[gnu::always_inline]] inline const char *find_line_end_short(const char *begin, const char *p, const char *end,
                                                              bool &non_ascii) {
  static_cast<void>(begin);  // only the vector tail reads before p
#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  __m128i seen = _mm_setzero_si128();  // OR of every block passed, for the high bit
  while (end - p >= 32) {
    __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
    __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + 16));
    __m128i ea = _mm_or_si128(_mm_cmpeq_epi8(a, lf), _mm_cmpeq_epi8(a, cr));
    __m128i eb = _mm_or_si128(_mm_cmpeq_epi8(b, lf), _mm_cmpeq_epi8(b, cr));
    unsigned hits = static_cast<unsigned>(_mm_movemask_epi8(ea)) |
                    (static_cast<unsigned>(_mm_movemask_epi8(eb)) << 16);
    if (hits != 0) {
      unsigned at = static_cast<unsigned>(__builtin_ctz(hits));
      unsigned high = static_cast<unsigned>(_mm_movemask_epi8(a)) |
                      (static_cast<unsigned>(_mm_movemask_epi8(b)) << 16);
      if ((high & ((1u << at) - 1u)) != 0 || _mm_movemask_epi8(seen) != 0) non_ascii = true;
      return p + at;
    }
    seen = _mm_or_si128(seen, _mm_or_si128(a, b));
    p += 32;
  }
  if (end - p >= 16) {  // small feeds end here often: keep their tails off the byte loop
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
    auto hits = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr))));
    auto high = static_cast<unsigned>(_mm_movemask_epi8(v));
    if (hits != 0) {
      unsigned at = static_cast<unsigned>(__builtin_ctz(hits));
      if ((high & ((1u << at) - 1u)) != 0 || _mm_movemask_epi8(seen) != 0) non_ascii = true;
      return p + at;
    }
    seen = _mm_or_si128(seen, v);
    p += 16;
  }
  if (_mm_movemask_epi8(seen) != 0) non_ascii = true;
  if (p < end && end - begin >= 16) {
    // Small feeds end in such a tail on every call (the unfinished line): one load
    // from end - 16, with the bytes before p masked off, instead of a byte loop.
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(end - 16));
    unsigned mine = 0xFFFFu & (0xFFFFu << (16 - (end - p)));
    auto hits = static_cast<unsigned>(
                    _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)))) &
                mine;
    auto high = static_cast<unsigned>(_mm_movemask_epi8(v)) & mine;
    if (hits != 0) {
      unsigned at = static_cast<unsigned>(__builtin_ctz(hits));
      if ((high & ((1u << at) - 1u)) != 0) non_ascii = true;
      return end - 16 + at;
    }
    if (high != 0) non_ascii = true;
    return end;
  }
#endif
  unsigned bits = 0;
  for (; p < end; ++p) {
    auto c = static_cast<unsigned char>(*p);
    if (c == '\n' || c == '\r') break;
    bits |= c;
  }
  if (bits & 0x80u) non_ascii = true;
  return p;
}

// Same contract for long runs: 64 bytes per step, AVX2 where the CPU has it (chosen
// once at load time through an ifunc). Defined in line_scan.cpp.
const char *find_line_end_long(const char *p, const char *end, bool &non_ascii);

// Returns the first CR or LF in [p, end), or `end`. Sets `non_ascii` to true if any
// byte >= 0x80 lies before the returned position (it is never reset to false).
// [begin, end) must be readable, begin <= p (the start of the caller's buffer).
[[gnu::always_inline]] inline const char *find_line_end(const char *begin, const char *p, const char *end,
                                                        bool &non_ascii) {
  // Most event lines end within a few hundred bytes; only longer ones pay for the
  // dispatch to the wide scanner.
  constexpr std::ptrdiff_t probe = 256;
  const char *probe_end = end - p > probe ? p + probe : end;
  const char *eol = find_line_end_short(begin, p, probe_end, non_ascii);
  if (eol != probe_end || probe_end == end) return eol;
  return find_line_end_long(probe_end, end, non_ascii);
}

// 64 bytes of input scanned once into bit masks: the short lines of an event, or of a
// small feed, then cost a count-trailing-zeros each instead of a scan each.
struct LineBlock {
  const char *base = nullptr;   // the byte of bit 0
  const char *limit = nullptr;  // base + 64 once scanned
  std::uint64_t ends = 0;       // bit i: base[i] is CR or LF
  std::uint64_t high = 0;       // bit i: base[i] >= 0x80
};

// Fills `block` with the 64 bytes at `at`.
[[gnu::always_inline]] inline void scan_block(LineBlock &block, const char *at) {
  block.base = at;
  block.limit = at + 64;
#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  auto load = [at](int i) { return _mm_loadu_si128(reinterpret_cast<const __m128i *>(at + 16 * i)); };
  auto ends16 = [&](__m128i v) {
    return static_cast<std::uint64_t>(
        static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)))));
  };
  auto high16 = [](__m128i v) {
    return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(v)));
  };
  const __m128i a = load(0), b = load(1), c = load(2), d = load(3);
  block.ends = ends16(a) | ends16(b) << 16 | ends16(c) << 32 | ends16(d) << 48;
  block.high = high16(a) | high16(b) << 16 | high16(c) << 32 | high16(d) << 48;
#else
  std::uint64_t ends = 0, high = 0;
  for (int i = 0; i < 64; ++i) {
    auto c = static_cast<unsigned char>(at[i]);
    ends |= std::uint64_t{c == '\n' || c == '\r'} << i;
    high |= static_cast<std::uint64_t>(c >> 7) << i;
  }
  block.ends = ends;
  block.high = high;
#endif
}

// find_line_end's contract, served from `block` (start each buffer with an empty
// one) while p is inside it; a new block is scanned at p, or as the last 64 bytes of
// the buffer when fewer remain. Lines longer than a block go to find_line_end.
[[gnu::always_inline]] inline const char *find_line_end(LineBlock &block, const char *begin, const char *p,
                                                        const char *end, bool &non_ascii) {
  if (p < block.base || p >= block.limit) {
    if (end - p >= 64) {
      scan_block(block, p);
    } else if (end - begin >= 64) {
      scan_block(block, end - 64);
    } else {
      return find_line_end(begin, p, end, non_ascii);  // a buffer shorter than a block
    }
  }
  const std::uint64_t mine = ~std::uint64_t{0} << (p - block.base);  // bytes from p on
  const std::uint64_t ends = block.ends & mine;
  if (ends != 0) {
    auto at = static_cast<unsigned>(__builtin_ctzll(ends));
    if ((block.high & mine & ((std::uint64_t{1} << at) - 1)) != 0) non_ascii = true;
    return block.base + at;
  }
  if ((block.high & mine) != 0) non_ascii = true;
  if (block.limit == end) return end;
  return find_line_end(begin, block.limit, end, non_ascii);  // a line longer than the block
}

}  // namespace sse::core
