// Milliseconds for keep-alive: the caller's clock (tests drive it) or CLOCK_MONOTONIC.
#pragma once

#include <cstdint>

namespace sse::core {

struct Clock {
  std::uint64_t (*now_ms)(void *user_data) = nullptr;  // nullptr: CLOCK_MONOTONIC
  void *user_data = nullptr;

  std::uint64_t now() const;
  bool injected() const { return now_ms != nullptr; }
};

// CLOCK_MONOTONIC in milliseconds, whatever clock the publisher was given: real waits
// (wait(), block) always measure their timeouts with it.
std::uint64_t monotonic_ms();

}  // namespace sse::core
