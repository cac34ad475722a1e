// Routing every allocation of a handle through its sse_allocator (house style B9).
#pragma once

#include <cstddef>
#include <memory_resource>

#include <sse/common.h>

#include "../../core/byte_buffer.hpp"

namespace sse::capi {

// A copy of the caller's hooks, usable for raw blocks and as a pmr resource for the
// core's strings. Throws std::bad_alloc when the hook returns NULL.
// Resizes with the realloc hook (or realloc) so the core's long lines grow in place.
class AllocatorResource final : public sse::core::ResizingResource {
 public:
  explicit AllocatorResource(const sse_allocator *hooks);
  void *allocate_raw(std::size_t bytes);
  void free_raw(void *block) noexcept;
  void *resize(void *block, std::size_t old_bytes, std::size_t new_bytes) override;

 private:
  void *do_allocate(std::size_t bytes, std::size_t alignment) override;
  void do_deallocate(void *block, std::size_t bytes, std::size_t alignment) override;
  bool do_is_equal(const std::pmr::memory_resource &other) const noexcept override;

  sse_allocator hooks_;
  bool custom_;
};

// Creates a handle of type T inside memory from `hooks`; T's first constructor
// argument is its own AllocatorResource (copied). Returns NULL only by throwing.
template <typename T, typename... Args>
T *create_handle(const sse_allocator *hooks, Args &&...args) {
  AllocatorResource memory(hooks);
  void *block = memory.allocate_raw(sizeof(T));
  try {
    return new (block) T(memory, static_cast<Args &&>(args)...);
  } catch (...) {
    memory.free_raw(block);
    throw;
  }
}

// Destroys a handle made by create_handle, freeing with its own (copied) hooks.
template <typename T>
void destroy_handle(T *handle) noexcept {
  AllocatorResource memory = handle->memory;
  handle->~T();
  memory.free_raw(handle);
}

}  // namespace sse::capi
