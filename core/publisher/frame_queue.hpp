// A subscriber's queue: a ring of frame references that grows by doubling and then
// stays, so appending in steady state never allocates.
#pragma once

#include <cstddef>
#include <memory_resource>

#include "frame.hpp"

namespace sse::core {

class FrameQueue {
 public:
  explicit FrameQueue(std::pmr::memory_resource &memory) : memory_(memory) {}
  ~FrameQueue();
  FrameQueue(const FrameQueue &) = delete;
  FrameQueue &operator=(const FrameQueue &) = delete;

  // Takes over the caller's reference to `f`. Throws std::bad_alloc (then `f` is
  // still the caller's).
  void push(Frame *f);
  // Hands the front frame's reference to the caller.
  Frame *pop();
  Frame *at(std::size_t i) const { return slots_[slot(i)]; }
  // Near the front only (they shift the first `i` entries): a gap notice goes in
  // front of queued frames, dropped frames leave from behind a partly sent one.
  void insert_at(std::size_t i, Frame *f);  // throws std::bad_alloc
  Frame *remove_at(std::size_t i);
  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  // Releases every reference.
  void clear() noexcept;

 private:
  void grow();
  std::size_t slot(std::size_t i) const { return (head_ + i) & (capacity_ - 1); }

  std::pmr::memory_resource &memory_;
  Frame **slots_ = nullptr;
  std::size_t capacity_ = 0;  // a power of two
  std::size_t head_ = 0;
  std::size_t count_ = 0;
};

}  // namespace sse::core
