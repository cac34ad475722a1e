// The publisher's memory: a pmr resource with a reference count, because frames handed
// out to a server may outlive the publisher and its subscribers, and each must still
// free itself through the caller's allocator.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory_resource>

namespace sse::core {

class SharedResource : public std::pmr::memory_resource {
 public:
  void retain() noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }
  void release() noexcept {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) destroy();
  }

 protected:
  // Called once the last reference is gone: frees *this through itself.
  virtual void destroy() noexcept = 0;

 private:
  std::atomic<std::size_t> refs_{1};
};

}  // namespace sse::core
