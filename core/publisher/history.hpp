// The replay history: recent event frames in publish order, bounded by count and by
// bytes, with O(1) lookup of an id's position (a hash map id -> sequence number over a
// deque indexed by sequence).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory_resource>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "frame.hpp"

namespace sse::core {

class History {
 public:
  History(std::pmr::memory_resource &memory, std::size_t max_events, std::size_t max_bytes);
  ~History();
  History(const History &) = delete;
  History &operator=(const History &) = delete;

  bool contains(std::string_view id) const { return index_.count(id) != 0; }
  // Keeps a reference to `f` (an event frame with an id) and evicts what no longer
  // fits. Throws std::bad_alloc (then nothing changed).
  void append(Frame *f);
  // The sequence number of `id`, if retained.
  std::optional<std::uint64_t> find(std::string_view id) const;
  // Calls fn(frame) for every retained frame after sequence `after` (nullopt: all).
  template <typename Fn>
  void for_each_after(std::optional<std::uint64_t> after, Fn &&fn) const {
    std::uint64_t from = after ? *after + 1 : first_seq_;
    if (from < first_seq_) from = first_seq_;
    for (std::uint64_t seq = from; seq < first_seq_ + frames_.size(); ++seq)
      fn(frames_[static_cast<std::size_t>(seq - first_seq_)]);
  }

  std::size_t events() const { return frames_.size(); }
  std::size_t bytes() const { return bytes_; }

 private:
  void evict_oldest();

  struct ViewHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::size_t max_events_;
  std::size_t max_bytes_;
  std::size_t bytes_ = 0;
  std::uint64_t first_seq_ = 0;  // sequence number of frames_.front()
  std::pmr::deque<Frame *> frames_;
  // Keys view the ids inside the retained frames.
  std::pmr::unordered_map<std::string_view, std::uint64_t, ViewHash, std::equal_to<>> index_;
};

}  // namespace sse::core
