// The server's counters (sse_server_stats), updated from every loop thread.
#pragma once

#include <atomic>
#include <cstdint>

namespace sse::server {

struct Counters {
  std::atomic<uint64_t> connections{0};
  std::atomic<uint64_t> subscribers{0};
  std::atomic<uint64_t> requests{0};
  std::atomic<uint64_t> rejected_limit{0};
  std::atomic<uint64_t> published{0};
};

}  // namespace sse::server
