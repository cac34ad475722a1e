// One stream to one client: a bounded queue of shared frames that the host pulls from
// (views for writev, frame references, or a copy), with its readiness signals
// (callback, blocking wait, descriptor), keep-alive and slow-consumer policy.
//
// Locking: the hub's lock orders publishes and guards the `hub-locked` members; the
// subscriber's own lock guards its queue. Order: hub, then subscriber; never the
// reverse, and no user callback runs under the subscriber's lock.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory_resource>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "../status.hpp"
#include "frame_queue.hpp"
#include "readiness_fd.hpp"
#include "settings.hpp"

namespace sse::core {

class Hub;

// A pointer and a length: the shape of the C API's view, so hosts' arrays are filled
// in place.
struct ByteView {
  const char *ptr;
  std::size_t len;
};

struct FrameRef {
  ByteView bytes;
  Frame *frame;  // the caller's reference
};

class Subscriber {
 public:
  // Not subscribed yet: Hub::subscribe() does that. Keeps `hub` alive.
  Subscriber(Hub &hub, const SubscribeRequest &request);
  ~Subscriber();  // closes
  Subscriber(const Subscriber &) = delete;
  Subscriber &operator=(const Subscriber &) = delete;

  Status peek(ByteView *chunks, std::size_t max_chunks, std::size_t &count);
  Status consume(std::size_t n);
  Status take(FrameRef *frames, std::size_t max_frames, std::size_t &count);
  Status read(char *buf, std::size_t cap, std::size_t &copied);
  Status wait(int timeout_ms);
  void wakeup();
  Status fd(int &out);
  void close();

  CloseReason close_reason() const { return reason_.load(std::memory_order_acquire); }
  std::size_t queued_bytes() const;
  // The memory this subscriber (and its host handle) lives in.
  SharedResource &hub_memory() const;

 private:
  friend class Hub;
  enum class Delivery { queued, queued_edge, skipped, closed_slow };

  // --- called by the hub, with its lock held
  // Appends a live frame under the slow-consumer policy; `dropped` counts frames it
  // dropped (drop_oldest).
  Delivery deliver(Frame *f, std::uint64_t &dropped);
  // Appends a frame of the subscribe sequence (preamble, gap notice, replay), outside
  // the queue bound. Throws std::bad_alloc.
  void enqueue_initial(Frame *f);
  // The publisher closed: queue `final` (may be nullptr), end once drained.
  bool end_after_drain(Frame *final);
  // Keep-alive timer thread: true when on_ready should fire now; `next_ms` says when
  // to look again.
  bool keep_alive_tick(std::uint64_t now, std::uint64_t &next_ms);
  void notify() const {
    if (on_ready_.fn != nullptr) on_ready_.fn(on_ready_.context);
  }

  // --- with this subscriber's lock held
  void close_locked(CloseReason reason);
  void queue_locked(Frame *f);  // takes a new reference; may throw
  void drop_oldest_locked(std::size_t room_for, std::uint64_t &dropped);
  void forget_sent_locked(Frame *f);
  bool add_keep_alive_if_due_locked();
  void consumed_locked(std::size_t bytes, Frame *last_event);
  bool fits_locked(std::size_t size) const {
    return queue_.empty() || bytes_ + size <= queue_bytes_;
  }
  void became_empty_locked();

  // --- set at construction
  Hub &hub_;
  const std::size_t queue_bytes_;
  const SlowPolicy policy_;
  const std::uint64_t keep_alive_ms_;
  const ReadyNotify on_ready_;

  // --- hub-locked
  struct TopicSlot {
    std::pmr::string name;
    void *entry = nullptr;  // the hub's index entry for this topic
    std::size_t position = 0;
  };
  std::pmr::vector<TopicSlot> topics_;
  std::pmr::vector<std::string_view> topic_names_;  // views of topics_[i].name
  std::uint64_t stamp_ = 0;        // last publish that reached it (dedup over topics)
  bool registered_ = false;
  bool unregister_pending_ = false;  // closed by policy during a fan-out
  std::size_t timed_position_ = static_cast<std::size_t>(-1);

  // --- guarded by mu_
  mutable std::mutex mu_;
  std::condition_variable cv_;
  FrameQueue queue_;
  std::size_t head_offset_ = 0;  // bytes of the front frame already consumed
  std::size_t bytes_ = 0;        // queued bytes not consumed
  std::atomic<CloseReason> reason_{CloseReason::none};
  bool woken_ = false;
  int waiters_ = 0;          // threads in wait()
  int room_waiters_ = 0;     // publishers waiting for room (block policy)
  bool keep_alive_notified_ = false;
  std::uint64_t last_activity_ms_ = 0;
  Frame *last_event_ = nullptr;  // the last event sent (for the gap notice's last_id)
  Frame *gap_notice_ = nullptr;  // an unsent drop notice near the front of queue_
  ReadinessFd fd_;
};

}  // namespace sse::core
