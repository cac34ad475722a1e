#include "hub.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <new>

#include "subscriber.hpp"
#include "topic.hpp"

namespace sse::core {
namespace {

// Releases a frame reference on every exit path.
struct FrameHold {
  Frame *f = nullptr;
  ~FrameHold() {
    if (f != nullptr) f->release();
  }
};

Outcome validate_topics(const std::string_view *topics, std::size_t n) {
  if (topics == nullptr || n == 0) return {Status::invalid, "no topics given"};
  for (std::size_t i = 0; i < n; ++i)
    if (Outcome o = validate_topic(topics[i]); !o.ok()) return o;
  return {};
}

// With an injected clock, the timer thread looks again at least this often.
constexpr std::uint64_t injected_clock_slice_ms = 20;

}  // namespace

Outcome Hub::check_settings(const HubSettings &s) {
  if (s.queue_bytes == 0) return {Status::invalid, "queue_bytes must be greater than 0"};
  if (s.max_event_bytes == 0) return {Status::invalid, "max_event_bytes must be greater than 0"};
  if (s.epoch)
    if (Outcome o = validate_epoch(*s.epoch); !o.ok()) return o;
  return {};
}

Hub *Hub::create(SharedResource &memory, const HubSettings &settings) {
  void *block = memory.allocate(sizeof(Hub), alignof(Hub));
  try {
    return new (block) Hub(memory, settings);
  } catch (...) {
    memory.deallocate(block, sizeof(Hub), alignof(Hub));
    throw;
  }
}

Hub::Hub(SharedResource &memory, const HubSettings &settings)
    : memory_(memory),
      settings_(settings),
      topics_(&memory),
      history_(memory, settings.history_events, settings.history_bytes),
      timed_(&memory) {
  if (settings.epoch) {
    std::memcpy(epoch_buf_, settings.epoch->data(), settings.epoch->size());
    epoch_ = std::string_view(epoch_buf_, settings.epoch->size());
  } else {
    char random[13];
    std::memcpy(epoch_buf_, random_epoch(random).data(), 12);
    epoch_ = std::string_view(epoch_buf_, 12);
  }
  settings_.epoch = epoch_;
  memory_.retain();
}

Hub::~Hub() = default;

void Hub::release() noexcept {
  if (refs_.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  SharedResource &memory = memory_;
  this->~Hub();
  memory.deallocate(this, sizeof(Hub), alignof(Hub));
  memory.release();
}

// ------------------------------------------------------------- publishing

Outcome Hub::publish(const std::string_view *topics, std::size_t n_topics, const OutgoingMessage &m,
                     Frame **published) {
  if (published != nullptr) *published = nullptr;
  if (Outcome o = validate_topics(topics, n_topics); !o.ok()) return o;

  char generated[max_generated_id_bytes];
  std::string_view id;
  std::pmr::string joined(&memory_);
  if (m.is_event()) {
    if (m.id) {
      if (Outcome o = validate_caller_id(*m.id, epoch_); !o.ok()) return o;
      id = *m.id;
    } else {
      id = format_id(generated, epoch_, next_id_.fetch_add(1, std::memory_order_relaxed) + 1);
    }
    for (std::size_t i = 0; i < n_topics; ++i) {
      if (i != 0) joined.push_back('\n');
      joined.append(topics[i]);
    }
  }
  FrameHold frame;
  if (Outcome o = build_frame(memory_, m, id, joined, settings_.max_event_bytes, &frame.f); !o.ok())
    return o;

  std::unique_lock lock(mu_);
  if (closed_) return {Status::closed, "publisher is closed"};
  if (m.is_event()) {
    if (m.id && history_.contains(id)) return {Status::invalid, "id is already in the history"};
    history_.append(frame.f);
  }
  const std::uint64_t stamp = ++stamp_;
  std::uint64_t delivered = 0, dropped = 0, slow = 0;
  for (std::size_t t = 0; t < n_topics; ++t) {
    auto entry = topics_.find(topics[t]);
    if (entry == topics_.end()) continue;
    for (Subscriber *s : entry->second.subscribers) {
      if (s->stamp_ == stamp) continue;
      s->stamp_ = stamp;
      switch (s->deliver(frame.f, dropped)) {
        case Subscriber::Delivery::queued:
          ++delivered;
          break;
        case Subscriber::Delivery::queued_edge:
          ++delivered;
          s->notify();
          break;
        case Subscriber::Delivery::closed_slow:
          s->unregister_pending_ = true;
          ++slow;
          s->notify();
          break;
        case Subscriber::Delivery::skipped:
          break;
      }
    }
  }
  if (slow != 0) {
    // Laggards leave the index after the loop that walked it.
    for (std::size_t t = 0; t < n_topics; ++t) {
      auto entry = topics_.find(topics[t]);
      if (entry == topics_.end()) continue;
      auto &subs = entry->second.subscribers;
      for (std::size_t i = 0; i < subs.size();) {
        if (subs[i]->unregister_pending_) {
          const bool last = subs.size() == 1;  // then the entry itself goes
          unregister_locked(*subs[i]);
          if (last) break;
        } else {
          ++i;
        }
      }
    }
  }
  ++counters_.published;
  counters_.delivered += delivered;
  counters_.dropped += dropped;
  counters_.disconnected_slow += slow;
  if (published != nullptr) {
    *published = frame.f;
    frame.f = nullptr;
  }
  return {};
}

// ------------------------------------------------------------ the index

void Hub::register_locked(Subscriber &s) {
  s.registered_ = true;  // unregister_locked() undoes a partial registration
  ++counters_.subscribers;
  try {
    for (auto &slot : s.topics_) {
      auto entry = topics_.find(std::string_view(slot.name));
      if (entry == topics_.end())
        entry = topics_.try_emplace(std::pmr::string(slot.name, &memory_), &memory_).first;
      entry->second.subscribers.push_back(&s);
      slot.entry = &entry->second;
      slot.position = entry->second.subscribers.size() - 1;
    }
    if (s.on_ready_.fn != nullptr && s.keep_alive_ms_ != 0) {
      timed_.push_back(&s);
      s.timed_position_ = timed_.size() - 1;
      start_timer_locked();
    }
  } catch (...) {
    unregister_locked(s);
    throw;
  }
}

void Hub::remove_from_topics_locked(Subscriber &s) {
  for (auto &slot : s.topics_) {
    if (slot.entry == nullptr) continue;
    auto *entry = static_cast<TopicEntry *>(slot.entry);
    auto &subs = entry->subscribers;
    Subscriber *moved = subs.back();
    subs[slot.position] = moved;
    subs.pop_back();
    if (moved != &s) {
      for (auto &other : moved->topics_)
        if (other.entry == entry) other.position = slot.position;
    }
    slot.entry = nullptr;
    if (subs.empty()) topics_.erase(topics_.find(std::string_view(slot.name)));
  }
}

void Hub::unregister_locked(Subscriber &s) {
  if (!s.registered_) return;
  remove_from_topics_locked(s);
  if (s.timed_position_ != static_cast<std::size_t>(-1)) {
    Subscriber *moved = timed_.back();
    timed_[s.timed_position_] = moved;
    moved->timed_position_ = s.timed_position_;
    timed_.pop_back();
    s.timed_position_ = static_cast<std::size_t>(-1);
  }
  s.registered_ = false;
  s.unregister_pending_ = false;
  --counters_.subscribers;
}

void Hub::unsubscribe(Subscriber &s) {
  std::lock_guard lock(mu_);
  unregister_locked(s);
}

template <typename Fn>
void Hub::for_each_subscriber_locked(Fn &&fn) {
  const std::uint64_t stamp = ++stamp_;
  for (auto &[name, entry] : topics_)
    for (Subscriber *s : entry.subscribers)
      if (s->stamp_ != stamp) {
        s->stamp_ = stamp;
        fn(*s);
      }
}

// ----------------------------------------------------------- subscribing

GapReason Hub::gap_reason_locked(std::string_view last_id) const {
  auto parsed = parse_generated_id(last_id);
  if (!parsed) return GapReason::unknown;
  if (parsed->epoch != epoch_) return GapReason::epoch;
  return parsed->n <= next_id_.load(std::memory_order_relaxed) ? GapReason::expired
                                                               : GapReason::unknown;
}

Outcome Hub::subscribe(Subscriber &s, const SubscribeRequest &r) {
  if (Outcome o = validate_topics(r.topics, r.n_topics); !o.ok()) return o;
  for (std::size_t i = 0; i < r.n_topics; ++i) {
    bool seen = false;
    for (auto &slot : s.topics_) seen = seen || slot.name == r.topics[i];
    if (seen) continue;
    s.topics_.push_back({std::pmr::string(r.topics[i], &memory_), nullptr, 0});
  }
  for (auto &slot : s.topics_) s.topic_names_.push_back(slot.name);
  FrameHold preamble;
  if (Outcome o = build_preamble(memory_, r.retry_ms, r.initial, settings_.max_event_bytes,
                                 &preamble.f);
      !o.ok())
    return o;

  std::unique_lock lock(mu_);
  if (closed_) return {Status::closed, "publisher is closed"};
  if (counters_.subscribers >= settings_.max_subscribers)
    return {Status::limit, "max_subscribers reached"};
  std::optional<std::uint64_t> after;
  FrameHold gap;
  bool replay = false;
  if (r.last_event_id && !r.last_event_id->empty()) {
    replay = true;
    after = history_.find(*r.last_event_id);
    if (!after)
      gap.f = build_gap_notice(memory_, settings_.gap_notice, gap_reason_locked(*r.last_event_id),
                               *r.last_event_id);
  }
  register_locked(s);
  std::uint64_t delivered = 0;
  try {
    if (preamble.f != nullptr) s.enqueue_initial(preamble.f);
    if (gap.f != nullptr) s.enqueue_initial(gap.f);
    if (replay) {
      const std::string_view *names = s.topic_names_.data();
      const std::size_t n = s.topic_names_.size();
      history_.for_each_after(after, [&](Frame *f) {
        if (f->on_any_topic_of(names, n)) {
          s.enqueue_initial(f);
          ++delivered;
        }
      });
    }
  } catch (...) {
    unregister_locked(s);
    throw;
  }
  counters_.delivered += delivered;
  return {};
}

// --------------------------------------------------------------- closing

Outcome Hub::close(const OutgoingMessage *final) {
  FrameHold frame;
  if (final != nullptr)
    if (Outcome o = build_frame(memory_, *final, final->id.value_or(std::string_view{}), {},
                                settings_.max_event_bytes, &frame.f);
        !o.ok())
      return o;
  bool join = false;
  {
    std::lock_guard lock(mu_);
    if (closed_) return {};
    closed_ = true;
    for_each_subscriber_locked([&](Subscriber &s) {
      if (s.end_after_drain(frame.f)) s.notify();
    });
    for_each_subscriber_locked([&](Subscriber &s) {
      s.registered_ = false;
      s.timed_position_ = static_cast<std::size_t>(-1);
      for (auto &slot : s.topics_) slot.entry = nullptr;
    });
    topics_.clear();
    timed_.clear();
    counters_.subscribers = 0;
    timer_stop_ = true;
    join = timer_running_;
    timer_running_ = false;
  }
  timer_cv_.notify_all();
  if (join) pthread_join(timer_, nullptr);
  return {};
}

// --------------------------------------------------------------- counters

HubStats Hub::stats() const {
  std::lock_guard lock(mu_);
  HubStats s = counters_;
  const std::int64_t queued = bytes_queued_.load(std::memory_order_relaxed);
  s.bytes_queued = queued > 0 ? static_cast<std::uint64_t>(queued) : 0;
  s.history_events = history_.events();
  s.history_bytes = history_.bytes();
  return s;
}

std::size_t Hub::topic_subscribers(std::string_view topic) const {
  std::lock_guard lock(mu_);
  auto entry = topics_.find(topic);
  return entry == topics_.end() ? 0 : entry->second.subscribers.size();
}

// ---------------------------------------------------- keep-alive timer

void Hub::start_timer_locked() {
  if (timer_running_ || timer_stop_) return;
  if (pthread_create(&timer_, nullptr, &Hub::timer_main, this) != 0) throw std::bad_alloc();
  timer_running_ = true;
}

void *Hub::timer_main(void *hub) {
  static_cast<Hub *>(hub)->run_timer();
  return nullptr;
}

void Hub::run_timer() {
  std::unique_lock lock(mu_);
  while (!timer_stop_) {
    const std::uint64_t now = settings_.clock.now();
    std::uint64_t next = settings_.keep_alive_ms != 0 ? settings_.keep_alive_ms : 60000;
    for (Subscriber *s : timed_) {
      std::uint64_t in_ms;
      if (s->keep_alive_tick(now, in_ms)) s->notify();
      next = std::min(next, in_ms);
    }
    if (settings_.clock.injected()) next = std::min(next, injected_clock_slice_ms);
    timer_cv_.wait_for(lock, std::chrono::milliseconds(std::max<std::uint64_t>(next, 1)));
  }
}

}  // namespace sse::core
