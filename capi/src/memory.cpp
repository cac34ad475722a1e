#include "memory.hpp"

#include <cstdlib>
#include <cstring>
#include <new>

namespace sse::capi {

AllocatorResource::AllocatorResource(const sse_allocator *hooks)
    : hooks_(hooks ? *hooks : sse_allocator{}), custom_(hooks != nullptr) {}

void *AllocatorResource::allocate_raw(std::size_t bytes) {
  void *block = custom_ ? hooks_.malloc(bytes, hooks_.user_data) : std::malloc(bytes);
  if (block == nullptr) throw std::bad_alloc();
  return block;
}

void AllocatorResource::free_raw(void *block) noexcept {
  if (custom_) {
    hooks_.free(block, hooks_.user_data);
  } else {
    std::free(block);
  }
}

void *AllocatorResource::do_allocate(std::size_t bytes, std::size_t alignment) {
  // malloc's alignment covers every type the core stores (char buffers).
  if (alignment > alignof(std::max_align_t)) throw std::bad_alloc();
  return allocate_raw(bytes);
}

void AllocatorResource::do_deallocate(void *block, std::size_t, std::size_t) {
  free_raw(block);
}

void *AllocatorResource::resize(void *block, std::size_t old_bytes, std::size_t new_bytes) {
  void *moved;
  if (!custom_) {
    moved = std::realloc(block, new_bytes);
  } else if (hooks_.realloc != nullptr) {
    moved = hooks_.realloc(block, new_bytes, hooks_.user_data);
  } else {  // the hook is optional: what realloc would do
    moved = allocate_raw(new_bytes);
    std::memcpy(moved, block, old_bytes < new_bytes ? old_bytes : new_bytes);
    free_raw(block);
  }
  if (moved == nullptr) throw std::bad_alloc();
  return moved;
}

bool AllocatorResource::do_is_equal(const std::pmr::memory_resource &other) const noexcept {
  return this == &other;
}

}  // namespace sse::capi
