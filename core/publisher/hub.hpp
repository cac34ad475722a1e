// The publisher engine: orders publishes under one lock, keeps the topic index
// (topic -> subscribers, so fan-out cost grows with matching subscribers only) and
// the history, and feeds subscriber queues with shared frames.
#pragma once

#include <pthread.h>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory_resource>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "../status.hpp"
#include "frame.hpp"
#include "history.hpp"
#include "ids.hpp"
#include "settings.hpp"
#include "shared_resource.hpp"

namespace sse::core {

class Subscriber;

class Hub {
 public:
  // Settings must be checked (check_settings). One reference; throws std::bad_alloc.
  static Hub *create(SharedResource &memory, const HubSettings &settings);
  static Outcome check_settings(const HubSettings &settings);
  void retain() noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }
  void release() noexcept;

  // On success `*published` (if not null) gets a reference to the frame (its id).
  Outcome publish(const std::string_view *topics, std::size_t n_topics, const OutgoingMessage &m,
                  Frame **published);
  // Subscribes `s` (made with this hub) and queues its preamble, gap notice and replay.
  Outcome subscribe(Subscriber &s, const SubscribeRequest &request);
  void unsubscribe(Subscriber &s);
  // Ends every subscriber after `final` (may be null); idempotent.
  Outcome close(const OutgoingMessage *final);

  HubStats stats() const;
  std::size_t topic_subscribers(std::string_view topic) const;

  SharedResource &memory() const { return memory_; }
  const HubSettings &settings() const { return settings_; }
  void add_bytes_queued(std::int64_t delta) {
    bytes_queued_.fetch_add(delta, std::memory_order_relaxed);
  }

 private:
  Hub(SharedResource &memory, const HubSettings &settings);
  ~Hub();

  struct ViewHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct TopicEntry {
    explicit TopicEntry(std::pmr::memory_resource *m) : subscribers(m) {}
    std::pmr::vector<Subscriber *> subscribers;
  };
  using TopicIndex = std::pmr::unordered_map<std::pmr::string, TopicEntry, ViewHash, std::equal_to<>>;

  // --- with mu_ held
  void register_locked(Subscriber &s);  // throws std::bad_alloc (then not registered)
  void unregister_locked(Subscriber &s);
  void remove_from_topics_locked(Subscriber &s);
  GapReason gap_reason_locked(std::string_view last_id) const;
  template <typename Fn> void for_each_subscriber_locked(Fn &&fn);
  void start_timer_locked();
  static void *timer_main(void *hub);
  void run_timer();

  SharedResource &memory_;
  std::atomic<std::size_t> refs_{1};
  HubSettings settings_;
  char epoch_buf_[max_epoch_bytes + 1] = {};
  std::string_view epoch_;
  std::atomic<std::uint64_t> next_id_{0};  // generated ids count from 1
  std::atomic<std::int64_t> bytes_queued_{0};

  mutable std::mutex mu_;
  bool closed_ = false;
  TopicIndex topics_;
  History history_;
  std::uint64_t stamp_ = 0;
  HubStats counters_;  // the running ones; stats() adds the rest

  // Keep-alive for on_ready subscribers: one thread, started with the first of them.
  std::pmr::vector<Subscriber *> timed_;
  std::condition_variable timer_cv_;
  bool timer_running_ = false;
  bool timer_stop_ = false;
  pthread_t timer_{};
};

}  // namespace sse::core
