// An immutable, reference-counted serialized message: one allocation holding the
// count, the bytes to send, the event's id and its topics. Subscriber queues, the
// history and the host's output buffers all hold references to the same frame.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "shared_resource.hpp"

namespace sse::core {

class Frame {
 public:
  // A new frame with one reference. `topics` are joined with '\n' (topics never
  // contain LF). Throws std::bad_alloc.
  static Frame *make(SharedResource &memory, std::string_view bytes, std::string_view id,
                     std::string_view topics_joined);
  // The shared `:\n` keep-alive comment: static, reference counting is a no-op.
  static Frame *keep_alive();

  std::string_view bytes() const { return {text(), size_}; }
  std::string_view id() const { return {text() + size_, id_len_}; }
  // The topics it was published to, joined with '\n'.
  std::string_view topics() const { return {text() + size_ + id_len_, topics_len_}; }
  bool on_any_topic_of(const std::string_view *topics, std::size_t n) const;
  std::size_t size() const { return size_; }

  void retain(std::size_t n = 1) noexcept {
    if (memory_ != nullptr) refs_.fetch_add(n, std::memory_order_relaxed);
  }
  void release() noexcept;

 private:
  Frame(SharedResource *memory, std::size_t size, std::size_t id_len, std::size_t topics_len)
      : memory_(memory), size_(size), id_len_(id_len), topics_len_(topics_len) {}
  const char *text() const { return reinterpret_cast<const char *>(this + 1); }
  char *text() { return reinterpret_cast<char *>(this + 1); }
  std::size_t allocation_size() const { return sizeof(Frame) + size_ + id_len_ + topics_len_; }

  friend struct StaticFrame;
  std::atomic<std::size_t> refs_{1};
  SharedResource *memory_;  // nullptr: static
  std::size_t size_;
  std::size_t id_len_;
  std::size_t topics_len_;
};

}  // namespace sse::core
