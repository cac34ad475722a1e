// extern "C" shims for sse_publisher_*, sse_subscriber_* and sse_frame_release (see
// <sse/publisher.h>): argument checks, conversions and the exception firewall around
// the core hub and subscribers.
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <new>
#include <optional>

#include "../../core/publisher/topic.hpp"
#include "boundary.hpp"
#include "handles.hpp"
#include "options.hpp"

using sse::capi::guarded;
using sse::capi::set_error;
namespace core = sse::core;

// The core fills the caller's arrays in place: its views have the C views' layout.
static_assert(sizeof(core::ByteView) == sizeof(sse_str) &&
              offsetof(core::ByteView, ptr) == offsetof(sse_str, ptr) &&
              offsetof(core::ByteView, len) == offsetof(sse_str, len));
static_assert(sizeof(core::FrameRef) == sizeof(sse_frame_ref) &&
              offsetof(core::FrameRef, bytes) == offsetof(sse_frame_ref, bytes) &&
              offsetof(core::FrameRef, frame) == offsetof(sse_frame_ref, frame));

namespace {

// Topics up to this many are converted on the stack; more go through the publisher's
// memory.
constexpr std::size_t stack_topics = 8;

int fail(const char *where, core::Outcome o) {
  return set_error(static_cast<int>(o.status), "%s: %s", where, o.message);
}

int status(const char *where, core::Status s, const char *what) {
  if (s == core::Status::ok) return 0;
  return set_error(static_cast<int>(s), "%s: %s", where, what);
}

// An sse_str field: NULL pointer = absent; `empty_is_absent` also for empty strings.
int to_field(const char *where, const char *name, sse_str s, bool empty_is_absent,
             std::optional<std::string_view> &out) {
  out.reset();
  if (s.ptr == nullptr) {
    if (s.len == 0) return 0;
    return set_error(SSE_EINVAL, "%s: %s has a NULL pointer but a non-zero length", where, name);
  }
  if (!(empty_is_absent && s.len == 0)) out = std::string_view(s.ptr, s.len);
  return 0;
}

int to_message(const char *where, const sse_message *in, core::OutgoingMessage &out) {
  sse_message m;
  if (int rc = sse::capi::read_message(where, in, m)) return rc;
  if (int rc = to_field(where, "type", m.type, true, out.type)) return rc;
  if (int rc = to_field(where, "data", m.data, false, out.data)) return rc;
  if (int rc = to_field(where, "id", m.id, false, out.id)) return rc;
  if (int rc = to_field(where, "comment", m.comment, false, out.comment)) return rc;
  if (m.retry_ms >= 0) out.retry_ms = static_cast<std::uint64_t>(m.retry_ms);
  return 0;
}

// The caller's topics as views: in `stack` when they fit, else in `heap`.
int to_topics(const char *where, const sse_str *topics, std::size_t n,
              std::string_view (&stack)[stack_topics], std::pmr::vector<std::string_view> &heap,
              const std::string_view *&out) {
  if (topics == nullptr || n == 0) return set_error(SSE_EINVAL, "%s: no topics given", where);
  std::string_view *views = stack;
  if (n > stack_topics) {
    heap.resize(n);
    views = heap.data();
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (topics[i].ptr == nullptr)
      return set_error(SSE_EINVAL, "%s: topic %zu has a NULL pointer", where, i);
    views[i] = std::string_view(topics[i].ptr, topics[i].len);
  }
  out = views;
  return 0;
}

void copy_id(std::string_view id, char *buf, std::size_t cap, std::size_t *len_out) {
  if (len_out != nullptr) *len_out = id.size();
  if (buf == nullptr || cap == 0) return;
  const std::size_t n = std::min(id.size(), cap - 1);
  std::memcpy(buf, id.data(), n);
  buf[n] = '\0';
}

void on_ready_thunk(void *context) {
  auto *s = static_cast<sse_subscriber *>(context);
  s->on_ready(s, s->user_data);
}

core::HubSettings to_settings(const sse_publisher_options &o) {
  core::HubSettings s;
  s.history_events = o.history_events;
  s.history_bytes = o.history_bytes;
  s.queue_bytes = o.queue_bytes;
  s.slow_policy = static_cast<core::SlowPolicy>(o.slow_policy - SSE_SLOW_DISCONNECT);
  s.block_timeout_ms = o.block_timeout_ms;
  s.keep_alive_ms = o.keep_alive_ms;
  s.gap_notice = static_cast<core::GapStyle>(o.gap_notice);
  s.max_event_bytes = o.max_event_bytes;
  s.max_subscribers = o.max_subscribers;
  if (o.epoch.ptr != nullptr) s.epoch = std::string_view(o.epoch.ptr, o.epoch.len);
  s.clock.now_ms = o.clock.now_ms;
  s.clock.user_data = o.clock.user_data;
  return s;
}

static_assert(static_cast<int>(core::SlowPolicy::disconnect) == 0 &&
              static_cast<int>(core::SlowPolicy::drop_oldest) == 1 &&
              static_cast<int>(core::SlowPolicy::block) == 2);
static_assert(static_cast<int>(core::GapStyle::event) == SSE_GAP_EVENT &&
              static_cast<int>(core::GapStyle::comment) == SSE_GAP_COMMENT &&
              static_cast<int>(core::GapStyle::off) == SSE_GAP_OFF);
static_assert(static_cast<int>(core::CloseReason::by_caller) == SSE_CLOSE_BY_CALLER &&
              static_cast<int>(core::CloseReason::slow) == SSE_CLOSE_SLOW &&
              static_cast<int>(core::CloseReason::publisher) == SSE_CLOSE_PUBLISHER);

int check_subscriber(const char *where, const sse_subscriber *s) {
  if (s == nullptr) return set_error(SSE_EINVAL, "%s: subscriber is NULL", where);
  return 0;
}

// The arguments of peek, take and read: a subscriber, a caller array of `max`
// entries (NULL only when max is 0) and a count output, zeroed first.
int check_pull(const char *where, const sse_subscriber *s, const void *array, std::size_t max,
               std::size_t *count_out) {
  if (count_out != nullptr) *count_out = 0;
  if (int rc = check_subscriber(where, s)) return rc;
  if (count_out == nullptr || (array == nullptr && max != 0))
    return set_error(SSE_EINVAL, "%s: the output array or count is NULL", where);
  return 0;
}

// A subscriber's read-side result: ECLOSED with a message saying why.
int subscriber_status(const char *where, const sse_subscriber *s, core::Status st) {
  if (st == core::Status::closed)
    return set_error(SSE_ECLOSED, "%s: subscriber is closed (reason %d) and drained", where,
                     static_cast<int>(s->core.close_reason()));
  return status(where, st, "failed");
}

}  // namespace

extern "C" {

// ------------------------------------------------------------------ publisher

SSE_API int sse_publisher_new(sse_publisher **out, const sse_publisher_options *opts) {
  static const char where[] = "sse_publisher_new";
  if (out == nullptr) return set_error(SSE_EINVAL, "%s: out is NULL", where);
  *out = nullptr;
  sse_publisher_options options;
  if (int rc = sse::capi::read_publisher_options(where, opts, options)) return rc;
  const core::HubSettings settings = to_settings(options);
  if (core::Outcome o = core::Hub::check_settings(settings); !o.ok()) return fail(where, o);
  return guarded(where, [&] {
    sse::capi::SharedAllocator *memory = sse::capi::SharedAllocator::create(options.allocator);
    void *block = nullptr;
    try {
      block = memory->allocate(sizeof(sse_publisher), alignof(sse_publisher));
      core::Hub *hub = core::Hub::create(*memory, settings);
      *out = new (block) sse_publisher{memory, hub};
    } catch (...) {
      if (block != nullptr) memory->deallocate(block, sizeof(sse_publisher), alignof(sse_publisher));
      memory->release();
      throw;
    }
    return 0;
  });
}

SSE_API int sse_publisher_publish(sse_publisher *p, const sse_str *topics, size_t n_topics,
                                  const sse_message *msg, char *id_buf, size_t id_cap,
                                  size_t *id_len_out) {
  static const char where[] = "sse_publisher_publish";
  if (id_len_out != nullptr) *id_len_out = 0;
  if (id_buf != nullptr && id_cap != 0) id_buf[0] = '\0';
  if (p == nullptr) return set_error(SSE_EINVAL, "%s: publisher is NULL", where);
  if (msg == nullptr) return set_error(SSE_EINVAL, "%s: message is NULL", where);
  if (id_buf == nullptr && id_cap != 0) return set_error(SSE_EINVAL, "%s: id_buf is NULL", where);
  core::OutgoingMessage m;
  if (int rc = to_message(where, msg, m)) return rc;
  return guarded(where, [&] {
    std::string_view stack[stack_topics];
    std::pmr::vector<std::string_view> heap(p->memory);
    const std::string_view *views = nullptr;
    if (int rc = to_topics(where, topics, n_topics, stack, heap, views)) return rc;
    core::Frame *frame = nullptr;
    if (core::Outcome o = p->hub->publish(views, n_topics, m, &frame); !o.ok()) return fail(where, o);
    copy_id(frame->id(), id_buf, id_cap, id_len_out);
    frame->release();
    return 0;
  });
}

SSE_API int sse_publisher_close(sse_publisher *p, const sse_message *final_msg) {
  static const char where[] = "sse_publisher_close";
  if (p == nullptr) return set_error(SSE_EINVAL, "%s: publisher is NULL", where);
  core::OutgoingMessage m;
  if (final_msg != nullptr)
    if (int rc = to_message(where, final_msg, m)) return rc;
  return guarded(where, [&] {
    if (core::Outcome o = p->hub->close(final_msg != nullptr ? &m : nullptr); !o.ok())
      return fail(where, o);
    return 0;
  });
}

SSE_API void sse_publisher_free(sse_publisher *p) {
  if (p == nullptr) return;
  (void)guarded("sse_publisher_free", [&] {
    p->hub->close(nullptr);
    return 0;
  });
  sse::capi::SharedAllocator *memory = p->memory;
  p->hub->release();
  memory->deallocate(p, sizeof(sse_publisher), alignof(sse_publisher));
  memory->release();
}

SSE_API int sse_publisher_get_stats(sse_publisher *p, sse_publisher_stats *out) {
  static const char where[] = "sse_publisher_get_stats";
  if (p == nullptr || out == nullptr)
    return set_error(SSE_EINVAL, "%s: publisher or out is NULL", where);
  if (int rc = sse::capi::check_struct_version<sse_publisher_stats>(where, out->version)) return rc;
  const core::HubStats s = p->hub->stats();
  sse_publisher_stats full = SSE_PUBLISHER_STATS_INIT;
  full.subscribers = s.subscribers;
  full.published = s.published;
  full.delivered = s.delivered;
  full.dropped = s.dropped;
  full.disconnected_slow = s.disconnected_slow;
  full.bytes_queued = s.bytes_queued;
  full.history_events = s.history_events;
  full.history_bytes = s.history_bytes;
  sse::capi::write_versioned(out, out->version, full);
  return 0;
}

SSE_API int sse_publisher_topic_subscribers(sse_publisher *p, sse_str topic, size_t *count_out) {
  static const char where[] = "sse_publisher_topic_subscribers";
  if (count_out != nullptr) *count_out = 0;
  if (p == nullptr || count_out == nullptr)
    return set_error(SSE_EINVAL, "%s: publisher or count_out is NULL", where);
  if (topic.ptr == nullptr) return set_error(SSE_EINVAL, "%s: topic is NULL", where);
  std::string_view name(topic.ptr, topic.len);
  if (core::Outcome o = core::validate_topic(name); !o.ok()) return fail(where, o);
  *count_out = p->hub->topic_subscribers(name);
  return 0;
}

// ----------------------------------------------------------------- subscriber

SSE_API int sse_subscriber_new(sse_subscriber **out, sse_publisher *p,
                               const sse_subscriber_options *opts) {
  static const char where[] = "sse_subscriber_new";
  if (out == nullptr) return set_error(SSE_EINVAL, "%s: out is NULL", where);
  *out = nullptr;
  if (p == nullptr) return set_error(SSE_EINVAL, "%s: publisher is NULL", where);
  if (opts == nullptr) return set_error(SSE_EINVAL, "%s: options are NULL (topics are required)", where);
  sse_subscriber_options o;
  if (int rc = sse::capi::read_subscriber_options(where, opts, o)) return rc;
  core::SubscribeRequest r;
  if (int rc = to_field(where, "last_event_id", o.last_event_id, true, r.last_event_id)) return rc;
  core::OutgoingMessage initial;
  if (o.initial != nullptr) {
    if (int rc = to_message(where, o.initial, initial)) return rc;
    r.initial = &initial;
  }
  if (o.retry_ms >= 0) r.retry_ms = static_cast<std::uint64_t>(o.retry_ms);
  r.queue_bytes = o.queue_bytes;
  if (o.slow_policy != SSE_SLOW_INHERIT)
    r.slow_policy = static_cast<core::SlowPolicy>(o.slow_policy - SSE_SLOW_DISCONNECT);
  if (o.keep_alive_ms >= 0) r.keep_alive_ms = static_cast<std::uint64_t>(o.keep_alive_ms);
  return guarded(where, [&] {
    std::string_view stack[stack_topics];
    std::pmr::vector<std::string_view> heap(p->memory);
    if (int rc = to_topics(where, o.topics, o.n_topics, stack, heap, r.topics)) return rc;
    r.n_topics = o.n_topics;
    core::Hub &hub = *p->hub;
    void *block = hub.memory().allocate(sizeof(sse_subscriber), alignof(sse_subscriber));
    sse_subscriber *s;
    try {
      if (o.on_ready != nullptr) r.on_ready = core::ReadyNotify{&on_ready_thunk, block};
      s = new (block) sse_subscriber(hub, r, o.on_ready, o.user_data);
    } catch (...) {
      hub.memory().deallocate(block, sizeof(sse_subscriber), alignof(sse_subscriber));
      throw;
    }
    core::Outcome outcome;
    try {
      outcome = hub.subscribe(s->core, r);
    } catch (...) {
      sse_subscriber_free(s);
      throw;
    }
    if (!outcome.ok()) {
      sse_subscriber_free(s);
      return fail(where, outcome);
    }
    *out = s;
    return 0;
  });
}

SSE_API int sse_subscriber_peek(sse_subscriber *s, sse_str *chunks, size_t max_chunks,
                                size_t *count_out) {
  static const char where[] = "sse_subscriber_peek";
  if (int rc = check_pull(where, s, chunks, max_chunks, count_out)) return rc;
  return subscriber_status(
      where, s, s->core.peek(reinterpret_cast<core::ByteView *>(chunks), max_chunks, *count_out));
}

SSE_API int sse_subscriber_consume(sse_subscriber *s, size_t n) {
  static const char where[] = "sse_subscriber_consume";
  if (int rc = check_subscriber(where, s)) return rc;
  if (s->core.consume(n) != core::Status::ok)
    return set_error(SSE_EINVAL, "%s: %zu bytes is more than the subscriber has ready", where, n);
  return 0;
}

SSE_API int sse_subscriber_take(sse_subscriber *s, sse_frame_ref *frames, size_t max_frames,
                                size_t *count_out) {
  static const char where[] = "sse_subscriber_take";
  if (int rc = check_pull(where, s, frames, max_frames, count_out)) return rc;
  return subscriber_status(
      where, s, s->core.take(reinterpret_cast<core::FrameRef *>(frames), max_frames, *count_out));
}

SSE_API void sse_frame_release(sse_frame *f) {
  if (f != nullptr) reinterpret_cast<core::Frame *>(f)->release();
}

SSE_API int sse_subscriber_read(sse_subscriber *s, char *buf, size_t cap, size_t *read_out) {
  static const char where[] = "sse_subscriber_read";
  if (int rc = check_pull(where, s, buf, cap, read_out)) return rc;
  return subscriber_status(where, s, s->core.read(buf, cap, *read_out));
}

SSE_API int sse_subscriber_wait(sse_subscriber *s, int timeout_ms) {
  static const char where[] = "sse_subscriber_wait";
  if (int rc = check_subscriber(where, s)) return rc;
  const core::Status st = s->core.wait(timeout_ms);
  if (st == core::Status::timed_out)
    return set_error(SSE_ETIMEDOUT, "%s: nothing ready within %d ms", where, timeout_ms);
  return subscriber_status(where, s, st);
}

SSE_API int sse_subscriber_wakeup(sse_subscriber *s) {
  if (int rc = check_subscriber("sse_subscriber_wakeup", s)) return rc;
  s->core.wakeup();
  return 0;
}

SSE_API int sse_subscriber_fd(sse_subscriber *s, int *fd_out) {
  static const char where[] = "sse_subscriber_fd";
  if (int rc = check_subscriber(where, s)) return rc;
  if (fd_out == nullptr) return set_error(SSE_EINVAL, "%s: fd_out is NULL", where);
  *fd_out = -1;
  return status(where, s->core.fd(*fd_out), "the system refused an epoll, eventfd or timerfd descriptor");
}

SSE_API int sse_subscriber_close(sse_subscriber *s) {
  static const char where[] = "sse_subscriber_close";
  if (int rc = check_subscriber(where, s)) return rc;
  s->core.close();
  return 0;
}

SSE_API int sse_subscriber_close_reason(const sse_subscriber *s) {
  return s == nullptr ? SSE_CLOSE_NONE : static_cast<int>(s->core.close_reason());
}

SSE_API size_t sse_subscriber_queued_bytes(const sse_subscriber *s) {
  return s == nullptr ? 0 : s->core.queued_bytes();
}

SSE_API void *sse_subscriber_user_data(const sse_subscriber *s) {
  return s == nullptr ? nullptr : s->user_data;
}

SSE_API void sse_subscriber_free(sse_subscriber *s) {
  if (s == nullptr) return;
  core::SharedResource &memory = s->core.hub_memory();
  memory.retain();  // the subscriber's hub may go with it
  s->~sse_subscriber();
  memory.deallocate(s, sizeof(sse_subscriber), alignof(sse_subscriber));
  memory.release();
}

}  // extern "C"
