// The publisher's allocator with a reference count: the hub, its subscribers and every
// frame keep it alive, since frames handed to a server may outlive the publisher.
#pragma once

#include <sse/common.h>

#include "../../core/publisher/shared_resource.hpp"
#include "memory.hpp"

namespace sse::capi {

class SharedAllocator final : public sse::core::SharedResource {
 public:
  // One reference. Throws std::bad_alloc.
  static SharedAllocator *create(const sse_allocator *hooks) {
    AllocatorResource memory(hooks);
    void *block = memory.allocate_raw(sizeof(SharedAllocator));
    return new (block) SharedAllocator(memory);
  }

 private:
  explicit SharedAllocator(const AllocatorResource &memory) : memory_(memory) {}
  void *do_allocate(std::size_t bytes, std::size_t alignment) override {
    return memory_.allocate(bytes, alignment);
  }
  void do_deallocate(void *block, std::size_t bytes, std::size_t alignment) override {
    memory_.deallocate(block, bytes, alignment);
  }
  bool do_is_equal(const std::pmr::memory_resource &other) const noexcept override {
    return this == &other;
  }
  void destroy() noexcept override {
    AllocatorResource memory = memory_;
    this->~SharedAllocator();
    memory.free_raw(this);
  }

  AllocatorResource memory_;
};

}  // namespace sse::capi
