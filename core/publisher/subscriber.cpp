#include "subscriber.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <new>

#include "hub.hpp"

namespace sse::core {
namespace {

constexpr std::uint64_t never = static_cast<std::uint64_t>(-1);

// With an injected clock, real sleeps are cut into slices so a test that moves the
// clock is noticed.
constexpr std::uint64_t injected_clock_slice_ms = 20;

}  // namespace

Subscriber::Subscriber(Hub &hub, const SubscribeRequest &r)
    : hub_(hub),
      queue_bytes_(r.queue_bytes != 0 ? r.queue_bytes : hub.settings().queue_bytes),
      policy_(r.slow_policy.value_or(hub.settings().slow_policy)),
      keep_alive_ms_(r.keep_alive_ms.value_or(hub.settings().keep_alive_ms)),
      on_ready_(r.on_ready),
      topics_(&hub.memory()),
      topic_names_(&hub.memory()),
      queue_(hub.memory()) {
  hub.retain();
  last_activity_ms_ = hub.settings().clock.now();
}

Subscriber::~Subscriber() {
  close();
  if (last_event_ != nullptr) last_event_->release();
  hub_.release();
}

// ------------------------------------------------------------------ hub side

void Subscriber::queue_locked(Frame *f) {
  queue_.push(f);
  f->retain();
  bytes_ += f->size();
  hub_.add_bytes_queued(static_cast<std::int64_t>(f->size()));
}

void Subscriber::enqueue_initial(Frame *f) {
  std::lock_guard lock(mu_);
  queue_locked(f);
}

// Drops the oldest frames that can go (not a partly sent front frame, not an unsent
// notice) until `room_for` more bytes fit, and puts one gap notice where they were.
void Subscriber::drop_oldest_locked(std::size_t room_for, std::uint64_t &dropped) {
  const std::size_t sending = head_offset_ != 0 ? 1 : 0;
  if (sending != 0 && queue_.at(0) == gap_notice_) gap_notice_ = nullptr;  // being sent
  const std::size_t keep = sending + (gap_notice_ != nullptr ? 1 : 0);
  std::size_t freed = 0;
  std::uint64_t dropped_now = 0;
  while (queue_.size() > keep && bytes_ - freed + room_for > queue_bytes_) {
    Frame *f = queue_.remove_at(keep);
    freed += f->size();
    if (f != Frame::keep_alive()) ++dropped_now;
    f->release();
  }
  bytes_ -= freed;
  hub_.add_bytes_queued(-static_cast<std::int64_t>(freed));
  dropped += dropped_now;
  if (dropped_now == 0 || gap_notice_ != nullptr) return;
  // The last event the client had: the partly sent front, or the last one sent.
  Frame *before = sending ? queue_.at(0) : nullptr;
  if (before == nullptr || before->id().empty()) before = last_event_;
  std::optional<std::string_view> last_id;
  if (before != nullptr && !before->id().empty()) last_id = before->id();
  Frame *gap = build_gap_notice(hub_.memory(), hub_.settings().gap_notice, GapReason::dropped, last_id);
  if (gap == nullptr) return;
  try {
    queue_.insert_at(sending, gap);
  } catch (...) {
    gap->release();
    throw;
  }
  bytes_ += gap->size();
  hub_.add_bytes_queued(static_cast<std::int64_t>(gap->size()));
  gap_notice_ = gap;
}

void Subscriber::forget_sent_locked(Frame *f) {
  if (f == gap_notice_) gap_notice_ = nullptr;
}

Subscriber::Delivery Subscriber::deliver(Frame *f, std::uint64_t &dropped) {
  bool edge;
  {
    std::unique_lock lock(mu_);
    if (close_reason() != CloseReason::none) return Delivery::skipped;
    try {
      if (!fits_locked(f->size())) {
        switch (policy_) {
          case SlowPolicy::disconnect:
            close_locked(CloseReason::slow);
            return Delivery::closed_slow;
          case SlowPolicy::drop_oldest:
            drop_oldest_locked(f->size(), dropped);
            break;
          case SlowPolicy::block: {
            const auto deadline = std::chrono::steady_clock::now() +
                                  std::chrono::milliseconds(hub_.settings().block_timeout_ms);
            ++room_waiters_;
            cv_.wait_until(lock, deadline, [&] {
              return close_reason() != CloseReason::none || fits_locked(f->size());
            });
            --room_waiters_;
            if (close_reason() != CloseReason::none) return Delivery::skipped;
            if (!fits_locked(f->size())) {
              close_locked(CloseReason::slow);
              return Delivery::closed_slow;
            }
            break;
          }
        }
      }
      edge = queue_.empty();
      queue_locked(f);
    } catch (const std::bad_alloc &) {
      // No room to record the frame: the client resumes from the history instead.
      close_locked(CloseReason::slow);
      return Delivery::closed_slow;
    }
    if (edge) {
      fd_.signal();
      if (waiters_ != 0) cv_.notify_all();
    }
  }
  return edge ? Delivery::queued_edge : Delivery::queued;
}

bool Subscriber::end_after_drain(Frame *final) {
  std::lock_guard lock(mu_);
  if (close_reason() != CloseReason::none) return false;
  if (final != nullptr) {
    try {
      queue_locked(final);
    } catch (const std::bad_alloc &) {
      // Ends without the final message rather than not at all.
    }
  }
  reason_.store(CloseReason::publisher, std::memory_order_release);
  fd_.signal();
  cv_.notify_all();
  return true;
}

bool Subscriber::keep_alive_tick(std::uint64_t now, std::uint64_t &next_ms) {
  std::lock_guard lock(mu_);
  next_ms = keep_alive_ms_;
  if (close_reason() != CloseReason::none || keep_alive_notified_) return false;
  const std::uint64_t due = last_activity_ms_ + keep_alive_ms_;
  if (now < due) {
    next_ms = due - now;
    return false;
  }
  if (!queue_.empty()) return false;  // output is pending already
  keep_alive_notified_ = true;
  return true;
}

// -------------------------------------------------------------- host side

void Subscriber::close_locked(CloseReason reason) {
  if (close_reason() != CloseReason::none && close_reason() != CloseReason::publisher) return;
  reason_.store(reason, std::memory_order_release);
  hub_.add_bytes_queued(-static_cast<std::int64_t>(bytes_));
  queue_.clear();
  gap_notice_ = nullptr;
  bytes_ = 0;
  head_offset_ = 0;
  fd_.signal();
  cv_.notify_all();
}

void Subscriber::close() {
  {
    std::lock_guard lock(mu_);
    close_locked(CloseReason::by_caller);
  }
  hub_.unsubscribe(*this);
}

bool Subscriber::add_keep_alive_if_due_locked() {
  if (keep_alive_ms_ == 0 || !queue_.empty() || close_reason() != CloseReason::none) return false;
  if (hub_.settings().clock.now() - last_activity_ms_ < keep_alive_ms_) return false;
  try {
    queue_locked(Frame::keep_alive());
  } catch (const std::bad_alloc &) {
    return false;  // the ring could not grow: try again on the next call
  }
  return true;
}

void Subscriber::became_empty_locked() {
  if (!fd_.is_open() || close_reason() != CloseReason::none) return;
  if (!woken_) fd_.unsignal();
  if (keep_alive_ms_ != 0) {
    const std::uint64_t now = hub_.settings().clock.now();
    const std::uint64_t due = last_activity_ms_ + keep_alive_ms_;
    fd_.arm_timer(due > now ? due - now : 1);
  }
}

void Subscriber::consumed_locked(std::size_t bytes, Frame *last_event) {
  if (bytes == 0) return;
  bytes_ -= bytes;
  hub_.add_bytes_queued(-static_cast<std::int64_t>(bytes));
  if (last_event != nullptr) {
    last_event->retain();
    if (last_event_ != nullptr) last_event_->release();
    last_event_ = last_event;
  }
  last_activity_ms_ = hub_.settings().clock.now();
  keep_alive_notified_ = false;
  if (room_waiters_ != 0) cv_.notify_all();
  if (queue_.empty()) became_empty_locked();
}

Status Subscriber::peek(ByteView *chunks, std::size_t max_chunks, std::size_t &count) {
  std::lock_guard lock(mu_);
  add_keep_alive_if_due_locked();
  count = std::min(max_chunks, queue_.size());
  for (std::size_t i = 0; i < count; ++i) {
    std::string_view bytes = queue_.at(i)->bytes().substr(i == 0 ? head_offset_ : 0);
    chunks[i] = ByteView{bytes.data(), bytes.size()};
  }
  if (queue_.empty()) {
    if (close_reason() != CloseReason::none) return Status::closed;
    woken_ = false;
    became_empty_locked();
  }
  return Status::ok;
}

Status Subscriber::consume(std::size_t n) {
  std::lock_guard lock(mu_);
  if (n > bytes_) return Status::invalid;
  const std::size_t total = n;
  Frame *last_event = nullptr;
  while (n != 0) {
    Frame *f = queue_.at(0);
    const std::size_t rest = f->size() - head_offset_;
    if (n < rest) {
      head_offset_ += n;
      break;
    }
    n -= rest;
    head_offset_ = 0;
    forget_sent_locked(queue_.pop());
    if (!f->id().empty()) {
      if (last_event != nullptr) last_event->release();
      last_event = f;  // keeps the queue's reference until recorded
    } else {
      f->release();
    }
  }
  consumed_locked(total, last_event);
  if (last_event != nullptr) last_event->release();
  return Status::ok;
}

Status Subscriber::take(FrameRef *frames, std::size_t max_frames, std::size_t &count) {
  std::lock_guard lock(mu_);
  add_keep_alive_if_due_locked();
  count = 0;
  std::size_t taken = 0;
  Frame *last_event = nullptr;
  while (count < max_frames && !queue_.empty()) {
    Frame *f = queue_.pop();
    forget_sent_locked(f);
    std::string_view bytes = f->bytes().substr(head_offset_);
    frames[count++] = FrameRef{{bytes.data(), bytes.size()}, f};
    taken += bytes.size();
    head_offset_ = 0;
    if (!f->id().empty()) last_event = f;
  }
  if (count == 0) {
    if (close_reason() != CloseReason::none) return Status::closed;
    woken_ = false;
    became_empty_locked();
    return Status::ok;
  }
  consumed_locked(taken, last_event);
  return Status::ok;
}

Status Subscriber::read(char *buf, std::size_t cap, std::size_t &copied) {
  std::lock_guard lock(mu_);
  add_keep_alive_if_due_locked();
  copied = 0;
  Frame *last_event = nullptr;
  while (copied < cap && !queue_.empty()) {
    Frame *f = queue_.at(0);
    std::string_view rest = f->bytes().substr(head_offset_);
    const std::size_t n = std::min(rest.size(), cap - copied);
    std::memcpy(buf + copied, rest.data(), n);
    copied += n;
    if (n < rest.size()) {
      head_offset_ += n;
      break;
    }
    head_offset_ = 0;
    forget_sent_locked(queue_.pop());
    if (!f->id().empty()) {
      if (last_event != nullptr) last_event->release();
      last_event = f;
    } else {
      f->release();
    }
  }
  if (copied == 0 && queue_.empty()) {
    if (close_reason() != CloseReason::none) return Status::closed;
    woken_ = false;
    became_empty_locked();
    return Status::ok;
  }
  consumed_locked(copied, last_event);
  if (last_event != nullptr) last_event->release();
  return Status::ok;
}

Status Subscriber::wait(int timeout_ms) {
  std::unique_lock lock(mu_);
  const bool limited = timeout_ms >= 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(limited ? timeout_ms : 0);
  const bool injected = hub_.settings().clock.injected();
  for (;;) {
    if (!queue_.empty()) return Status::ok;
    if (close_reason() != CloseReason::none) return Status::closed;
    if (woken_) {
      woken_ = false;
      return Status::ok;
    }
    if (add_keep_alive_if_due_locked()) return Status::ok;
    std::uint64_t sleep_ms = never;
    if (keep_alive_ms_ != 0) {
      const std::uint64_t now = hub_.settings().clock.now();
      const std::uint64_t due = last_activity_ms_ + keep_alive_ms_;
      sleep_ms = due > now ? due - now : 1;
      if (injected) sleep_ms = std::min(sleep_ms, injected_clock_slice_ms);
    }
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(
                     std::min<std::uint64_t>(sleep_ms, 24u * 3600u * 1000u));
    if (limited) {
      if (std::chrono::steady_clock::now() >= deadline) return Status::timed_out;
      until = std::min(until, deadline);
    }
    ++waiters_;
    cv_.wait_until(lock, until);
    --waiters_;
  }
}

void Subscriber::wakeup() {
  std::lock_guard lock(mu_);
  woken_ = true;
  fd_.signal();
  cv_.notify_all();
}

Status Subscriber::fd(int &out) {
  std::lock_guard lock(mu_);
  if (!fd_.is_open()) {
    if (!fd_.open()) return Status::io;
    if (!queue_.empty() || woken_ || close_reason() != CloseReason::none) {
      fd_.signal();
    } else {
      became_empty_locked();
    }
  }
  out = fd_.fd();
  return Status::ok;
}

SharedResource &Subscriber::hub_memory() const { return hub_.memory(); }

std::size_t Subscriber::queued_bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

}  // namespace sse::core
