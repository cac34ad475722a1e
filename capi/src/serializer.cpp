// extern "C" shims for sse_serializer_*: argument checks and the exception firewall
// around the core serializer.
#include <cstring>
#include <optional>

#include "boundary.hpp"
#include "handles.hpp"
#include "options.hpp"

using sse::capi::guarded;
using sse::capi::set_error;

namespace {

// An sse_str as an optional field: NULL pointer = absent (house style B6).
bool to_field(sse_str s, std::optional<std::string_view> &out) {
  if (s.ptr == nullptr) {
    out.reset();
    return s.len == 0;
  }
  out = std::string_view(s.ptr, s.len);
  return true;
}

// Runs a core write and records its rejection, if any, under the public name.
template <typename Write>
int write(const char *where, sse_serializer *s, Write &&write_call) {
  if (s == nullptr) return set_error(SSE_EINVAL, "%s: serializer is NULL", where);
  return guarded(where, [&] {
    sse::core::Outcome outcome = write_call(s->core);
    if (outcome.ok()) return 0;
    return set_error(static_cast<int>(outcome.status), "%s: %s", where, outcome.message);
  });
}

}  // namespace

extern "C" {

SSE_API int sse_serializer_new(sse_serializer **out, const sse_serializer_options *opts) {
  static const char where[] = "sse_serializer_new";
  if (out == nullptr) return set_error(SSE_EINVAL, "%s: out is NULL", where);
  *out = nullptr;
  sse_serializer_options options;
  if (int rc = sse::capi::read_serializer_options(where, opts, options)) return rc;
  return guarded(where, [&] {
    *out = sse::capi::create_handle<sse_serializer>(options.allocator, options);
    return 0;
  });
}

SSE_API void sse_serializer_free(sse_serializer *s) {
  if (s != nullptr) sse::capi::destroy_handle(s);
}

SSE_API int sse_serializer_write_event(sse_serializer *s, const sse_event *ev) {
  static const char where[] = "sse_serializer_write_event";
  if (ev == nullptr) return set_error(SSE_EINVAL, "%s: event is NULL", where);
  sse::core::OutgoingEvent event;
  if (!to_field(ev->type, event.type) || !to_field(ev->data, event.data) ||
      !to_field(ev->id, event.id))
    return set_error(SSE_EINVAL, "%s: a field has a NULL pointer but a non-zero length", where);
  return write(where, s, [&](sse::core::Serializer &core) { return core.write_event(event); });
}

SSE_API int sse_serializer_write_comment(sse_serializer *s, sse_str text) {
  static const char where[] = "sse_serializer_write_comment";
  if (text.ptr == nullptr && text.len != 0)
    return set_error(SSE_EINVAL, "%s: text has a NULL pointer but a non-zero length", where);
  std::string_view body(text.ptr ? text.ptr : "", text.len);
  return write(where, s, [&](sse::core::Serializer &core) { return core.write_comment(body); });
}

SSE_API int sse_serializer_write_keepalive(sse_serializer *s) {
  return write("sse_serializer_write_keepalive", s,
               [](sse::core::Serializer &core) { return core.write_keepalive(); });
}

SSE_API int sse_serializer_write_retry(sse_serializer *s, uint64_t retry_ms) {
  return write("sse_serializer_write_retry", s,
               [&](sse::core::Serializer &core) { return core.write_retry(retry_ms); });
}

SSE_API sse_str sse_serializer_pending(const sse_serializer *s) {
  if (s == nullptr) return sse_str{nullptr, 0};
  std::string_view pending = s->core.pending();
  return sse_str{pending.data(), pending.size()};
}

SSE_API int sse_serializer_consume(sse_serializer *s, size_t n) {
  static const char where[] = "sse_serializer_consume";
  if (s == nullptr) return set_error(SSE_EINVAL, "%s: serializer is NULL", where);
  if (n > s->core.pending().size())
    return set_error(SSE_EINVAL, "%s: %zu bytes requested but only %zu pending", where, n,
                     s->core.pending().size());
  s->core.consume(n);
  return 0;
}

SSE_API int sse_serializer_drain(sse_serializer *s, char *buf, size_t cap, size_t *written_out) {
  static const char where[] = "sse_serializer_drain";
  if (written_out != nullptr) *written_out = 0;
  if (s == nullptr) return set_error(SSE_EINVAL, "%s: serializer is NULL", where);
  if (buf == nullptr && cap != 0) return set_error(SSE_EINVAL, "%s: buf is NULL", where);
  std::string_view pending = s->core.pending();
  size_t n = pending.size() < cap ? pending.size() : cap;
  if (n != 0) std::memcpy(buf, pending.data(), n);
  s->core.consume(n);
  if (written_out != nullptr) *written_out = n;
  return 0;
}

SSE_API int sse_serializer_reset(sse_serializer *s) {
  if (s == nullptr) return set_error(SSE_EINVAL, "sse_serializer_reset: serializer is NULL");
  s->core.reset();
  return 0;
}

}  // extern "C"
