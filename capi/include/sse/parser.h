/**
 * @file sse/parser.h
 * @brief Incremental, WHATWG-exact event stream parser.
 *
 * Feed the bytes of a `text/event-stream` body in chunks of any size; the parser calls
 * back once per dispatched event, comment, `retry` field and skipped oversized event.
 * The result never depends on how the bytes were split into chunks.
 */
#ifndef SSE_PARSER_H
#define SSE_PARSER_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Opaque parser handle. Create with sse_parser_new(), destroy with sse_parser_free().
 * @since 1.0
 */
typedef struct sse_parser sse_parser;

/**
 * One event (spec rules P21 to P25 for the parser; S8 for the serializer).
 *
 * From the parser, all three views are present: `type` is "message" unless the
 * stream named another type, `data` is the joined data lines (may be empty, may
 * contain NUL), and `id` is the last event ID in effect at dispatch ("" when none).
 *
 * NUL termination, for events from the parser and the client: `type.ptr[type.len]`
 * and `id.ptr[id.len]` are '\0' (they live in library-owned strings), so `id`, which
 * never contains NUL, can be used as a C string as it is; `type` may contain NUL,
 * so `len` stays authoritative. `data` is NOT NUL-terminated: a single-line event's
 * data is a view into the buffer given to sse_parser_feed() (or the client's receive
 * buffer).
 *
 * To the serializer, `ptr == NULL` means the field is absent: absent or empty `type`
 * writes no `event:` line, absent `id` writes no `id:` line while a present empty `id`
 * writes `id:` (which resets the client's last event ID), and absent `data` writes
 * no `data:` line (such an event is never dispatched by a client).
 *
 * ABI: frozen forever. sse_serializer_write_event() reads it from the caller's
 * memory without a version field, so a new member would be read past an older
 * caller's struct; new event fields would come with a new struct and function.
 * @since 1.0
 */
typedef struct sse_event {
  sse_str type; ///< Event type.
  sse_str data; ///< Event data; lines joined with LF.
  sse_str id;   ///< Last event ID.
} sse_event;

/**
 * Called once per dispatched event.
 *
 * @param p The parser; only getters may be called on it here.
 * @param ev The event. Its views are valid only until this callback returns.
 * @param user_data The pointer given to sse_parser_new().
 * @return 0 to continue, SSE_PAUSE to make sse_parser_feed() return SSE_PAUSED right
 *         after this event, or a negative value to abort the feed with that value.
 * @since 1.0
 */
typedef int (*sse_parser_event_cb)(sse_parser *p, const sse_event *ev, void *user_data);

/**
 * Called once per comment line (rule P12), with the text after the colon minus one
 * leading space if present. Same return convention as sse_parser_event_cb.
 * The view is valid only until this callback returns and is NOT NUL-terminated (it
 * may point into the buffer given to sse_parser_feed()).
 * @since 1.0
 */
typedef int (*sse_parser_comment_cb)(sse_parser *p, sse_str text, void *user_data);

/**
 * Called when a valid `retry` field is processed (rule P19), immediately, not at
 * dispatch. Values too large for uint64_t are clamped to UINT64_MAX.
 * Same return convention as sse_parser_event_cb.
 * @since 1.0
 */
typedef int (*sse_parser_retry_cb)(sse_parser *p, uint64_t retry_ms, void *user_data);

/**
 * Called when the parser skips input instead of failing, today only when an event
 * grows past `max_event_bytes` (`code` is SSE_ELIMIT). The event is discarded and
 * the parser resynchronises at the next blank line; the feed goes on.
 *
 * @param p The parser.
 * @param code Why the input was skipped (today always SSE_ELIMIT).
 * @param message Static or parser-owned text, valid until this callback returns.
 * @param user_data The pointer given to sse_parser_new() (or set later).
 * @return Same convention as sse_parser_event_cb.
 * @since 1.0
 */
typedef int (*sse_parser_error_cb)(sse_parser *p, int code, const char *message,
                                   void *user_data);

/** Current version of sse_parser_options. @since 1.0 */
#define SSE_PARSER_OPTIONS_VERSION 1u

/** Default for sse_parser_options.max_event_bytes: 16 MiB. @since 1.0 */
#define SSE_PARSER_DEFAULT_MAX_EVENT_BYTES ((size_t)16 * 1024 * 1024)

/**
 * Parser options. Initialise with SSE_PARSER_OPTIONS_INIT or
 * sse_parser_options_init(); fields are only ever appended.
 * ABI: versioned: the library reads only the members of the caller's `version`.
 * @since 1.0
 */
typedef struct sse_parser_options {
  unsigned int version;           ///< SSE_PARSER_OPTIONS_VERSION.
  size_t max_event_bytes;         ///< Max bytes of one event in progress (data, type, id
                                  ///< and the current line); must be > 0.
  const sse_allocator *allocator; ///< NULL for the C runtime; the struct is copied.
} sse_parser_options;

/** Static initialiser for sse_parser_options with every default. @since 1.0 */
#define SSE_PARSER_OPTIONS_INIT \
  { SSE_PARSER_OPTIONS_VERSION, SSE_PARSER_DEFAULT_MAX_EVENT_BYTES, NULL }

/** Current version of sse_parser_callbacks. @since 1.0 */
#define SSE_PARSER_CALLBACKS_VERSION 1u

/**
 * Parser callbacks; every member is optional (NULL ignores that kind of item).
 * ABI: versioned: the library reads only the members of the caller's `version`.
 * @since 1.0
 */
typedef struct sse_parser_callbacks {
  unsigned int version;             ///< SSE_PARSER_CALLBACKS_VERSION.
  sse_parser_event_cb on_event;     ///< Dispatched events.
  sse_parser_comment_cb on_comment; ///< Comment lines.
  sse_parser_retry_cb on_retry;     ///< Valid `retry` fields.
  sse_parser_error_cb on_error;     ///< Skipped input (oversized events).
} sse_parser_callbacks;

/** Static initialiser for sse_parser_callbacks with no callbacks set. @since 1.0 */
#define SSE_PARSER_CALLBACKS_INIT \
  { SSE_PARSER_CALLBACKS_VERSION, NULL, NULL, NULL, NULL }

/**
 * Initialise options to their defaults for a given struct version.
 *
 * @param opts Struct to fill.
 * @param version SSE_PARSER_OPTIONS_VERSION (or an older version).
 * @return 0, SSE_EINVAL if `opts` is NULL or `version` is 0, SSE_EVERSION if
 *         `version` is newer than this library.
 * Thread-safe: yes.
 * @since 1.0
 */
SSE_API int sse_parser_options_init(sse_parser_options *opts, unsigned int version);

/**
 * Initialise a callbacks struct (all callbacks NULL) for a given struct version.
 * @param cbs Struct to fill.
 * @param version SSE_PARSER_CALLBACKS_VERSION (or an older version).
 * @return 0, SSE_EINVAL or SSE_EVERSION as for sse_parser_options_init().
 * Thread-safe: yes.
 * @since 1.0
 */
SSE_API int sse_parser_callbacks_init(sse_parser_callbacks *cbs, unsigned int version);

/**
 * Create a parser.
 *
 * @param out Receives the handle; set to NULL on failure.
 * @param opts Options, or NULL for defaults. Copied; need not outlive the call.
 * @param cbs Callbacks, or NULL for none. Copied; need not outlive the call.
 * @param user_data Passed to every callback; the library never dereferences it.
 * @return 0 on success or one of: SSE_EINVAL (`out` NULL, bad option value),
 *         SSE_EVERSION (struct version too new), SSE_ENOMEM.
 * @since 1.0
 */
SSE_API int sse_parser_new(sse_parser **out, const sse_parser_options *opts,
                           const sse_parser_callbacks *cbs, void *user_data);

/**
 * Destroy a parser. If `p` is NULL, does nothing.
 * Must not be called from one of this parser's callbacks.
 * @param p The parser to destroy, or NULL.
 * @since 1.0
 */
SSE_API void sse_parser_free(sse_parser *p);

/**
 * Feed the next bytes of the stream.
 *
 * Callbacks run inside this call, on this thread. The parser keeps its own copy of
 * any unfinished line, so the caller may reuse `data` as soon as the call returns.
 * Views given to callbacks may point into `data` (no copy) or into the parser.
 *
 * @param p The parser.
 * @param data The bytes; may be NULL when `len` is 0.
 * @param len Number of bytes.
 * @param consumed_out Optional; receives how many bytes were consumed. Always `len`
 *        on success; on SSE_PAUSED or a callback's negative value, the bytes up to
 *        and including the line that triggered the callback. Feed the rest again to
 *        continue.
 * @return 0, SSE_PAUSED, a callback's negative value, or one of: SSE_EINVAL (NULL
 *         handle, NULL data with len > 0), SSE_EBUSY (called from a callback),
 *         SSE_ENOMEM (sticky until sse_parser_reset()).
 * @since 1.0
 */
SSE_API int sse_parser_feed(sse_parser *p, const char *data, size_t len,
                            size_t *consumed_out);

/**
 * Signal the end of the stream (rule P27).
 *
 * Discards the unfinished line and the undispatched event; an `id` seen in that
 * event does not take effect. Keeps the last event ID and prepares for the next
 * stream of the same source: the next byte fed starts a new body, where a leading
 * BOM is stripped again (P4, M11). Invokes no callback.
 *
 * @param p The parser.
 * @return 0, SSE_EINVAL (NULL handle), SSE_EBUSY (called from a callback) or the
 *         sticky SSE_ENOMEM.
 * @since 1.0
 */
SSE_API int sse_parser_finish(sse_parser *p);

/**
 * Return to the initial state: empty last event ID, no pending input, no sticky
 * error. Keeps options, callbacks and user_data.
 * @param p The parser.
 * @return 0, SSE_EINVAL (NULL handle) or SSE_EBUSY (called from a callback).
 * @since 1.0
 */
SSE_API int sse_parser_reset(sse_parser *p);

/**
 * Set the last event ID, e.g. to resume a stream where an earlier connection left
 * off (M11). Events dispatched later without an `id` field report this id.
 *
 * @param p The parser.
 * @param id The id bytes, copied; must not contain NUL (such an id is ignored by
 *        the protocol, P18). `NULL` with `len` 0 clears it.
 * @param len Number of bytes in `id`.
 * @return 0, SSE_EINVAL (NULL handle, NULL id with len > 0, or id contains NUL),
 *         SSE_EBUSY (called from a callback), SSE_ENOMEM.
 * @since 1.0
 */
SSE_API int sse_parser_set_last_event_id(sse_parser *p, const char *id, size_t len);

/**
 * Get the last event ID string (the id reported with the most recent dispatch, or
 * the one set with sse_parser_set_last_event_id()).
 *
 * @param p The parser.
 * @return The id, NUL-terminated (`ptr[len] == '\0'`, and the id contains no NUL);
 *         `{"", 0}` when none, `{NULL, 0}` if `p` is NULL.
 * Ownership: borrowed from the parser; valid until the next mutating call on it.
 * @since 1.0
 */
SSE_API sse_str sse_parser_last_event_id(const sse_parser *p);

/**
 * Count the events skipped because they exceeded `max_event_bytes` since the
 * parser was created or reset. Returns 0 if `p` is NULL.
 * @param p The parser.
 * @return The count; 0 if `p` is NULL.
 * @since 1.0
 */
SSE_API uint64_t sse_parser_skipped_events(const sse_parser *p);

/**
 * Get the user data pointer given to sse_parser_new() (NULL if `p` is NULL).
 * @param p The parser.
 * @return The pointer, or NULL if `p` is NULL.
 * @since 1.0
 */
SSE_API void *sse_parser_user_data(const sse_parser *p);

/**
 * Replace the user data pointer passed to callbacks. If `p` is NULL, does nothing.
 * @param p The parser.
 * @param user_data The new pointer; the library never dereferences it.
 * @since 1.0
 */
SSE_API void sse_parser_set_user_data(sse_parser *p, void *user_data);

#ifdef __cplusplus
}
#endif

#endif /* SSE_PARSER_H */
