#include "frame.hpp"

#include <cstring>
#include <new>

namespace sse::core {

Frame *Frame::make(SharedResource &memory, std::string_view bytes, std::string_view id,
                   std::string_view topics_joined) {
  const std::size_t total = sizeof(Frame) + bytes.size() + id.size() + topics_joined.size();
  void *block = memory.allocate(total, alignof(Frame));
  // The frame keeps the memory alive: it may outlive the publisher.
  memory.retain();
  Frame *f = new (block) Frame(&memory, bytes.size(), id.size(), topics_joined.size());
  char *out = f->text();
  std::memcpy(out, bytes.data(), bytes.size());
  if (!id.empty()) std::memcpy(out + bytes.size(), id.data(), id.size());
  if (!topics_joined.empty())
    std::memcpy(out + bytes.size() + id.size(), topics_joined.data(), topics_joined.size());
  return f;
}

void Frame::release() noexcept {
  if (memory_ == nullptr) return;
  if (refs_.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  SharedResource *memory = memory_;
  const std::size_t total = allocation_size();
  this->~Frame();
  memory->deallocate(this, total, alignof(Frame));
  memory->release();
}

// The bytes follow the header directly, as in a heap frame.
struct StaticFrame {
  Frame header{nullptr, 2, 0, 0};
  char text[2] = {':', '\n'};
};
static_assert(offsetof(StaticFrame, text) == sizeof(Frame));

Frame *Frame::keep_alive() {
  static StaticFrame frame;
  return &frame.header;
}

bool Frame::on_any_topic_of(const std::string_view *topics, std::size_t n) const {
  std::string_view rest = this->topics();
  for (;;) {
    std::size_t lf = rest.find('\n');
    std::string_view mine = rest.substr(0, lf);
    for (std::size_t i = 0; i < n; ++i)
      if (topics[i] == mine) return true;
    if (lf == std::string_view::npos) return false;
    rest.remove_prefix(lf + 1);
  }
}

}  // namespace sse::core
