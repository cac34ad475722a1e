#include "options.hpp"

#include <climits>

#include "error.hpp"

#include <sse/features.h>

namespace sse::capi {
int check_version(const char *where, const char *what, unsigned int version, unsigned int current) {
  if (version == 0)
    return set_error(SSE_EINVAL, "%s: %s version is 0; initialise it with the _INIT macro or "
                     "_init() function", where, what);
  if (version > current)
    return set_error(SSE_EVERSION, "%s: %s version %u is newer than this library supports (%u)",
                     where, what, version, current);
  return 0;
}

namespace {

int check_allocator(const char *where, const sse_allocator *a) {
  if (a != nullptr && (a->malloc == nullptr || a->free == nullptr))
    return set_error(SSE_EINVAL, "%s: allocator must provide malloc and free", where);
  return 0;
}

}  // namespace

int read_parser_options(const char *where, const sse_parser_options *in, sse_parser_options &out) {
  const sse_parser_options defaults = SSE_PARSER_OPTIONS_INIT;
  if (int rc = read_versioned(where, in, out, defaults)) return rc;
  if (out.max_event_bytes == 0)
    return set_error(SSE_EINVAL, "%s: max_event_bytes must be greater than 0", where);
  return check_allocator(where, out.allocator);
}

int read_parser_callbacks(const char *where, const sse_parser_callbacks *in,
                          sse_parser_callbacks &out) {
  const sse_parser_callbacks defaults = SSE_PARSER_CALLBACKS_INIT;
  return read_versioned(where, in, out, defaults);
}

int read_serializer_options(const char *where, const sse_serializer_options *in,
                            sse_serializer_options &out) {
  const sse_serializer_options defaults = SSE_SERIALIZER_OPTIONS_INIT;
  if (int rc = read_versioned(where, in, out, defaults)) return rc;
  if (out.max_pending_bytes == 0)
    return set_error(SSE_EINVAL, "%s: max_pending_bytes must be greater than 0", where);
  return check_allocator(where, out.allocator);
}

// `in` is required (the URL): sse_client_new rejects NULL before calling this.
int read_client_options(const char *where, const sse_client_options *in, sse_client_options &out) {
  const sse_client_options defaults = SSE_CLIENT_OPTIONS_INIT;
  if (int rc = read_versioned(where, in, out, defaults)) return rc;
  if (out.max_event_bytes == 0)
    return set_error(SSE_EINVAL, "%s: max_event_bytes must be greater than 0", where);
  if (out.jitter_percent > 100)
    return set_error(SSE_EINVAL, "%s: jitter_percent must be 0..100", where);
  if (out.connect_timeout_ms > static_cast<uint64_t>(LONG_MAX))
    return set_error(SSE_EINVAL, "%s: connect_timeout_ms is too large", where);
  return check_allocator(where, out.allocator);
}

int read_client_callbacks(const char *where, const sse_client_callbacks *in,
                          sse_client_callbacks &out) {
  const sse_client_callbacks defaults = SSE_CLIENT_CALLBACKS_INIT;
  return read_versioned(where, in, out, defaults);
}

int read_publisher_options(const char *where, const sse_publisher_options *in,
                           sse_publisher_options &out) {
  const sse_publisher_options defaults = SSE_PUBLISHER_OPTIONS_INIT;
  if (int rc = read_versioned(where, in, out, defaults)) return rc;
  if (out.queue_bytes == 0)
    return set_error(SSE_EINVAL, "%s: queue_bytes must be greater than 0", where);
  if (out.max_event_bytes == 0)
    return set_error(SSE_EINVAL, "%s: max_event_bytes must be greater than 0", where);
  if (out.slow_policy < SSE_SLOW_DISCONNECT || out.slow_policy > SSE_SLOW_BLOCK)
    return set_error(SSE_EINVAL, "%s: slow_policy must be disconnect, drop_oldest or block", where);
  if (out.gap_notice < SSE_GAP_EVENT || out.gap_notice > SSE_GAP_OFF)
    return set_error(SSE_EINVAL, "%s: gap_notice must be event, comment or off", where);
  if (out.epoch.ptr == nullptr && out.epoch.len != 0)
    return set_error(SSE_EINVAL, "%s: epoch has a NULL pointer but a non-zero length", where);
  return check_allocator(where, out.allocator);
}

int read_message(const char *where, const sse_message *in, sse_message &out) {
  const sse_message defaults = SSE_MESSAGE_INIT;
  return read_versioned(where, in, out, defaults);
}

int read_subscriber_options(const char *where, const sse_subscriber_options *in,
                            sse_subscriber_options &out) {
  const sse_subscriber_options defaults = SSE_SUBSCRIBER_OPTIONS_INIT;
  if (int rc = read_versioned(where, in, out, defaults)) return rc;
  if (out.topics == nullptr || out.n_topics == 0)
    return set_error(SSE_EINVAL, "%s: no topics given", where);
  if (out.slow_policy < SSE_SLOW_INHERIT || out.slow_policy > SSE_SLOW_BLOCK)
    return set_error(SSE_EINVAL, "%s: slow_policy is not an sse_slow_policy", where);
  return 0;
}

}  // namespace sse::capi

namespace {

// Shared body of the public *_init() functions: the defaults, written only as far as
// the caller's `version` reaches.
template <typename Struct>
int init_struct(const char *where, Struct *s, unsigned int version, const Struct &defaults) {
  if (s == nullptr) return sse::capi::set_error(SSE_EINVAL, "%s: struct pointer is NULL", where);
  if (int rc = sse::capi::check_struct_version<Struct>(where, version)) return rc;
  sse::capi::write_versioned(s, version, defaults);
  return 0;
}

}  // namespace

extern "C" {

SSE_API int sse_parser_options_init(sse_parser_options *opts, unsigned int version) {
  const sse_parser_options defaults = SSE_PARSER_OPTIONS_INIT;
  return init_struct("sse_parser_options_init", opts, version, defaults);
}

SSE_API int sse_parser_callbacks_init(sse_parser_callbacks *cbs, unsigned int version) {
  const sse_parser_callbacks defaults = SSE_PARSER_CALLBACKS_INIT;
  return init_struct("sse_parser_callbacks_init", cbs, version, defaults);
}

SSE_API int sse_serializer_options_init(sse_serializer_options *opts, unsigned int version) {
  const sse_serializer_options defaults = SSE_SERIALIZER_OPTIONS_INIT;
  return init_struct("sse_serializer_options_init", opts, version, defaults);
}

// Exported with the client only: <sse/client.h> is not installed without it.
#if SSE_HAS_CLIENT
SSE_API int sse_client_options_init(sse_client_options *opts, unsigned int version) {
  const sse_client_options defaults = SSE_CLIENT_OPTIONS_INIT;
  return init_struct("sse_client_options_init", opts, version, defaults);
}

SSE_API int sse_client_callbacks_init(sse_client_callbacks *cbs, unsigned int version) {
  const sse_client_callbacks defaults = SSE_CLIENT_CALLBACKS_INIT;
  return init_struct("sse_client_callbacks_init", cbs, version, defaults);
}
#endif

SSE_API int sse_publisher_options_init(sse_publisher_options *opts, unsigned int version) {
  const sse_publisher_options defaults = SSE_PUBLISHER_OPTIONS_INIT;
  return init_struct("sse_publisher_options_init", opts, version, defaults);
}

SSE_API int sse_message_init(sse_message *msg, unsigned int version) {
  const sse_message defaults = SSE_MESSAGE_INIT;
  return init_struct("sse_message_init", msg, version, defaults);
}

SSE_API int sse_subscriber_options_init(sse_subscriber_options *opts, unsigned int version) {
  const sse_subscriber_options defaults = SSE_SUBSCRIBER_OPTIONS_INIT;
  return init_struct("sse_subscriber_options_init", opts, version, defaults);
}

}  // extern "C"
