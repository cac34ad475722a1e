/**
 * @file sse/client.h
 * @brief The reconnecting EventSource client (WHATWG processing model, rules M and H),
 *        on libcurl.
 *
 * Model. A client is *driven*: sse_client_run() does the network I/O on the calling
 * thread and delivers every callback there, inside the call. Between attempts it
 * waits out the reconnection delay inside sse_client_run() too. From any other thread
 * sse_client_wakeup() makes a running sse_client_run() return early and
 * sse_client_close() stops the client; both take effect within a few milliseconds.
 * For C programs that want a background client, sse_client_start() runs the same loop
 * on a thread the library owns (callbacks then arrive on that thread).
 *
 * Life of a connection:
 *   1. before_request(attempt): the request may be rebuilt with the setters below;
 *   2. the request is sent (GET by default, `Accept: text/event-stream`,
 *      `Cache-Control: no-cache`, `Last-Event-ID` when the last event ID is non-empty);
 *   3. a 200 response with a `text/event-stream` content type opens the stream:
 *      on_open, then on_event / on_comment / on_retry per the parser rules;
 *      anything else is a failure: on_failure decides (204 and other statuses stop
 *      by default, network errors reconnect);
 *   4. when the stream ends (clean end, dropped connection, idle or read timeout)
 *      on_disconnect decides what happens next (reconnect by default).
 * sse_client_restart() ends the current connection (or delay) from any thread and
 * starts the next attempt at once, outside this cycle: no failure, no on_disconnect.
 *
 * Policy: on_failure and on_disconnect receive a pre-filled sse_decision (the library
 * default) and may change it: reconnect after the default delay, after N ms, or stop.
 * A callback that only observes (logs, counts) returns 0 and leaves `decision` as
 * it is: the default then happens exactly as without the callback, in the same
 * sse_client_run() call; nothing pauses. Only SSE_PAUSE defers the decision.
 * Default delay: the server's `retry` if it sent one, else `retry_ms` (1 s); doubled
 * for each consecutive unhealthy attempt after the first, up to `max_backoff_ms`
 * (30 s), plus up to `jitter_percent` (50 %) random extra. It never goes below the
 * server's `retry` (M7).
 * The doubling starts again from the reconnection time after a stream that delivered
 * at least one event (however it ended), or one that stayed open for
 * `backoff_reset_ms` (60 s). Failed attempts count as unhealthy, and so does a 200
 * stream that ended sooner without delivering an event (a stream of comments only,
 * or none).
 *
 * Credentials: the caller's `Authorization` and `Cookie` headers (options `headers`
 * or sse_client_set_header()) are sent only to the origin (scheme, host and port;
 * host case and default ports normalised) of the URL the caller set last, with
 * sse_client_new() or sse_client_set_url(). After a redirect moved the stream to
 * another origin (M12), neither the redirect itself (libcurl's rule) nor the
 * reconnections that go to the new URL carry them. `Proxy-Authorization` goes only
 * to the proxy (libcurl's CURLOPT_PROXYHEADER), never to a server. To send them to
 * the new origin knowingly, call sse_client_set_url() (e.g. with sse_client_url()
 * inside on_before_request): the URL set is then the configured one. Option
 * `unrestricted_auth` = 1 sends all three to every server, as 1.0 did.
 *
 * Memory: every allocation of the client itself (request settings, response
 * headers, held-back input, messages) goes through the `allocator` hooks; libcurl
 * allocates through its own process-wide hooks (curl_global_init_mem()), which
 * cannot be set per client.
 */
#ifndef SSE_CLIENT_H
#define SSE_CLIENT_H

#include "common.h"
#include "parser.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Opaque client handle. Create with sse_client_new(), free with sse_client_free().
 * @since 1.0
 */
typedef struct sse_client sse_client;

/**
 * Ready states (M1).
 * @since 1.0
 */
typedef enum sse_ready_state {
  SSE_CLIENT_CONNECTING = 0, ///< Before the first open, and between reconnections.
  SSE_CLIENT_OPEN = 1,       ///< A response stream is open.
  SSE_CLIENT_CLOSED = 2      ///< Stopped for good (policy, 204, sse_client_close()).
} sse_ready_state;

/**
 * A received HTTP response: the final one, after redirects.
 * Ownership: every pointer is borrowed from the client and valid only during the
 * callback that receives it.
 * Every view is NUL-terminated (`ptr[len] == '\0'`): `url`, `content_type` when
 * present, each header's name and value, and `body`.
 * ABI: library-filled and read through a pointer: members may be appended in a
 * later 1.x (see "ABI growth" in sse/common.h).
 * @since 1.0
 */
typedef struct sse_response {
  int status;                 ///< HTTP status code, e.g. 200.
  int http_version;           ///< 10, 11, 20 or 30.
  sse_str url;                ///< Final URL after redirects (used for reconnections, M12).
  sse_str content_type;       ///< Raw `Content-Type` value; ptr NULL when absent.
  const sse_header *headers;  ///< Response headers in arrival order.
  size_t header_count;        ///< Number of entries in `headers`.
  sse_str body;               ///< Failures only: the first `max_failure_body_bytes` of
                              ///< the body (empty for a 200 stream).
} sse_response;

/**
 * Why an attempt failed (sse_failure.kind).
 * @since 1.0
 */
typedef enum sse_failure_kind {
  SSE_FAILURE_NETWORK = 1,      ///< DNS, refused, unreachable, reset before a response,
                                ///< connect timeout (M4 b).
  SSE_FAILURE_TLS = 2,          ///< Handshake or certificate verification failed (M4 b).
  SSE_FAILURE_REDIRECTS = 3,    ///< Too many redirects (M4 b, M12), or a redirect to a
                                ///< malformed or non-HTTP(S) URL (code SSE_EINVAL, with
                                ///< the 3xx as `response`; stops by default). A network
                                ///< or TLS error at the redirect's target is reported
                                ///< as that kind.
  SSE_FAILURE_NO_CONTENT = 4,   ///< Status 204: the server says stop (M4 c).
  SSE_FAILURE_STATUS = 5,       ///< Any other status than 200 (M4 c), a 3xx that names
                                ///< no target (missing or empty `Location`) included.
  SSE_FAILURE_CONTENT_TYPE = 6  ///< 200 but not `text/event-stream` (M4 d).
} sse_failure_kind;

/**
 * Why an open stream ended (sse_disconnect.reason).
 * @since 1.0
 */
typedef enum sse_disconnect_reason {
  SSE_DISCONNECT_END = 1,     ///< The server ended the response cleanly (M6).
  SSE_DISCONNECT_NETWORK = 2, ///< The connection dropped mid-body (reset, truncated).
  SSE_DISCONNECT_IDLE = 3,    ///< No event or comment for `idle_timeout_ms`.
  SSE_DISCONNECT_READ_TIMEOUT = 4 ///< No byte at all for `read_timeout_ms`. @since 1.1
} sse_disconnect_reason;

/**
 * What to do after a failure or disconnect (sse_decision.action).
 * @since 1.0
 */
typedef enum sse_client_action {
  SSE_CLIENT_RECONNECT = 1, ///< Reconnect after `delay_ms`.
  SSE_CLIENT_STOP = 2       ///< Close the client for good (M8).
} sse_client_action;

/**
 * A decision, pre-filled with the library's default; a callback may overwrite it.
 * ABI: frozen forever: a plain action/delay pair that callers fill and
 * sse_client_decide() reads without a version field; a new kind of decision would
 * be a new action value.
 * @since 1.0
 */
typedef struct sse_decision {
  int action;        ///< SSE_CLIENT_RECONNECT or SSE_CLIENT_STOP.
  uint64_t delay_ms; ///< Delay before the next attempt when reconnecting; filled with
                     ///< the library's delay even when the default action is STOP.
  int gave_up;       ///< Read-only hint: 1 when the default is STOP because the
                     ///< give-up rule (`max_attempts`, `max_elapsed_ms`) was reached.
} sse_decision;

/**
 * A failed connection attempt.
 * Ownership: borrowed; valid only during on_failure.
 * ABI: library-filled and read through a pointer: members may be appended in a
 * later 1.x (see "ABI growth" in sse/common.h).
 * @since 1.0
 */
typedef struct sse_failure {
  int kind;                     ///< An sse_failure_kind.
  int code;                     ///< SSE_EIO, SSE_ETIMEDOUT or SSE_EPROTO.
  const char *message;          ///< NUL-terminated detail (curl's text, or the status).
  const sse_response *response; ///< The response, or NULL when none arrived.
  uint64_t attempt;             ///< Consecutive failed attempts, this one included.
  int64_t retry_after_ms;       ///< Parsed `Retry-After`, or -1 when absent or invalid.
} sse_failure;

/**
 * The end of an open stream.
 * Ownership: borrowed; valid only during on_disconnect.
 * ABI: library-filled and read through a pointer: members may be appended in a
 * later 1.x (see "ABI growth" in sse/common.h).
 * @since 1.0
 */
typedef struct sse_disconnect {
  int reason;            ///< An sse_disconnect_reason.
  int code;              ///< 0 for SSE_DISCONNECT_END, else SSE_EIO or SSE_ETIMEDOUT.
  const char *message;   ///< NUL-terminated detail.
  uint64_t connected_ms; ///< How long the stream was open.
  uint64_t events;       ///< Events delivered on this connection.
} sse_disconnect;

/**
 * Before every attempt (the first one too). The request may be rebuilt here with
 * sse_client_set_url(), sse_client_set_header(), sse_client_set_method() and
 * sse_client_set_body(), e.g. to refresh a token.
 * @param c The client.
 * @param attempt 1 for the first attempt, counting up across the client's life.
 * @param user_data The pointer given to sse_client_new() (or set later).
 * @return 0 to send the request; SSE_PAUSE to make sse_client_run() return
 *         SSE_PAUSED first (the request is sent on the next run call); a negative
 *         value stops the client and sse_client_run() returns it.
 * @since 1.0
 */
typedef int (*sse_client_request_cb)(sse_client *c, uint64_t attempt, void *user_data);

/**
 * The stream is open (M5); comes before any event of that response.
 * @return 0, SSE_PAUSE (run returns SSE_PAUSED) or a negative value (stops).
 * @since 1.0
 */
typedef int (*sse_client_open_cb)(sse_client *c, const sse_response *response,
                                  void *user_data);

/**
 * A dispatched event (P rules). Views valid until the callback returns.
 * @return 0, SSE_PAUSE (run returns SSE_PAUSED after this event; later input waits
 *         for the next run call) or a negative value (stops).
 * @since 1.0
 */
typedef int (*sse_client_event_cb)(sse_client *c, const sse_event *ev, void *user_data);

/**
 * A comment line (text after the colon). Also resets the idle timeout.
 * @return as sse_client_event_cb.
 * @since 1.0
 */
typedef int (*sse_client_comment_cb)(sse_client *c, sse_str text, void *user_data);

/**
 * A valid `retry` field; the client already adopted it as its reconnection time (M10).
 * @return as sse_client_event_cb.
 * @since 1.0
 */
typedef int (*sse_client_retry_cb)(sse_client *c, uint64_t retry_ms, void *user_data);

/**
 * Input the parser skipped (an event over `max_event_bytes`; code SSE_ELIMIT). The
 * connection is kept.
 * @return as sse_client_event_cb.
 * @since 1.0
 */
typedef int (*sse_client_error_cb)(sse_client *c, int code, const char *message,
                                   void *user_data);

/**
 * A connection attempt failed. `decision` holds the default: reconnect for network,
 * TLS and too-many-redirects failures and for `retry_statuses`; stop for 204, other
 * statuses, wrong content types (M4) and malformed URLs (code SSE_EINVAL); stop when
 * the give-up rule is reached. Returning 0 without touching `decision` applies the
 * default (observe-only).
 * @return 0 to apply `decision`; SSE_PAUSE to return SSE_PAUSED from sse_client_run()
 *         and decide later with sse_client_decide(); a negative value stops.
 * @since 1.0
 */
typedef int (*sse_client_failure_cb)(sse_client *c, const sse_failure *failure,
                                     sse_decision *decision, void *user_data);

/**
 * An open stream ended. `decision` holds the default: reconnect (M6), unless the
 * give-up rule is reached. The unfinished event, if any, was discarded.
 * @return as sse_client_failure_cb.
 * @since 1.0
 */
typedef int (*sse_client_disconnect_cb)(sse_client *c, const sse_disconnect *disconnect,
                                        sse_decision *decision, void *user_data);

/**
 * Current version of sse_client_options: 1 in 1.0; 2 since 1.1 (adds
 * `read_timeout_ms` and `unrestricted_auth`).
 * @since 1.0
 */
#define SSE_CLIENT_OPTIONS_VERSION 2u

/**
 * Client options. Every pointer is copied by sse_client_new(); nothing has to
 * outlive the call. Zero/NULL fields mean the documented default only where stated.
 * @since 1.0
 */
typedef struct sse_client_options {
  unsigned int version;            ///< SSE_CLIENT_OPTIONS_VERSION.
  const char *url;                 ///< Required: a well-formed http:// or https:// URL
                                   ///< (libcurl's URL parser decides).
  const char *method;              ///< NULL = "GET".
  const char *body;                ///< Request body, or NULL for none.
  size_t body_len;                 ///< Bytes in `body`.
  const sse_header *headers;       ///< Extra request headers (override the defaults).
  size_t header_count;             ///< Entries in `headers`.
  const char *last_event_id;       ///< Initial last event ID; NULL or "" = none.
  const char *user_agent;          ///< NULL = "libsse/<version>".
  const char *proxy;               ///< Proxy URL; NULL = libcurl's default (env vars).
  const char *ca_file;             ///< PEM bundle of trusted CAs; NULL = system store.
  const char *client_cert;         ///< PEM client certificate for mutual TLS, or NULL.
  const char *client_key;          ///< PEM private key for `client_cert`, or NULL.
  int insecure;                    ///< 1 = do not verify the server's certificate. Default 0.
  int accept_encoding;             ///< 1 = ask for gzip/deflate (default), 0 = identity.
  int http_version;                ///< 0 = negotiate (HTTP/2 over TLS), 11 = HTTP/1.1 only,
                                   ///< 20 = HTTP/2 also over cleartext (prior knowledge).
  uint64_t connect_timeout_ms;     ///< Default 10000; 0 = no limit.
  uint64_t idle_timeout_ms;        ///< Reconnect when no event or comment arrives for
                                   ///< this long (a dead heartbeat: bytes that do not
                                   ///< complete one do not count). Default 0 = off.
  uint64_t retry_ms;               ///< Initial reconnection time. Default 1000.
  uint64_t max_backoff_ms;         ///< Backoff cap. Default 30000.
  uint64_t backoff_reset_ms;       ///< A stream open this long resets the backoff even
                                   ///< without events (see Policy above). Default 60000.
  unsigned int jitter_percent;     ///< Max random extra delay in %. Default 50.
  uint64_t max_attempts;           ///< Give up after this many consecutive failed
                                   ///< attempts. Default 0 = never.
  uint64_t max_elapsed_ms;         ///< Give up after failing for this long. 0 = never.
  const int *retry_statuses;       ///< Statuses that reconnect instead of stopping
                                   ///< (e.g. 429, 503), honouring `Retry-After`.
  size_t retry_status_count;       ///< Entries in `retry_statuses`. Default 0 (spec).
  unsigned int max_redirects;      ///< Default 20 (M12).
  size_t max_event_bytes;          ///< Parser limit per event; default 16 MiB.
  size_t max_failure_body_bytes;   ///< Body bytes kept for sse_failure; default 1024.
  const sse_allocator *allocator;  ///< Hooks for libsse's allocations; NULL = malloc.
  /* Version 2 (1.1) fields; a version-1 caller gets their defaults. */
  uint64_t read_timeout_ms;        ///< Reconnect when no byte at all arrives on an open
                                   ///< stream for this long (a stalled connection, unlike
                                   ///< `idle_timeout_ms`, which counts events and
                                   ///< comments); reason SSE_DISCONNECT_READ_TIMEOUT.
                                   ///< Default 0 = off. @since 1.1
  int unrestricted_auth;           ///< 1 = keep sending the caller's `Authorization`,
                                   ///< `Cookie` and `Proxy-Authorization` headers after a
                                   ///< redirect moved the stream to another origin
                                   ///< (scheme, host, port), also on the redirect hop
                                   ///< (CURLOPT_UNRESTRICTED_AUTH). Default 0: they are
                                   ///< sent only to the configured URL's origin (see
                                   ///< Credentials above). @since 1.1
} sse_client_options;

/** Static initializer with every default. @since 1.0 */
#define SSE_CLIENT_OPTIONS_INIT                                                       \
  { SSE_CLIENT_OPTIONS_VERSION, NULL, NULL, NULL, 0, NULL, 0, NULL, NULL, NULL, NULL, \
    NULL, NULL, 0, 1, 0, 10000, 0, 1000, 30000, 60000, 50, 0, 0, NULL, 0, 20,         \
    SSE_PARSER_DEFAULT_MAX_EVENT_BYTES, 1024, NULL, 0, 0 }

/** Current version of sse_client_callbacks. @since 1.0 */
#define SSE_CLIENT_CALLBACKS_VERSION 1u

/**
 * Client callbacks; every one is optional (NULL = ignore and take the default).
 * All run on the thread inside sse_client_run() (or the sse_client_start() thread).
 * Inside a callback you may call the getters and setters of this client,
 * sse_client_wakeup(), sse_client_close(), sse_client_restart() and
 * sse_client_decide(); sse_client_run()
 * and sse_client_free() return SSE_EBUSY / are ignored.
 * @since 1.0
 */
typedef struct sse_client_callbacks {
  unsigned int version;                   ///< SSE_CLIENT_CALLBACKS_VERSION.
  sse_client_request_cb on_before_request; ///< Before every attempt.
  sse_client_open_cb on_open;             ///< Stream opened.
  sse_client_event_cb on_event;           ///< Dispatched events.
  sse_client_comment_cb on_comment;       ///< Comment lines.
  sse_client_retry_cb on_retry;           ///< Valid `retry` fields.
  sse_client_error_cb on_error;           ///< Skipped oversized events.
  sse_client_failure_cb on_failure;       ///< Failed attempts.
  sse_client_disconnect_cb on_disconnect; ///< Ended streams.
} sse_client_callbacks;

/** Static initializer: version set, every callback NULL. @since 1.0 */
#define SSE_CLIENT_CALLBACKS_INIT \
  { SSE_CLIENT_CALLBACKS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL }

/** Current version of sse_client_stats. @since 1.0 */
#define SSE_CLIENT_STATS_VERSION 1u

/**
 * Counters, read with sse_client_get_stats().
 * ABI: versioned: the caller sets `version` and the library writes only the members
 * that version has, so members are appended with a new SSE_CLIENT_STATS_VERSION.
 * @since 1.0
 */
typedef struct sse_client_stats {
  unsigned int version;         ///< Set to SSE_CLIENT_STATS_VERSION before the call.
  int state;                    ///< An sse_ready_state.
  uint64_t attempts;            ///< Connection attempts started.
  uint64_t reconnects;          ///< Attempts after the first.
  uint64_t failures;            ///< Failed attempts.
  uint64_t events;              ///< Events delivered.
  uint64_t bytes;               ///< Body bytes received (decoded).
  uint64_t skipped_events;      ///< Events dropped over `max_event_bytes`.
  int64_t last_event_unix_ms;   ///< Wall-clock time of the last event; 0 = none yet.
  uint64_t retry_ms;            ///< Reconnection time in effect (server `retry` or default).
  uint64_t current_delay_ms;    ///< Delay of the pending or last reconnection.
} sse_client_stats;

/** Static initializer for sse_client_stats. @since 1.0 */
#define SSE_CLIENT_STATS_INIT { SSE_CLIENT_STATS_VERSION, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }

/**
 * Fill `opts` with the defaults of `version` (for FFI; C code may use the macro).
 * @param opts Struct to fill.
 * @param version SSE_CLIENT_OPTIONS_VERSION (or an older version).
 * @return 0, SSE_EINVAL (NULL or version 0), SSE_EVERSION (newer than supported).
 * Thread-safe: yes.
 * @since 1.0
 */
SSE_API int sse_client_options_init(sse_client_options *opts, unsigned int version);

/**
 * Fill `cbs` with NULL callbacks of `version`.
 * @param cbs Struct to fill.
 * @param version SSE_CLIENT_CALLBACKS_VERSION (or an older version).
 * @return 0, SSE_EINVAL or SSE_EVERSION.
 * Thread-safe: yes.
 * @since 1.0
 */
SSE_API int sse_client_callbacks_init(sse_client_callbacks *cbs, unsigned int version);

/**
 * Create a client. Nothing is sent until the first sse_client_run() or
 * sse_client_start().
 * @param out Receives the handle; set to NULL on failure.
 * @param opts Options (required: `url`). Copied.
 * @param cbs Callbacks, or NULL for none. Copied.
 * @param user_data Passed to every callback.
 * @return 0; SSE_EINVAL (NULL out/opts; a missing, malformed or non-HTTP(S) URL,
 *         e.g. `http://[` or a port above 65535, with libcurl's reason in the
 *         message; a header name or value with CR, LF or NUL; a last event ID with
 *         NUL, CR or LF);
 *         SSE_EVERSION; SSE_ENOMEM; SSE_EIO (libcurl could not be initialised).
 * Thread-safe: yes (different handles are independent).
 * @since 1.0
 */
SSE_API int sse_client_new(sse_client **out, const sse_client_options *opts,
                           const sse_client_callbacks *cbs, void *user_data);

/**
 * Close the client (no callback fires), stop and join a sse_client_start() thread,
 * release the connection and free the handle. NULL is a no-op. Ignored (with
 * SSE_EBUSY recorded) when called from one of this client's callbacks.
 * @param c The client to destroy, or NULL.
 * Thread-safety: not while another thread is inside sse_client_run() on it; close
 * and join that thread first (sse_client_start()'s thread is handled here).
 * @since 1.0
 */
SSE_API void sse_client_free(sse_client *c);

/**
 * Drive the client on the calling thread: connect, read, deliver callbacks, wait out
 * reconnection delays. Returns when `timeout_ms` has passed (-1 = no limit,
 * 0 = do what is ready without waiting), when sse_client_wakeup() was called, when a
 * callback returned SSE_PAUSE or a negative value, or when the client closed.
 * @param c The client.
 * @param timeout_ms Longest time to stay in the call: -1 = no limit, 0 = do what is
 *        ready without waiting.
 * @return 0 (timeout or wakeup; still active), SSE_PAUSED, SSE_ECLOSED (the client
 *         is closed: by policy, a 204, a give-up or sse_client_close(); every later
 *         call returns it too), a callback's negative value (the client is then
 *         closed), SSE_EBUSY (called from a callback or while sse_client_start() runs
 *         it), SSE_ENOMEM, SSE_EINVAL (NULL).
 * Thread-safety: one thread at a time per client.
 * @since 1.0
 */
SSE_API int sse_client_run(sse_client *c, int timeout_ms);

/**
 * Make the sse_client_run() in progress return 0 after the I/O round it is in, or
 * the next one return at once. Safe inside callbacks (then run returns once the
 * current batch of received bytes has been parsed).
 * @param c The client.
 * @return 0 or SSE_EINVAL (NULL).
 * Thread-safe: yes.
 * @since 1.0
 */
SSE_API int sse_client_wakeup(sse_client *c);

/**
 * Close the client for good (M9): the transfer in progress is aborted, a pending
 * reconnection is cancelled, no further callback fires once the current one
 * returns, and sse_client_run() returns SSE_ECLOSED within milliseconds.
 * @param c The client.
 * @return 0 or SSE_EINVAL (NULL).
 * Thread-safe: yes.
 * @since 1.0
 */
SSE_API int sse_client_close(sse_client *c);

/**
 * Drop the current connection, if any, and reconnect at once with the current last
 * event ID, e.g. after the caller's token changed or when it judges the stream stale.
 * No failure is counted, the backoff and the failure streak are not touched, the
 * last event ID is kept and on_disconnect does not fire; a pending reconnection
 * delay is skipped, and so is a decision paused with SSE_PAUSE. Events already
 * received when it is called are still delivered (their IDs then count); the
 * unfinished event, if any, is dropped. Takes effect in the running (or next)
 * sse_client_run(), within one I/O round; on_before_request runs for the new
 * attempt as for any other.
 * @param c The client.
 * @return 0; SSE_EINVAL (NULL); SSE_ECLOSED (the client is closed).
 * Thread-safe: yes, and safe inside this client's callbacks.
 * @since 1.1
 */
SSE_API int sse_client_restart(sse_client *c);

/**
 * Convenience for C programs: run the client on a thread owned by the library until
 * it closes. Every callback then runs on that thread. Stop it with sse_client_close();
 * sse_client_join() or sse_client_free() joins the thread.
 * Pauses: when on_failure or on_disconnect returns SSE_PAUSE, the thread sleeps
 * (no polling) until another thread calls sse_client_decide(), sse_client_restart()
 * or sse_client_close() (since 1.1; 1.0 applied the default at once). SSE_PAUSE
 * from any other callback has no effect here: nobody would resume it.
 * @param c The client.
 * @return 0, SSE_EBUSY (already started, or inside sse_client_run()), SSE_ECLOSED,
 *         SSE_EIO (the thread could not be created).
 * @since 1.0
 */
SSE_API int sse_client_start(sse_client *c);

/**
 * Wait for the sse_client_start() thread to finish (after sse_client_close(), a stop
 * decision or a callback error).
 * @param c The client.
 * @return What the thread's last sse_client_run() returned (SSE_ECLOSED after a
 *         normal close, or a callback's negative value); SSE_EINVAL when there is no
 *         thread; SSE_EBUSY when called from that thread.
 * @since 1.0
 */
SSE_API int sse_client_join(sse_client *c);

/**
 * Apply a decision after on_failure or on_disconnect returned SSE_PAUSE (the
 * binding-friendly way to decide outside the callback). Copied; a second call before
 * the next sse_client_run() replaces the first. `gave_up` is ignored. With
 * sse_client_run(), the next run call applies it (the default when nobody decided);
 * with sse_client_start(), the waiting thread goes on with it at once.
 * @param c The client.
 * @param decision What to do; copied.
 * @return 0; SSE_EINVAL (NULL, unknown action); SSE_EBUSY (no decision pending: the
 *         callback has not returned SSE_PAUSE yet, or the decision was applied,
 *         replaced by sse_client_restart() or dropped by sse_client_close()).
 * Thread-safe: yes (since 1.1).
 * @since 1.0
 */
SSE_API int sse_client_decide(sse_client *c, const sse_decision *decision);

/**
 * Replace the URL for the next attempts (a well-formed http:// or https:// URL).
 * Copied. The URL set here becomes the configured origin for the caller's
 * credentials (see Credentials above).
 * @param c The client.
 * @param url The URL, NUL-terminated; copied.
 * @return 0; SSE_EINVAL (NULL, malformed or not HTTP(S); the URL is unchanged);
 *         SSE_ENOMEM.
 * @since 1.0
 */
SSE_API int sse_client_set_url(sse_client *c, const char *url);

/**
 * Add, replace (same name, case-insensitive) or, with `value == NULL`, remove a
 * request header for the next attempts. Copied. `Last-Event-ID` is managed by the
 * client (sse_client_set_last_event_id()) and rejected here.
 * @param c The client.
 * @param name Header name, NUL-terminated; copied.
 * @param value Header value, NUL-terminated and copied; NULL removes the header.
 * @return 0; SSE_EINVAL (NULL name, CR/LF/NUL or a colon in the name, CR/LF/NUL in
 *         the value); SSE_ENOMEM.
 * @since 1.0
 */
SSE_API int sse_client_set_header(sse_client *c, const char *name, const char *value);

/**
 * Set the request method (e.g. "POST") for the next attempts. Copied.
 * @param c The client.
 * @param method The method, NUL-terminated; copied.
 * @return 0, SSE_EINVAL (NULL, empty or with whitespace/control bytes), SSE_ENOMEM.
 * @since 1.0
 */
SSE_API int sse_client_set_method(sse_client *c, const char *method);

/**
 * Set the request body for the next attempts; `body == NULL` removes it. Copied.
 * @param c The client.
 * @param body The body bytes (copied), or NULL to send none.
 * @param len Number of bytes in `body`.
 * @return 0, SSE_EINVAL, SSE_ENOMEM.
 * @since 1.0
 */
SSE_API int sse_client_set_body(sse_client *c, const char *body, size_t len);

/**
 * Set the last event ID string (sent as `Last-Event-ID` when non-empty, H1-H3).
 * @param c The client.
 * @param id The id bytes (copied); NULL with `len` 0 clears it.
 * @param len Number of bytes in `id`.
 * @return 0; SSE_EINVAL (NULL client, NUL/CR/LF in id); SSE_ENOMEM.
 * @since 1.0
 */
SSE_API int sse_client_set_last_event_id(sse_client *c, const char *id, size_t len);

/**
 * The last event ID string (M11). Borrowed; valid until the next mutating call.
 * NUL-terminated at `ptr[len]` (the ID itself can hold no NUL).
 * @param c The client.
 * @return The view; `{NULL, 0}` for a NULL client.
 * @since 1.0
 */
SSE_API sse_str sse_client_last_event_id(const sse_client *c);

/**
 * The URL the next attempt goes to (the final URL of the last redirect chain, M12).
 * Borrowed, NUL-terminated; valid until the next mutating call. NULL for NULL.
 * @param c The client.
 * @return The URL, borrowed; NULL if `c` is NULL.
 * @since 1.0
 */
SSE_API const char *sse_client_url(const sse_client *c);

/**
 * The ready state, an sse_ready_state; SSE_CLIENT_CLOSED for NULL.
 * @param c The client.
 * @return An sse_ready_state; SSE_CLIENT_CLOSED if `c` is NULL.
 * Thread-safe: yes.
 * @since 1.0
 */
SSE_API int sse_client_state(const sse_client *c);

/**
 * Copy the counters into `out`, whose `version` the caller sets.
 * @param c The client.
 * @param out Caller struct with `version` set; only that version's members are written.
 * @return 0, SSE_EINVAL (NULL), SSE_EVERSION.
 * Thread-safe: yes (each counter is read atomically).
 * @since 1.0
 */
SSE_API int sse_client_get_stats(const sse_client *c, sse_client_stats *out);

/**
 * The user_data given to sse_client_new() (or set later).
 * @param c The client.
 * @return The pointer, or NULL if `c` is NULL.
 * @since 1.0
 */
SSE_API void *sse_client_user_data(const sse_client *c);

/**
 * Replace the user_data pointer.
 * @param c The client.
 * @param user_data The new pointer; the library never dereferences it.
 * @since 1.0
 */
SSE_API void sse_client_set_user_data(sse_client *c, void *user_data);

#ifdef __cplusplus
}
#endif

#endif /* SSE_CLIENT_H */
