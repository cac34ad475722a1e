// extern "C" shims for sse_parser_*: argument checks, re-entrancy guard, sticky
// errors and the exception firewall around the core parser.
#include <cstring>

#include "boundary.hpp"
#include "handles.hpp"
#include "options.hpp"

using sse::capi::guarded;
using sse::capi::set_error;

namespace {

inline sse_str view(std::string_view s) { return sse_str{s.data(), s.size()}; }

// Common preconditions of the mutating calls.
int check_usable(const char *where, const sse_parser *p) {
  if (p == nullptr) return set_error(SSE_EINVAL, "%s: parser is NULL", where);
  if (p->in_callback)
    return set_error(SSE_EBUSY, "%s: not allowed from inside one of this parser's callbacks",
                     where);
  return 0;
}

constexpr char kFeed[] = "sse_parser_feed";

// Why sse_parser_feed refused to start (the checks in their documented order).
[[gnu::cold, gnu::noinline]] int refuse_feed(const sse_parser *p, const char *data, size_t len,
                                             size_t *consumed_out) {
  if (consumed_out != nullptr) *consumed_out = 0;
  if (int rc = check_usable(kFeed, p)) return rc;
  if (data == nullptr && len != 0) return set_error(SSE_EINVAL, "%s: data is NULL", kFeed);
  return set_error(p->sticky_error, "%s: parser failed earlier (%s); call sse_parser_reset()",
                   kFeed, sse_strerror(p->sticky_error));
}

}  // namespace

int sse_parser::on_event(const sse::core::Event &event) {
  if (callbacks.on_event == nullptr) return 0;
  sse_event ev{view(event.type), view(event.data), view(event.id)};
  return callbacks.on_event(this, &ev, user_data);
}

int sse_parser::on_comment(std::string_view text) {
  return callbacks.on_comment(this, view(text), user_data);
}

int sse_parser::on_retry(std::uint64_t milliseconds) {
  return callbacks.on_retry ? callbacks.on_retry(this, milliseconds, user_data) : 0;
}

int sse_parser::on_skipped(std::string_view reason) {
  // The reason is NUL-terminated: the core formats it into a C string.
  return callbacks.on_error ? callbacks.on_error(this, SSE_ELIMIT, reason.data(), user_data) : 0;
}

extern "C" {

SSE_API int sse_parser_new(sse_parser **out, const sse_parser_options *opts,
                           const sse_parser_callbacks *cbs, void *user_data) {
  static const char where[] = "sse_parser_new";
  if (out == nullptr) return set_error(SSE_EINVAL, "%s: out is NULL", where);
  *out = nullptr;
  sse_parser_options options;
  sse_parser_callbacks callbacks;
  if (int rc = sse::capi::read_parser_options(where, opts, options)) return rc;
  if (int rc = sse::capi::read_parser_callbacks(where, cbs, callbacks)) return rc;
  return guarded(where, [&] {
    *out = sse::capi::create_handle<sse_parser>(options.allocator, options, callbacks, user_data);
    return 0;
  });
}

SSE_API void sse_parser_free(sse_parser *p) {
  if (p == nullptr) return;
  if (p->in_callback) {
    // Freeing the parser under its own feed would pull the memory from under it.
    set_error(SSE_EBUSY, "sse_parser_free: ignored, called from inside a callback");
    return;
  }
  sse::capi::destroy_handle(p);
}

SSE_API int sse_parser_feed(sse_parser *p, const char *data, size_t len, size_t *consumed_out) {
  // A live stream calls this once per read: the success path tests one condition for
  // every refusal and leaves the messages to a cold function.
  if (p == nullptr || p->in_callback || p->sticky_error != 0 || data == nullptr) [[unlikely]] {
    if (p != nullptr && !p->in_callback && p->sticky_error == 0 && len == 0) {
      if (consumed_out != nullptr) *consumed_out = 0;
      return 0;  // (NULL, 0) is an empty feed
    }
    return refuse_feed(p, data, len, consumed_out);
  }
  size_t consumed = 0;
  int rc = 0;
  p->in_callback = true;
  try {
    rc = p->core.feed(data, len, consumed);
  } catch (...) {
    // The core may have stopped mid-line: only reset or free may follow.
    rc = sse::capi::translate_current_exception(kFeed);
    p->sticky_error = rc;
  }
  p->in_callback = false;
  if (consumed_out != nullptr) *consumed_out = consumed;
  if (rc == 0) [[likely]] return 0;
  if (p->sticky_error != 0) return rc;
  if (rc > 0) return SSE_PAUSED;
  return set_error(rc, "%s: aborted by a callback that returned %d", kFeed, rc);
}

SSE_API int sse_parser_finish(sse_parser *p) {
  static const char where[] = "sse_parser_finish";
  if (int rc = check_usable(where, p)) return rc;
  if (p->sticky_error != 0)
    return set_error(p->sticky_error, "%s: parser failed earlier (%s); call sse_parser_reset()",
                     where, sse_strerror(p->sticky_error));
  p->core.finish();
  return 0;
}

SSE_API int sse_parser_reset(sse_parser *p) {
  if (int rc = check_usable("sse_parser_reset", p)) return rc;
  p->core.reset();
  p->sticky_error = 0;
  return 0;
}

SSE_API int sse_parser_set_last_event_id(sse_parser *p, const char *id, size_t len) {
  static const char where[] = "sse_parser_set_last_event_id";
  if (int rc = check_usable(where, p)) return rc;
  if (id == nullptr && len != 0) return set_error(SSE_EINVAL, "%s: id is NULL", where);
  if (len != 0 && std::memchr(id, '\0', len) != nullptr)
    return set_error(SSE_EINVAL, "%s: id contains NUL, which the protocol ignores (P18)", where);
  return guarded(where, [&] {
    p->core.set_last_event_id(std::string_view(id ? id : "", len));
    return 0;
  });
}

SSE_API sse_str sse_parser_last_event_id(const sse_parser *p) {
  if (p == nullptr) return sse_str{nullptr, 0};
  return view(p->core.last_event_id());
}

SSE_API uint64_t sse_parser_skipped_events(const sse_parser *p) {
  return p ? p->core.skipped_events() : 0;
}

SSE_API void *sse_parser_user_data(const sse_parser *p) { return p ? p->user_data : nullptr; }

SSE_API void sse_parser_set_user_data(sse_parser *p, void *user_data) {
  if (p != nullptr) p->user_data = user_data;
}

}  // extern "C"
