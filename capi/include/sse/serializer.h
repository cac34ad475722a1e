/**
 * @file sse/serializer.h
 * @brief Injection-proof event stream writer.
 *
 * Every write either appends well-formed `text/event-stream` bytes to the
 * serializer's pending buffer or fails with nothing written: a value that would
 * break the framing (CR or LF in `event` or `id`, NUL in `id`, invalid UTF-8) is
 * rejected with SSE_EFIELD, never altered. Parsing the output of any accepted
 * write yields the same event (rule S8; CR and CRLF in data come back as LF).
 *
 * Drain the bytes with sse_serializer_pending() + sse_serializer_consume() (no
 * copy) or sse_serializer_drain() (copy into a caller buffer).
 */
#ifndef SSE_SERIALIZER_H
#define SSE_SERIALIZER_H

#include "common.h"
#include "parser.h" /* sse_event */

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Opaque serializer handle. Create with sse_serializer_new().
 * @since 1.0
 */
typedef struct sse_serializer sse_serializer;

/** Current version of sse_serializer_options. @since 1.0 */
#define SSE_SERIALIZER_OPTIONS_VERSION 1u

/** Default for sse_serializer_options.max_pending_bytes: 64 MiB. @since 1.0 */
#define SSE_SERIALIZER_DEFAULT_MAX_PENDING_BYTES ((size_t)64 * 1024 * 1024)

/**
 * Serializer options. Initialise with SSE_SERIALIZER_OPTIONS_INIT or
 * sse_serializer_options_init(); fields are only ever appended.
 * ABI: versioned: the library reads only the members of the caller's `version`.
 * @since 1.0
 */
typedef struct sse_serializer_options {
  unsigned int version;           ///< SSE_SERIALIZER_OPTIONS_VERSION.
  size_t max_pending_bytes;       ///< A write that would grow the undrained output
                                  ///< past this fails with SSE_ELIMIT; must be > 0.
  const sse_allocator *allocator; ///< NULL for the C runtime; the struct is copied.
} sse_serializer_options;

/** Static initialiser for sse_serializer_options with every default. @since 1.0 */
#define SSE_SERIALIZER_OPTIONS_INIT \
  { SSE_SERIALIZER_OPTIONS_VERSION, SSE_SERIALIZER_DEFAULT_MAX_PENDING_BYTES, NULL }

/**
 * Initialise options to their defaults for a given struct version.
 * @param opts Struct to fill.
 * @param version SSE_SERIALIZER_OPTIONS_VERSION (or an older version).
 * @return 0, SSE_EINVAL (`opts` NULL or version 0) or SSE_EVERSION.
 * Thread-safe: yes.
 * @since 1.0
 */
SSE_API int sse_serializer_options_init(sse_serializer_options *opts,
                                        unsigned int version);

/**
 * Create a serializer. It has no callbacks: it never calls back.
 *
 * @param out Receives the handle; set to NULL on failure.
 * @param opts Options or NULL for defaults; copied.
 * @return 0 or one of: SSE_EINVAL, SSE_EVERSION, SSE_ENOMEM.
 * @since 1.0
 */
SSE_API int sse_serializer_new(sse_serializer **out, const sse_serializer_options *opts);

/**
 * Destroy a serializer and its pending output. If `s` is NULL, does nothing.
 * @param s The serializer to destroy, or NULL.
 * @since 1.0
 */
SSE_API void sse_serializer_free(sse_serializer *s);

/**
 * Append one event, terminated by a blank line.
 *
 * Writes `event: T` (if `type` is present and non-empty), `id: I` (if `id` is
 * present; an empty id writes `id:`), then one `data: ...` line per line of `data`
 * (split at CR, LF and CRLF; present-but-empty data writes one `data:` line).
 *
 * @param s The serializer.
 * @param ev The event; see sse_event for absent vs. empty. Not retained.
 * @return 0 or one of: SSE_EINVAL (NULL argument), SSE_EFIELD (`type` or `id`
 *         contains CR or LF, `id` contains NUL, any field is not valid UTF-8),
 *         SSE_ELIMIT (pending output would exceed `max_pending_bytes`), SSE_ENOMEM.
 *         On failure nothing is appended.
 * @since 1.0
 */
SSE_API int sse_serializer_write_event(sse_serializer *s, const sse_event *ev);

/**
 * Append comment lines: `: text`, one per line of `text` (split at CR, LF, CRLF).
 * An empty or absent text writes one `:` line.
 * @param s The serializer.
 * @param text The comment text (UTF-8); `{NULL, 0}` for none.
 * @return 0 or one of: SSE_EINVAL, SSE_EFIELD (not valid UTF-8), SSE_ELIMIT,
 *         SSE_ENOMEM. On failure nothing is appended.
 * @since 1.0
 */
SSE_API int sse_serializer_write_comment(sse_serializer *s, sse_str text);

/**
 * Append a keep-alive: the single comment line `:`. Clients ignore it, but it keeps
 * proxies from timing out an idle connection (S4).
 * @param s The serializer.
 * @return 0 or one of: SSE_EINVAL, SSE_ELIMIT, SSE_ENOMEM.
 * @since 1.0
 */
SSE_API int sse_serializer_write_keepalive(sse_serializer *s);

/**
 * Append a `retry: N` line. It takes effect in the client as soon as it is parsed
 * (P19); written just before sse_serializer_write_event() it belongs to that event.
 * @param s The serializer.
 * @param retry_ms Reconnection time in milliseconds.
 * @return 0 or one of: SSE_EINVAL, SSE_ELIMIT, SSE_ENOMEM.
 * @since 1.0
 */
SSE_API int sse_serializer_write_retry(sse_serializer *s, uint64_t retry_ms);

/**
 * View the output not drained yet.
 * @param s The serializer.
 * @return The bytes; `{NULL, 0}` if `s` is NULL.
 * Ownership: borrowed from the serializer; valid until the next call that writes,
 * consumes, drains, resets or frees.
 * @since 1.0
 */
SSE_API sse_str sse_serializer_pending(const sse_serializer *s);

/**
 * Drop the first `n` pending bytes (after sending them from sse_serializer_pending()).
 * @param s The serializer.
 * @param n Number of bytes sent.
 * @return 0 or SSE_EINVAL (NULL handle, `n` larger than the pending size).
 * @since 1.0
 */
SSE_API int sse_serializer_consume(sse_serializer *s, size_t n);

/**
 * Move up to `cap` pending bytes into `buf` and drop them from the serializer.
 *
 * @param s The serializer.
 * @param buf Caller buffer (may be NULL if `cap` is 0).
 * @param cap Capacity of `buf`.
 * @param written_out Optional; receives the number of bytes copied.
 * @return 0 or SSE_EINVAL (NULL handle, NULL buf with cap > 0).
 * @since 1.0
 */
SSE_API int sse_serializer_drain(sse_serializer *s, char *buf, size_t cap,
                                 size_t *written_out);

/**
 * Discard all pending output. Keeps the options.
 * @param s The serializer.
 * @return 0 or SSE_EINVAL.
 * @since 1.0
 */
SSE_API int sse_serializer_reset(sse_serializer *s);

#ifdef __cplusplus
}
#endif

#endif /* SSE_SERIALIZER_H */
