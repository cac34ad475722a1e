/* The fault-injecting test server (tests/server/sse_test_server.py) and its friends
 * (nghttpd_server.py, the interop servers) as child processes of a C test.
 *
 * A server is spawned with a pipe on stdin and on stdout; it prints one line of JSON
 * (`{"port": N, "scheme": "http", ...}`) and exits when its stdin reaches EOF. The
 * helpers here also talk to its control endpoints with libcurl:
 *   POST /_script/<sid>  (ts_post_script)   GET /_log/<sid>  (ts_fetch_log).
 *
 * Paths come from the build: SSE_TEST_PYTHON, SSE_TEST_SERVER_DIR and SSE_TEST_NODE
 * are defined by tests/client/meson.build. */
#ifndef SSE_TEST_SERVER_H
#define SSE_TEST_SERVER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "mini_json.h"

typedef struct ts_server {
  int started;       /* 0 for a zeroed struct: ts_stop() then does nothing */
  pid_t pid;
  int stdin_fd;      /* our end of the child's stdin; closing it stops the child */
  int stdout_fd;     /* our end of the child's stdout */
  int port;
  char scheme[8];    /* "http" or "https" */
  char base[64];     /* "http://127.0.0.1:<port>" */
  char *ca;          /* TLS files the server reported (NULL when absent) */
  char *client_cert;
  char *client_key;
  char *other_ca;
  char *path;        /* nghttpd_server.py: the stream's path */
} ts_server;

/* Monotonic milliseconds, for measuring delays. */
uint64_t ts_now_ms(void);

/* Start sse_test_server.py with extra arguments (NULL-terminated list, or NULL).
 * Returns 0, or -1 with a message on stderr. Also clears the proxy variables of this
 * process (a CI proxy must not catch 127.0.0.1 requests) and ignores SIGPIPE. */
int ts_start(ts_server *s, const char *const *extra_args);
/* Start sse_test_server.py --tls <work dir>/<cert_subdir> [--require-client-cert]. */
int ts_start_tls(ts_server *s, const char *cert_subdir, int require_client_cert);
/* Start any program that follows the one-JSON-line protocol; argv[0] is a path. */
int ts_start_program(ts_server *s, const char *const *argv);
/* Close stdin, wait up to a few seconds, then SIGTERM and SIGKILL. Idempotent, and
 * a no-op on a zeroed struct that was never started. */
void ts_stop(ts_server *s);

/* Path helpers: "<dir of the server scripts>/<name>", "<build work dir>/<name>". */
const char *ts_script_path(const char *name);
const char *ts_work_path(const char *name);

/* "<scheme>://127.0.0.1:<port><path>". The result lives in one of 16 rotating static
 * buffers: copy it if it must outlive 15 more calls. */
const char *ts_url(const ts_server *s, const char *path);

/* A session id unique to this process and call: "<prefix>-<pid>-<counter>". */
void ts_new_sid(char out[64], const char *prefix);

/* POST the JSON list of responses for `sid`. Returns 0 on a 200 reply. */
int ts_post_script(const ts_server *s, const char *sid, const char *json);

/* GET /_log/<sid> as a malloc'd NUL-terminated string, or NULL. */
char *ts_get_log(const ts_server *s, const char *sid);
/* The same, parsed: a JSON array of request entries (json_free it), or NULL. */
json_value *ts_fetch_log(const ts_server *s, const char *sid);

/* Entry accessors on a parsed log; n counts from 0; NULL when missing. */
size_t ts_log_count(const json_value *log);
const char *ts_log_field(const json_value *log, size_t n, const char *field);
/* First header `name` (case-insensitive) of request n, or NULL when absent. */
const char *ts_log_header(const json_value *log, size_t n, const char *name);
/* The same with its decoded length (values may hold any byte). */
const json_value *ts_log_header_value(const json_value *log, size_t n, const char *name);

/* A small GET with libcurl outside the client under test (e.g. to check a server).
 * Returns the HTTP status (or -1) and, when body_out is given, the malloc'd body. */
int ts_http_get(const ts_server *s, const char *path, char **body_out);

#endif
