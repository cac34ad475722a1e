#include "frame_queue.hpp"

namespace sse::core {

FrameQueue::~FrameQueue() {
  clear();
  if (slots_ != nullptr) memory_.deallocate(slots_, capacity_ * sizeof(Frame *), alignof(Frame *));
}

void FrameQueue::grow() {
  const std::size_t capacity = capacity_ == 0 ? 8 : capacity_ * 2;
  auto **slots = static_cast<Frame **>(memory_.allocate(capacity * sizeof(Frame *), alignof(Frame *)));
  for (std::size_t i = 0; i < count_; ++i) slots[i] = at(i);
  if (slots_ != nullptr) memory_.deallocate(slots_, capacity_ * sizeof(Frame *), alignof(Frame *));
  slots_ = slots;
  capacity_ = capacity;
  head_ = 0;
}

void FrameQueue::push(Frame *f) {
  if (count_ == capacity_) grow();
  slots_[(head_ + count_) & (capacity_ - 1)] = f;
  ++count_;
}

Frame *FrameQueue::pop() {
  Frame *f = slots_[head_];
  head_ = (head_ + 1) & (capacity_ - 1);
  --count_;
  return f;
}

void FrameQueue::insert_at(std::size_t i, Frame *f) {
  if (count_ == capacity_) grow();
  head_ = (head_ + capacity_ - 1) & (capacity_ - 1);
  ++count_;
  for (std::size_t k = 0; k < i; ++k) slots_[slot(k)] = slots_[slot(k + 1)];
  slots_[slot(i)] = f;
}

Frame *FrameQueue::remove_at(std::size_t i) {
  Frame *f = at(i);
  for (std::size_t k = i; k > 0; --k) slots_[slot(k)] = slots_[slot(k - 1)];
  pop();
  return f;
}

void FrameQueue::clear() noexcept {
  while (count_ != 0) pop()->release();
}

}  // namespace sse::core
