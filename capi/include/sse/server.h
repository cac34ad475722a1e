/**
 * @file sse/server.h
 * @brief Embedded HTTP server streaming a publisher's subscribers (libevent 2.1).
 *
 * A C program gets a working SSE endpoint in a dozen lines:
 *
 * @code
 * sse_publisher *pub;
 * sse_publisher_new(&pub, NULL);
 * sse_server_options o = SSE_SERVER_OPTIONS_INIT;
 * o.listen = "127.0.0.1:8080";
 * o.publish_path = "/publish";          // optional: POST events over HTTP
 * o.publish_token = "secret";
 * sse_server *srv;
 * if (sse_server_new(&srv, pub, &o) < 0 || sse_server_start(srv) < 0)
 *   die(sse_error_last()->message);
 * // ... sse_publisher_publish(pub, ...) from any thread ...
 * sse_server_stop(srv, 5000);
 * sse_server_free(srv);
 * sse_publisher_free(pub);
 * @endcode
 *
 * What it serves:
 *  - `GET <path>?topic=a&topic=b` subscribes to topics `a` and `b` (one subscriber of
 *    the publisher per connection) and streams `text/event-stream; charset=utf-8`
 *    with `Cache-Control: no-store` and `X-Accel-Buffering: no`. The last event ID
 *    comes from the `Last-Event-ID` header, or from a `lastEventId` query parameter
 *    for clients that cannot set headers. A subscriber closed by the publisher
 *    (slow-consumer policy, sse_publisher_close()) ends the response.
 *  - `POST <publish_path>` (when set) publishes one event. It needs
 *    `Authorization: Bearer <publish_token>` (else 401 with `WWW-Authenticate`).
 *    The body is `application/x-www-form-urlencoded`
 *    (`topic=a&topic=b&data=...&type=...&id=...&retry=...`) or `application/json`
 *    (`{"topic":"a"` or `"topics":["a","b"], "data":"...", "type":"...", "id":"...",
 *    "retry":1000}`). Invalid input (bad UTF-8, CR or LF in type or id, bad numbers,
 *    unknown fields or content type) is refused with 400 and a text message, and
 *    nothing is published; a body over `max_publish_bytes` gets 413. Success is
 *    200 with `{"id":"<assigned id>"}`.
 *  - `GET /` serves `index_html` when it is set.
 *  - CORS for the listed origins, with preflight (`OPTIONS`).
 *  - Limits, on by default: `max_connections` (beyond it 503 with `Retry-After`),
 *    `max_header_bytes` (400: libevent 2.1 answers an oversized head so),
 *    `header_timeout_ms` (a connection that has not sent a complete request head by
 *    then is closed: slowloris), `max_publish_bytes` (413); unknown path 404, wrong
 *    method 405 with `Allow`, bad query or topic 400, each with a text message.
 *
 * Frames are written by reference: each connection's output buffer points into the
 * publisher's shared frames (no copy per subscriber), and all the output ready for
 * a connection goes out in one write per loop turn.
 *
 * Threading: the server runs its own event-loop threads (`threads`), started by
 * sse_server_start(). Publishing goes through the publisher, from any thread. The
 * functions below are for the thread that owns the handle, except those marked
 * thread-safe.
 */
#ifndef SSE_SERVER_H
#define SSE_SERVER_H

#include "common.h"
#include "publisher.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Opaque server handle. Create with sse_server_new().
 * @since 1.2
 */
typedef struct sse_server sse_server;

/**
 * A subscribe request, as shown to the authorization callback.
 *
 * Every view is NUL-terminated at `ptr[len]` and valid only until the callback
 * returns.
 * ABI: library-filled, read through a pointer: members may be appended in a later
 * 1.x (see common.h).
 * @since 1.2
 */
typedef struct sse_server_request {
  sse_str method;             ///< "GET".
  sse_str path;               ///< Decoded path, without the query.
  sse_str query;              ///< Raw query string (after `?`); empty when none.
  const sse_header *headers;  ///< Request headers in arrival order.
  size_t header_count;        ///< Entries in `headers`.
  const sse_str *topics;      ///< The topics asked for (decoded, validated).
  size_t n_topics;            ///< Entries in `topics` (at least 1).
  sse_str last_event_id;      ///< From `Last-Event-ID` or `lastEventId`; ptr NULL if none.
  sse_str remote_addr;        ///< Peer as "host:port" ("[v6]:port" for IPv6).
} sse_server_request;

/**
 * Subscribe-authorization callback, called for every valid subscribe request before
 * the subscriber is created.
 *
 * @return 0 to allow, or an HTTP status 400..599 to refuse the request with that
 *         status (any other value refuses with 403).
 * Threading: runs on one of the server's loop threads, possibly on several at once
 * when `threads` > 1. It must not block for long (it stalls every connection of its
 * loop) and must not call sse_server_stop() or sse_server_free().
 * @since 1.2
 */
typedef int (*sse_server_authorize_cb)(sse_server *srv, const sse_server_request *req,
                                       void *user_data);

/** Current version of sse_server_options. @since 1.2 */
#define SSE_SERVER_OPTIONS_VERSION 1u

/** Default address: loopback, port 8080. @since 1.2 */
#define SSE_SERVER_DEFAULT_LISTEN "127.0.0.1:8080"
/** Default subscribe path. @since 1.2 */
#define SSE_SERVER_DEFAULT_PATH "/events"
/** Default most connections open at once. @since 1.2 */
#define SSE_SERVER_DEFAULT_MAX_CONNECTIONS ((size_t)10000)
/** Default largest request head (request line plus headers) in bytes. @since 1.2 */
#define SSE_SERVER_DEFAULT_MAX_HEADER_BYTES ((size_t)8192)
/** Default time a connection has to send a complete request head: 10 s. @since 1.2 */
#define SSE_SERVER_DEFAULT_HEADER_TIMEOUT_MS 10000u
/** Default largest publish body: 64 KiB. @since 1.2 */
#define SSE_SERVER_DEFAULT_MAX_PUBLISH_BYTES ((size_t)65536)

/**
 * Server options. Initialise with SSE_SERVER_OPTIONS_INIT or
 * sse_server_options_init(); fields are only ever appended.
 * Every string and array is copied by sse_server_new().
 * ABI: versioned: the library reads only the members of the caller's `version`.
 * @since 1.2
 */
typedef struct sse_server_options {
  unsigned int version;       ///< SSE_SERVER_OPTIONS_VERSION.
  const char *listen;         ///< "host:port": "127.0.0.1:8080", "0.0.0.0:80",
                              ///< "[::1]:8080". Port 0 = an ephemeral port (see
                              ///< sse_server_port()). NULL = SSE_SERVER_DEFAULT_LISTEN.
  const char *path;           ///< Subscribe path; NULL = "/events". Starts with `/`.
  const char *publish_path;   ///< POST path for publishing; NULL = no publishing.
  const char *publish_token;  ///< Bearer token; required (non-empty) when
                              ///< `publish_path` is set. Compared in constant time.
  const char *const *cors_origins; ///< Allowed origins, matched exactly (e.g.
                              ///< "https://example.org"); "*" allows any. NULL = no CORS.
  size_t n_cors_origins;      ///< Entries in `cors_origins`.
  unsigned int threads;       ///< Event-loop threads; 1 by default; 0 = one per core.
  size_t max_connections;     ///< Most connections at once; beyond it 503 + Retry-After.
  size_t max_header_bytes;    ///< Largest request head (at least 256); beyond it 400.
  uint32_t header_timeout_ms; ///< Deadline for a complete request head, from accept
                              ///< or from the end of the previous reply.
  size_t max_publish_bytes;   ///< Largest POST body; beyond it 413.
  int64_t retry_ms;           ///< `retry:` hint sent to each new subscriber; < 0 = none.
  sse_str index_html;         ///< Page served at `GET /`; ptr NULL = none (404).
  const char *tls_cert_file;  ///< PEM certificate chain: serve HTTPS. NULL = plain HTTP.
  const char *tls_key_file;   ///< PEM private key; required with `tls_cert_file`.
  sse_server_authorize_cb authorize; ///< Optional subscribe-authorization callback.
  void *authorize_user_data;  ///< Passed to `authorize`.
} sse_server_options;

/** Static initialiser for sse_server_options with every default. @since 1.2 */
#define SSE_SERVER_OPTIONS_INIT                                                      \
  { SSE_SERVER_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, 0, 1,                  \
    SSE_SERVER_DEFAULT_MAX_CONNECTIONS, SSE_SERVER_DEFAULT_MAX_HEADER_BYTES,         \
    SSE_SERVER_DEFAULT_HEADER_TIMEOUT_MS, SSE_SERVER_DEFAULT_MAX_PUBLISH_BYTES, -1,  \
    { NULL, 0 }, NULL, NULL, NULL, NULL }

/**
 * Fill `opts` with the defaults of `version` (for FFI; C code may use the macro).
 * @param opts Struct to fill.
 * @param version SSE_SERVER_OPTIONS_VERSION (or an older version).
 * @return 0, SSE_EINVAL (NULL or version 0) or SSE_EVERSION (newer than supported).
 * Thread-safe: yes.
 * @since 1.2
 */
SSE_API int sse_server_options_init(sse_server_options *opts, unsigned int version);

/**
 * Create a server for a publisher. Nothing is bound until sse_server_start().
 *
 * @param out Receives the handle; set to NULL on failure.
 * @param pub The publisher whose subscribers are served. Not owned: it must outlive
 *        the server (free the server first). Publish through it from any thread.
 * @param opts Options, or NULL for the defaults; copied. The TLS certificate and key
 *        are loaded here.
 * @return 0 or one of: SSE_EINVAL (NULL `pub`, malformed `listen`, a path not
 *         starting with `/`, `publish_path` without `publish_token`, a certificate
 *         without a key or the reverse, zero limits), SSE_EVERSION, SSE_EIO (TLS
 *         certificate or key unreadable or not matching), SSE_ENOMEM. The reason is
 *         in sse_error_last().
 * @since 1.2
 */
SSE_API int sse_server_new(sse_server **out, sse_publisher *pub,
                           const sse_server_options *opts);

/**
 * Bind the listening socket(s) and start the event-loop threads. Returns once the
 * server accepts connections.
 *
 * @param srv The server.
 * @return 0 or one of: SSE_EINVAL (NULL), SSE_EBUSY (already started), SSE_EIO
 *         (bind or listen failed, e.g. the port is in use; the message names the
 *         address and the system error), SSE_ENOMEM.
 * @since 1.2
 */
SSE_API int sse_server_start(sse_server *srv);

/**
 * The bound TCP port (useful with port 0).
 * @param srv The server.
 * @return The port, or SSE_EINVAL (NULL) or SSE_EBUSY (not started).
 * Thread-safe: yes.
 * @since 1.2
 */
SSE_API int sse_server_port(const sse_server *srv);

/**
 * Stop gracefully: stop accepting, end every subscriber stream (each response is
 * finished after what its subscriber already had queued; the subscribers are freed),
 * close connections that carry no stream, wait up to `timeout_ms` for the output to
 * be flushed, then close every connection and join the loop threads. Calling it
 * again, or on a server never started, does nothing. A stopped server cannot be
 * started again; free it.
 *
 * @param srv The server.
 * @param timeout_ms Longest wait for output to flush; negative = no limit. The call
 *        returns within about this bound even if clients do not read.
 * @return 0, SSE_EINVAL (NULL) or SSE_EBUSY (called from a loop thread, e.g. from
 *         the authorization callback).
 * Thread-safe: yes (e.g. from a signal-handling thread; not from a signal handler).
 * @since 1.2
 */
SSE_API int sse_server_stop(sse_server *srv, int timeout_ms);

/**
 * Stop (without waiting for output to flush) and destroy the server. The publisher
 * is not touched (its subscribers created for the server's streams are freed). If
 * `srv` is NULL, does nothing.
 * @param srv The server to destroy, or NULL.
 * Threading: not from one of the server's loop threads (e.g. the authorization
 * callback), and not while another thread still calls into `srv`.
 * @since 1.2
 */
SSE_API void sse_server_free(sse_server *srv);

/** Current version of sse_server_stats. @since 1.2 */
#define SSE_SERVER_STATS_VERSION 1u

/**
 * Counters, read with sse_server_get_stats().
 * ABI: versioned: the library writes only the members of the caller's `version`.
 * @since 1.2
 */
typedef struct sse_server_stats {
  unsigned int version;     ///< SSE_SERVER_STATS_VERSION.
  uint64_t connections;     ///< Connections open now.
  uint64_t subscribers;     ///< Subscriber streams open now.
  uint64_t requests;        ///< Requests answered since start (streams included).
  uint64_t rejected_limit;  ///< Connections or requests refused by a limit: 503
                            ///< (connections, subscribers), header timeouts, 413
                            ///< from the publisher's `max_event_bytes`. (A body over
                            ///< `max_publish_bytes` is refused by libevent before
                            ///< the server sees it and is not counted.)
  uint64_t published;       ///< Events published through `POST <publish_path>`.
} sse_server_stats;

/** Static initialiser for sse_server_stats. @since 1.2 */
#define SSE_SERVER_STATS_INIT { SSE_SERVER_STATS_VERSION, 0, 0, 0, 0, 0 }

/**
 * Read the counters.
 * @param srv The server.
 * @param out Caller struct with `version` set; only that version's members are written.
 * @return 0 or one of: SSE_EINVAL, SSE_EVERSION.
 * Thread-safe: yes.
 * @since 1.2
 */
SSE_API int sse_server_get_stats(sse_server *srv, sse_server_stats *out);

#ifdef __cplusplus
}
#endif

#endif /* SSE_SERVER_H */
