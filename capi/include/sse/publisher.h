/**
 * @file sse/publisher.h
 * @brief A hub that fans events out to subscribers: topics, ids and a replay
 *        history, gap notices, keep-alive and a bounded queue per subscriber.
 *
 * The publisher does no I/O. Each subscriber is a *pull source*: the program that
 * owns the connection (the embedded server of <sse/server.h>, or any other server
 * in any language) asks it for the bytes ready to send and writes them itself.
 *
 * How the pieces fit:
 *  - sse_publisher_publish() serializes an event once, through the injection-proof
 *    serializer, into an immutable reference-counted *frame*, keeps it in the history
 *    and appends a reference to the queue of every subscriber of its topics.
 *  - sse_subscriber_new() subscribes. On the wire a subscriber sees, in order: the
 *    `retry` hint, the initial message, a gap notice if needed, every retained event
 *    after its Last-Event-ID on its topics, then live events, with nothing lost or
 *    repeated between replay and live.
 *  - The owner of the connection learns that output is ready through a callback, a
 *    blocking sse_subscriber_wait() or a pollable descriptor (sse_subscriber_fd()),
 *    then takes the bytes with sse_subscriber_peek() + sse_subscriber_consume()
 *    (views for `writev`), sse_subscriber_take() (frame references that outlive the
 *    call, for zero-copy buffers) or sse_subscriber_read() (a copy).
 *
 * Threading: publishing, closing and waking are thread-safe, as marked on each
 * function; everything else follows rule 2 of <sse/sse.h> per handle. The
 * publisher and its subscribers may be freed in any order.
 */
#ifndef SSE_PUBLISHER_H
#define SSE_PUBLISHER_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Opaque hub handle. Create with sse_publisher_new().
 * @since 1.2
 */
typedef struct sse_publisher sse_publisher;

/**
 * Opaque subscriber handle: one stream to one client. Create with sse_subscriber_new().
 * @since 1.2
 */
typedef struct sse_subscriber sse_subscriber;

/**
 * A frame reference handed out by sse_subscriber_take(): immutable bytes shared by
 * every subscriber that received them. Release each with sse_frame_release().
 * @since 1.2
 */
typedef struct sse_frame sse_frame;

/**
 * What to do with a subscriber whose queue is full (it reads slower than events
 * arrive). An empty queue always takes one frame, however large, so a subscriber
 * holds at most `queue_bytes` plus one frame plus one gap notice.
 * @since 1.2
 */
typedef enum sse_slow_policy {
  SSE_SLOW_INHERIT = 0,     ///< Subscriber options only: use the publisher's policy.
  SSE_SLOW_DISCONNECT = 1,  ///< Close the subscriber (reason SSE_CLOSE_SLOW); its
                            ///< client reconnects and resumes from the history.
  SSE_SLOW_DROP_OLDEST = 2, ///< Drop the oldest queued events (never a partly sent
                            ///< one); one gap notice (reason `dropped`) takes their
                            ///< place, so it precedes the next frame the client gets.
  SSE_SLOW_BLOCK = 3        ///< sse_publisher_publish() waits up to `block_timeout_ms`
                            ///< for room, then closes the laggard (SSE_CLOSE_SLOW).
} sse_slow_policy;

/**
 * How a subscriber is told that it missed events: its Last-Event-ID is not in the
 * history (expired, unknown, another epoch of the hub) or events were dropped for it.
 *
 * Reasons: `expired` (an id this hub generated that left the history), `epoch` (an
 * id of the generated shape `<epoch>-<n>` from another epoch: the hub restarted),
 * `unknown` (anything else not in the history), `dropped` (SSE_SLOW_DROP_OLDEST).
 * After a notice for a Last-Event-ID, the subscriber gets the whole retained history
 * of its topics: everything the hub can still give.
 * @since 1.2
 */
typedef enum sse_gap_notice {
  SSE_GAP_EVENT = 0,   ///< An event of type `sse-gap` whose data is JSON:
                       ///< `{"last_id":"...","reason":"expired|unknown|epoch|dropped"}`
                       ///< (`last_id` is null when there was none). It carries no id,
                       ///< so it does not move the client's last event ID.
  SSE_GAP_COMMENT = 1, ///< A comment line `: sse-gap <reason> <last id>`.
  SSE_GAP_OFF = 2      ///< Nothing.
} sse_gap_notice;

/**
 * Why a subscriber is closed; see sse_subscriber_close_reason().
 * @since 1.2
 */
typedef enum sse_close_reason {
  SSE_CLOSE_NONE = 0,      ///< Still open.
  SSE_CLOSE_BY_CALLER = 1, ///< sse_subscriber_close() was called.
  SSE_CLOSE_SLOW = 2,      ///< Closed by the slow-consumer policy.
  SSE_CLOSE_PUBLISHER = 3  ///< The publisher was closed or freed. Reported at once;
                           ///< what was queued (and the final message) can still be
                           ///< read, then reads report SSE_ECLOSED.
} sse_close_reason;

/**
 * An injectable monotonic clock in milliseconds (tests use it to drive keep-alive).
 * It decides when a keep-alive is due. Real waits (the timeout of
 * sse_subscriber_wait(), `block_timeout_ms`, the descriptor's timer) always run on
 * CLOCK_MONOTONIC; with an injected clock, waiting threads look at it again at least
 * every 20 ms.
 * ABI: frozen forever.
 * @since 1.2
 */
typedef struct sse_clock {
  uint64_t (*now_ms)(void *user_data); ///< NULL = CLOCK_MONOTONIC.
  void *user_data;                     ///< Passed to `now_ms`.
} sse_clock;

/** Current version of sse_publisher_options. @since 1.2 */
#define SSE_PUBLISHER_OPTIONS_VERSION 1u

/** Default history length in events. @since 1.2 */
#define SSE_PUBLISHER_DEFAULT_HISTORY_EVENTS ((size_t)1024)
/** Default history size in bytes of serialized frames: 4 MiB. @since 1.2 */
#define SSE_PUBLISHER_DEFAULT_HISTORY_BYTES ((size_t)4 * 1024 * 1024)
/** Default queue size per subscriber in bytes of queued frames: 1 MiB. @since 1.2 */
#define SSE_PUBLISHER_DEFAULT_QUEUE_BYTES ((size_t)1024 * 1024)
/** Default keep-alive interval: 15 s. @since 1.2 */
#define SSE_PUBLISHER_DEFAULT_KEEP_ALIVE_MS 15000u
/** Default wait of the `block` policy before it closes the laggard: 1 s. @since 1.2 */
#define SSE_PUBLISHER_DEFAULT_BLOCK_TIMEOUT_MS 1000u
/** Default largest serialized event accepted by sse_publisher_publish(): 1 MiB. @since 1.2 */
#define SSE_PUBLISHER_DEFAULT_MAX_EVENT_BYTES ((size_t)1024 * 1024)
/** Default most subscribers at once: 100,000. @since 1.2 */
#define SSE_PUBLISHER_DEFAULT_MAX_SUBSCRIBERS ((size_t)100000)

/**
 * Publisher options. Initialise with SSE_PUBLISHER_OPTIONS_INIT or
 * sse_publisher_options_init(); fields are only ever appended.
 * ABI: versioned: the library reads only the members of the caller's `version`.
 * @since 1.2
 */
typedef struct sse_publisher_options {
  unsigned int version;       ///< SSE_PUBLISHER_OPTIONS_VERSION.
  size_t history_events;      ///< Most events kept for replay; 0 = no history.
  size_t history_bytes;       ///< Most bytes of frames kept for replay (a larger event
                              ///< is delivered but never retained).
  size_t queue_bytes;         ///< Bytes a subscriber may have queued; must be > 0.
  sse_slow_policy slow_policy;   ///< What a full queue does (not SSE_SLOW_INHERIT).
  uint32_t block_timeout_ms;  ///< SSE_SLOW_BLOCK: longest wait for room.
  uint32_t keep_alive_ms;     ///< A `:` comment after this long without output; 0 = off.
  sse_gap_notice gap_notice;  ///< How subscribers learn that they missed events.
  size_t max_event_bytes;     ///< Larger serialized events are refused (SSE_ELIMIT).
  size_t max_subscribers;     ///< sse_subscriber_new() beyond it fails with SSE_ELIMIT.
  sse_str epoch;              ///< Prefix of generated ids (`<epoch>-<n>`); absent =
                              ///< random per publisher, so ids tell hub restarts apart.
                              ///< Copied; no `-`, CR, LF or NUL.
  sse_clock clock;            ///< Time source for keep-alive (see sse_clock).
  const sse_allocator *allocator; ///< NULL for the C runtime; the struct is copied.
                                  ///< Frames, subscribers and the publisher all
                                  ///< allocate through it (it must be thread-safe if
                                  ///< they are used from several threads), and it is
                                  ///< used until the last of them is released. Only
                                  ///< the keep-alive timer thread's stack comes from
                                  ///< the system.
} sse_publisher_options;

/** Static initialiser for sse_publisher_options with every default. @since 1.2 */
#define SSE_PUBLISHER_OPTIONS_INIT                                                     \
  { SSE_PUBLISHER_OPTIONS_VERSION, SSE_PUBLISHER_DEFAULT_HISTORY_EVENTS,               \
    SSE_PUBLISHER_DEFAULT_HISTORY_BYTES, SSE_PUBLISHER_DEFAULT_QUEUE_BYTES,            \
    SSE_SLOW_DISCONNECT, SSE_PUBLISHER_DEFAULT_BLOCK_TIMEOUT_MS,                       \
    SSE_PUBLISHER_DEFAULT_KEEP_ALIVE_MS, SSE_GAP_EVENT,                                \
    SSE_PUBLISHER_DEFAULT_MAX_EVENT_BYTES, SSE_PUBLISHER_DEFAULT_MAX_SUBSCRIBERS,      \
    { NULL, 0 }, { NULL, NULL }, NULL }

/**
 * Fill `opts` with the defaults of `version` (for FFI; C code may use the macro).
 * @param opts Struct to fill.
 * @param version SSE_PUBLISHER_OPTIONS_VERSION (or an older version).
 * @return 0, SSE_EINVAL (NULL or version 0) or SSE_EVERSION (newer than supported).
 * Thread-safe: yes.
 * @since 1.2
 */
SSE_API int sse_publisher_options_init(sse_publisher_options *opts, unsigned int version);

/** Current version of sse_message. @since 1.2 */
#define SSE_MESSAGE_VERSION 1u

/**
 * One message to publish (an event, or a comment and/or retry hint). Every member is
 * optional.
 *
 * A message with `data` is an *event*: it gets an id (the caller's, or the hub's
 * next one), is kept in the history and is replayed. A message without `data`
 * (only a comment and/or a retry hint) is delivered live and never replayed.
 *
 * ABI: versioned: the library reads only the members of the caller's `version`.
 * @since 1.2
 */
typedef struct sse_message {
  unsigned int version; ///< SSE_MESSAGE_VERSION.
  sse_str type;         ///< `event:` name; absent or empty = none. No CR, LF.
  sse_str data;         ///< Split into `data:` lines at CR, LF and CRLF; absent = not an event.
  sse_str id;           ///< Absent = the hub assigns one. Present: non-empty, no CR,
                        ///< LF or NUL, not starting with `<epoch>-` (the generated
                        ///< ids' shape) and not equal to an id still in the history.
                        ///< For an initial or final message: sent as given; absent
                        ///< = no `id:` line.
  int64_t retry_ms;     ///< `retry:` hint written before the event; negative = none.
  sse_str comment;      ///< Comment lines written first; absent = none.
} sse_message;

/** Static initialiser for an empty sse_message. @since 1.2 */
#define SSE_MESSAGE_INIT \
  { SSE_MESSAGE_VERSION, { NULL, 0 }, { NULL, 0 }, { NULL, 0 }, -1, { NULL, 0 } }

/**
 * Fill `msg` with the empty message of `version` (for FFI).
 * @param msg Struct to fill.
 * @param version SSE_MESSAGE_VERSION (or an older version).
 * @return 0, SSE_EINVAL or SSE_EVERSION.
 * Thread-safe: yes.
 * @since 1.2
 */
SSE_API int sse_message_init(sse_message *msg, unsigned int version);

/**
 * Create a publisher.
 *
 * @param out Receives the handle; set to NULL on failure.
 * @param opts Options or NULL for defaults; copied.
 * @return 0 or one of: SSE_EINVAL (bad option; see sse_error_last()), SSE_EVERSION,
 *         SSE_ENOMEM.
 * @since 1.2
 */
SSE_API int sse_publisher_new(sse_publisher **out, const sse_publisher_options *opts);

/**
 * Publish one message to one or more topics.
 *
 * The message is validated and serialized once; a subscriber of several of the
 * topics receives it once. Subscribers whose queue is full are handled by their
 * slow-consumer policy; with SSE_SLOW_BLOCK this call may wait up to
 * `block_timeout_ms` per laggard (holding up other publishers meanwhile: publishes
 * are ordered by one lock). A subscriber whose queue cannot grow for lack of memory
 * is closed like a slow one (SSE_CLOSE_SLOW); its client resumes from the history.
 *
 * @param p The publisher.
 * @param topics `n_topics` topic names (UTF-8, non-empty, no CR, LF or NUL); copied.
 * @param n_topics At least 1.
 * @param msg The message; not retained.
 * @param id_buf Optional (may be NULL): receives the event's id, NUL-terminated and
 *        truncated to `id_cap - 1` bytes (like snprintf).
 * @param id_cap Size of `id_buf`.
 * @param id_len_out Optional: receives the full length of the id (0 when `msg` is not
 *        an event).
 * @return 0 or one of: SSE_EINVAL (NULL argument, bad topic, empty, reserved or
 *         duplicate id, a message with neither data, comment nor retry, or a type or
 *         id without data),
 *         SSE_EFIELD (a field would corrupt the stream or is not UTF-8), SSE_ELIMIT
 *         (larger than `max_event_bytes`), SSE_ECLOSED (publisher closed), SSE_ENOMEM.
 *         On failure nothing is published.
 * Thread-safe: yes, from any number of threads at once.
 * @since 1.2
 */
SSE_API int sse_publisher_publish(sse_publisher *p, const sse_str *topics, size_t n_topics,
                                  const sse_message *msg, char *id_buf, size_t id_cap,
                                  size_t *id_len_out);

/**
 * Close the publisher: every subscriber receives `final_msg` (if not NULL; it is
 * not kept in the history) after what it already has queued, then ends with reason
 * SSE_CLOSE_PUBLISHER. Later publishes and subscribes fail with SSE_ECLOSED.
 * Calling it again does nothing.
 *
 * @param p The publisher.
 * @param final_msg Last message for every subscriber, or NULL for none; copied.
 * @return 0 or one of: SSE_EINVAL, SSE_EFIELD (bad `final_msg`), SSE_ENOMEM.
 * Thread-safe: yes.
 * @since 1.2
 */
SSE_API int sse_publisher_close(sse_publisher *p, const sse_message *final_msg);

/**
 * Close (without a final message) and destroy the publisher. Subscribers still
 * alive stay valid handles, closed with reason SSE_CLOSE_PUBLISHER, until freed.
 * If `p` is NULL, does nothing.
 * @param p The publisher to destroy, or NULL.
 * @since 1.2
 */
SSE_API void sse_publisher_free(sse_publisher *p);

/** Current version of sse_publisher_stats. @since 1.2 */
#define SSE_PUBLISHER_STATS_VERSION 1u

/**
 * Counters, read with sse_publisher_get_stats().
 * ABI: versioned: the library writes only the members of the caller's `version`.
 * @since 1.2
 */
typedef struct sse_publisher_stats {
  unsigned int version;       ///< SSE_PUBLISHER_STATS_VERSION.
  uint64_t subscribers;       ///< Open subscribers now.
  uint64_t published;         ///< Messages accepted by sse_publisher_publish().
  uint64_t delivered;         ///< Frames appended to subscriber queues.
  uint64_t dropped;           ///< Frames dropped by SSE_SLOW_DROP_OLDEST.
  uint64_t disconnected_slow; ///< Subscribers closed by the slow-consumer policy.
  uint64_t bytes_queued;      ///< Bytes queued over all subscribers now (frames
                              ///< are shared: a frame queued twice counts twice).
  uint64_t history_events;    ///< Events in the history now.
  uint64_t history_bytes;     ///< Bytes of frames in the history now.
} sse_publisher_stats;

/** Static initialiser for sse_publisher_stats. @since 1.2 */
#define SSE_PUBLISHER_STATS_INIT { SSE_PUBLISHER_STATS_VERSION, 0, 0, 0, 0, 0, 0, 0, 0 }

/**
 * Read the counters.
 * @param p The publisher.
 * @param out Caller struct with `version` set; only that version's members are written.
 * @return 0 or one of: SSE_EINVAL, SSE_EVERSION.
 * Thread-safe: yes.
 * @since 1.2
 */
SSE_API int sse_publisher_get_stats(sse_publisher *p, sse_publisher_stats *out);

/**
 * Count the open subscribers of one topic.
 * @param p The publisher.
 * @param topic The topic name.
 * @param count_out Receives the number of open subscribers of `topic`.
 * @return 0 or SSE_EINVAL (NULL argument or invalid topic).
 * Thread-safe: yes.
 * @since 1.2
 */
SSE_API int sse_publisher_topic_subscribers(sse_publisher *p, sse_str topic,
                                            size_t *count_out);

/**
 * Readiness callback: the subscriber's output went from empty to non-empty (an
 * event, a keep-alive falling due, a gap notice) or it was closed.
 *
 * It runs on the thread that caused it: a publishing thread, the thread that closed
 * the publisher, or the publisher's keep-alive timer thread (started only once some
 * subscriber has a callback and keep-alive on; joined by sse_publisher_close() and
 * sse_publisher_free()). It fires once per edge: not again until the output was
 * taken. A close by the slow-consumer policy or by the publisher fires it; the
 * caller's own sse_subscriber_close() or sse_subscriber_free() does not.
 *
 * It runs while the publisher's lock is held: keep it cheap (signal your loop) and
 * do not call into the publisher or this subscriber from it; sse_subscriber_wakeup()
 * is the only exception. After sse_subscriber_free() returns, it never runs again.
 * @since 1.2
 */
typedef void (*sse_subscriber_ready_cb)(sse_subscriber *s, void *user_data);

/** Current version of sse_subscriber_options. @since 1.2 */
#define SSE_SUBSCRIBER_OPTIONS_VERSION 1u

/**
 * Subscriber options. Initialise with SSE_SUBSCRIBER_OPTIONS_INIT or
 * sse_subscriber_options_init(); fields are only ever appended.
 * ABI: versioned: the library reads only the members of the caller's `version`.
 * @since 1.2
 */
typedef struct sse_subscriber_options {
  unsigned int version;          ///< SSE_SUBSCRIBER_OPTIONS_VERSION.
  const sse_str *topics;         ///< Topic names (see sse_publisher_publish()); copied.
  size_t n_topics;               ///< At least 1.
  sse_str last_event_id;         ///< Resume after this id; absent or empty = live only.
  const sse_message *initial;    ///< Sent first (after `retry`), never replayed; or NULL.
  int64_t retry_ms;              ///< `retry:` hint sent first; negative = none.
  size_t queue_bytes;            ///< 0 = the publisher's.
  sse_slow_policy slow_policy;   ///< SSE_SLOW_INHERIT = the publisher's.
  int64_t keep_alive_ms;         ///< Negative = the publisher's; 0 = off.
  sse_subscriber_ready_cb on_ready; ///< Optional readiness callback.
  void *user_data;               ///< Passed to `on_ready`; see sse_subscriber_user_data().
} sse_subscriber_options;

/** Static initialiser for sse_subscriber_options (topics still to fill). @since 1.2 */
#define SSE_SUBSCRIBER_OPTIONS_INIT                                              \
  { SSE_SUBSCRIBER_OPTIONS_VERSION, NULL, 0, { NULL, 0 }, NULL, -1, 0,           \
    SSE_SLOW_INHERIT, -1, NULL, NULL }

/**
 * Fill `opts` with the defaults of `version` (for FFI).
 * @param opts Struct to fill.
 * @param version SSE_SUBSCRIBER_OPTIONS_VERSION (or an older version).
 * @return 0, SSE_EINVAL or SSE_EVERSION.
 * Thread-safe: yes.
 * @since 1.2
 */
SSE_API int sse_subscriber_options_init(sse_subscriber_options *opts, unsigned int version);

/**
 * Subscribe to topics. The replay (events after `last_event_id` in the history) is
 * queued before this returns, atomically with respect to concurrent publishers.
 * The replay may exceed `queue_bytes` by itself (it is bounded by the history).
 * A `last_event_id` that is not in the history gets a gap notice (see
 * sse_gap_notice) followed by the whole retained history of the topics.
 * Topics named twice count once.
 *
 * @param out Receives the handle; set to NULL on failure.
 * @param p The publisher; the subscriber keeps what it needs of it alive.
 * @param opts Required (topics); copied.
 * @return 0 or one of: SSE_EINVAL (no topics, bad topic, bad option), SSE_EFIELD (bad
 *         initial message), SSE_EVERSION, SSE_ELIMIT (`max_subscribers`), SSE_ECLOSED
 *         (publisher closed), SSE_ENOMEM.
 * Thread-safe: yes, with respect to the publisher.
 * @since 1.2
 */
SSE_API int sse_subscriber_new(sse_subscriber **out, sse_publisher *p,
                               const sse_subscriber_options *opts);

/**
 * Views over the bytes ready to send, in order, for `writev`. Fills at most
 * `max_chunks` views; a keep-alive that fell due is included. Does not consume.
 *
 * @param s The subscriber.
 * @param chunks Caller array of `max_chunks` views.
 * @param max_chunks Capacity of `chunks`.
 * @param count_out Receives the number filled (0: nothing to send now; this also
 *        clears a pending sse_subscriber_wakeup() and the descriptor's readiness).
 * @return 0, SSE_ECLOSED (closed and nothing left to send), SSE_EINVAL.
 * Ownership: the views point into shared frames held by the subscriber; valid until
 * the next consume, take, read, close or free on this subscriber. A close from
 * another thread discards the queue: a host that closes from elsewhere while it
 * writes views should use sse_subscriber_take() instead, whose frames it owns.
 * @since 1.2
 */
SSE_API int sse_subscriber_peek(sse_subscriber *s, sse_str *chunks, size_t max_chunks,
                                size_t *count_out);

/**
 * Mark the first `n` bytes of the output as sent (any `n` up to the bytes queued;
 * the next sse_subscriber_peek() starts after them).
 * @param s The subscriber.
 * @param n Number of bytes sent.
 * @return 0 or SSE_EINVAL (`n` larger than the bytes queued).
 * @since 1.2
 */
SSE_API int sse_subscriber_consume(sse_subscriber *s, size_t n);

/**
 * One frame handed out by sse_subscriber_take().
 * ABI: frozen forever.
 * @since 1.2
 */
typedef struct sse_frame_ref {
  sse_str bytes;     ///< The bytes to send (the rest of the frame if it was partly consumed).
  sse_frame *frame;  ///< Keeps `bytes` alive; release with sse_frame_release().
} sse_frame_ref;

/**
 * Move up to `max_frames` ready frames out of the subscriber, each with its own
 * reference, so the bytes can sit in an output buffer after this call (for example
 * libevent's `evbuffer_add_reference`). Taken frames count as consumed.
 *
 * @param s The subscriber.
 * @param frames Caller array of `max_frames` frame references to fill.
 * @param max_frames Capacity of `frames`.
 * @param count_out Receives the number of frames taken.
 * @return 0, SSE_ECLOSED (closed and nothing left), SSE_EINVAL, SSE_ENOMEM.
 * Ownership: the caller owns one reference per taken frame.
 * @since 1.2
 */
SSE_API int sse_subscriber_take(sse_subscriber *s, sse_frame_ref *frames,
                                size_t max_frames, size_t *count_out);

/**
 * Release a frame reference from sse_subscriber_take(). NULL does nothing.
 * @param f The frame reference (`sse_frame_ref.frame`), or NULL.
 * Thread-safe: yes; frames may outlive their subscriber and publisher.
 * @since 1.2
 */
SSE_API void sse_frame_release(sse_frame *f);

/**
 * Copy up to `cap` bytes of ready output into `buf` and consume them.
 * @param s The subscriber.
 * @param buf Caller buffer of `cap` bytes.
 * @param cap Capacity of `buf`.
 * @param read_out Receives the number of bytes copied (0: nothing ready now).
 * @return 0, SSE_ECLOSED (closed and nothing left), SSE_EINVAL.
 * @since 1.2
 */
SSE_API int sse_subscriber_read(sse_subscriber *s, char *buf, size_t cap, size_t *read_out);

/**
 * Block until output is ready, a keep-alive falls due, the subscriber closes, or
 * another thread calls sse_subscriber_wakeup().
 *
 * @param s The subscriber.
 * @param timeout_ms Longest wait; negative = no limit.
 * @return 0 (ready or woken; peek to see what there is), SSE_ETIMEDOUT, SSE_ECLOSED
 *         (closed and nothing left), SSE_EINVAL.
 * @since 1.2
 */
SSE_API int sse_subscriber_wait(sse_subscriber *s, int timeout_ms);

/**
 * Make a current or the next sse_subscriber_wait() return 0, and the descriptor of
 * sse_subscriber_fd() readable.
 * @param s The subscriber.
 * @return 0 or SSE_EINVAL.
 * Thread-safe: yes (also from an `on_ready` callback).
 * @since 1.2
 */
SSE_API int sse_subscriber_wakeup(sse_subscriber *s);

/**
 * A descriptor for poll/epoll that is readable while output is ready, a keep-alive
 * is due, or the subscriber is closed. Created on first call; owned and closed by
 * the subscriber. Level-triggered: it stays readable until the output is taken.
 * It groups an eventfd and a timerfd in an epoll descriptor: watch it for reading
 * only and never read from it; the subscriber resets it as output is taken.
 *
 * @param s The subscriber.
 * @param fd_out Receives the descriptor.
 * @return 0, SSE_EIO (the system refused a descriptor), SSE_EINVAL.
 * @since 1.2
 */
SSE_API int sse_subscriber_fd(sse_subscriber *s, int *fd_out);

/**
 * Close the subscriber: it leaves its topics and its queue is discarded; waiters
 * wake and the descriptor becomes readable. The handle stays valid until
 * sse_subscriber_free(). A subscriber already closed keeps its first reason.
 * @param s The subscriber.
 * @return 0 or SSE_EINVAL.
 * Thread-safe: yes.
 * @since 1.2
 */
SSE_API int sse_subscriber_close(sse_subscriber *s);

/**
 * Why the subscriber is closed.
 * @param s The subscriber.
 * @return An sse_close_reason (SSE_CLOSE_NONE while open, also for NULL).
 * Thread-safe: yes.
 * @since 1.2
 */
SSE_API int sse_subscriber_close_reason(const sse_subscriber *s);

/**
 * Bytes queued and not consumed yet.
 * @param s The subscriber.
 * @return The byte count; 0 if `s` is NULL.
 * Thread-safe: yes.
 * @since 1.2
 */
SSE_API size_t sse_subscriber_queued_bytes(const sse_subscriber *s);

/**
 * The `user_data` given in the options, or NULL.
 * @param s The subscriber.
 * @return The pointer, or NULL if `s` is NULL.
 * @since 1.2
 */
SSE_API void *sse_subscriber_user_data(const sse_subscriber *s);

/**
 * Close and destroy a subscriber. Frames taken with sse_subscriber_take() stay
 * valid until released. If `s` is NULL, does nothing.
 * @param s The subscriber to destroy, or NULL.
 * @since 1.2
 */
SSE_API void sse_subscriber_free(sse_subscriber *s);

#ifdef __cplusplus
}
#endif

#endif /* SSE_PUBLISHER_H */
