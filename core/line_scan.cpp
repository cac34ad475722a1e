#include "line_scan.hpp"

#include <cstdint>
#include <cstring>

namespace sse::core {
namespace {

// 32-byte vectors through GCC/Clang vector extensions: the avx2 clone below compiles
// them to single AVX2 instructions, the default clone to pairs of SSE2 ones. Vectors
// never cross a function boundary (that would tie the ABI to the target).
typedef unsigned char Bytes32 __attribute__((vector_size(32)));
typedef std::uint64_t Words4 __attribute__((vector_size(32)));

}  // namespace

// The AVX2 clone exists on x86 only; elsewhere the vectors compile to the target's own
// SIMD (NEON on aarch64) or to plain words, in one version of the function.
#if defined(__x86_64__) || defined(__i386__)
#define SSE_LINE_SCAN_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define SSE_LINE_SCAN_CLONES
#endif

// Long lines (base64 payloads, big JSON) dominate the bytes of a stream, so this loop
// checks 64 bytes per step and only pins down the exact terminator once a block has one.
SSE_LINE_SCAN_CLONES
const char *find_line_end_long(const char *p, const char *end, bool &non_ascii) {
  const char *const begin = p;
  const Bytes32 zero = {};
  const Bytes32 lf = zero + static_cast<unsigned char>('\n');
  const Bytes32 cr = zero + static_cast<unsigned char>('\r');
  Bytes32 seen = zero;  // OR of every byte passed, for the high bit
  while (end - p >= 64) {
    Bytes32 a, b;
    std::memcpy(&a, p, sizeof a);
    std::memcpy(&b, p + 32, sizeof b);
    Words4 hits = reinterpret_cast<Words4>((a == lf) | (a == cr) | (b == lf) | (b == cr));
    if ((hits[0] | hits[1] | hits[2] | hits[3]) != 0) break;
    seen |= a | b;
    p += 64;
  }
  Words4 high = reinterpret_cast<Words4>(seen & static_cast<unsigned char>(0x80));
  if ((high[0] | high[1] | high[2] | high[3]) != 0) non_ascii = true;
  return find_line_end_short(begin, p, end, non_ascii);
}

}  // namespace sse::core
