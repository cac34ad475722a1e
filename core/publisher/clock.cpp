#include "clock.hpp"

#include <time.h>

namespace sse::core {

std::uint64_t monotonic_ms() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1000u +
         static_cast<std::uint64_t>(ts.tv_nsec) / 1000000u;
}

std::uint64_t Clock::now() const { return now_ms ? now_ms(user_data) : monotonic_ms(); }

}  // namespace sse::core
