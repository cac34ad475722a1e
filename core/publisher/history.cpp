#include "history.hpp"

namespace sse::core {

History::History(std::pmr::memory_resource &memory, std::size_t max_events, std::size_t max_bytes)
    : max_events_(max_events), max_bytes_(max_bytes), frames_(&memory), index_(&memory) {}

History::~History() {
  for (Frame *f : frames_) f->release();
}

void History::evict_oldest() {
  Frame *oldest = frames_.front();
  index_.erase(oldest->id());
  frames_.pop_front();
  ++first_seq_;
  bytes_ -= oldest->size();
  oldest->release();
}

void History::append(Frame *f) {
  if (max_events_ == 0 || f->size() > max_bytes_) {
    // Never retained; whatever is older stays.
    return;
  }
  const std::uint64_t seq = first_seq_ + frames_.size();
  auto [it, inserted] = index_.emplace(f->id(), seq);
  try {
    frames_.push_back(f);
  } catch (...) {
    index_.erase(it);
    throw;
  }
  f->retain();
  bytes_ += f->size();
  while (frames_.size() > max_events_ || bytes_ > max_bytes_) evict_oldest();
}

std::optional<std::uint64_t> History::find(std::string_view id) const {
  auto it = index_.find(id);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

}  // namespace sse::core

