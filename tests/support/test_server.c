#define _POSIX_C_SOURCE 200809L
#include "test_server.h"

#include <curl/curl.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#ifndef SSE_TEST_PYTHON
#define SSE_TEST_PYTHON "python3"
#endif
#ifndef SSE_TEST_SERVER_DIR
#define SSE_TEST_SERVER_DIR "tests/server"
#endif
#ifndef SSE_TEST_WORK_DIR
#define SSE_TEST_WORK_DIR "."
#endif

/* Generating certificates with the openssl CLI takes a moment; a server that has not
 * said hello after this long is broken. */
#define TS_HELLO_TIMEOUT_MS 30000

uint64_t ts_now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000u + (uint64_t)t.tv_nsec / 1000000u;
}

static void sleep_ms(unsigned ms) {
  struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
  nanosleep(&t, NULL);
}

static const char *rotating(const char *fmt, ...) {
  static char bufs[16][1024];
  static unsigned next;
  char *buf = bufs[next++ % 16];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof bufs[0], fmt, ap);
  va_end(ap);
  return buf;
}

const char *ts_script_path(const char *name) {
  return rotating("%s/%s", SSE_TEST_SERVER_DIR, name);
}

const char *ts_work_path(const char *name) {
  return rotating("%s/%s", SSE_TEST_WORK_DIR, name);
}

const char *ts_url(const ts_server *s, const char *path) {
  return rotating("%s%s", s->base, path);
}

void ts_new_sid(char out[64], const char *prefix) {
  static unsigned counter;
  snprintf(out, 64, "%s-%ld-%u", prefix, (long)getpid(), ++counter);
}

/* The client under test must reach 127.0.0.1 directly, whatever the CI sets. */
static void process_setup(void) {
  static const char *const vars[] = {"http_proxy", "HTTP_PROXY", "https_proxy",
                                     "HTTPS_PROXY", "all_proxy", "ALL_PROXY"};
  for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) unsetenv(vars[i]);
  signal(SIGPIPE, SIG_IGN);
  static int curl_ready;
  if (!curl_ready) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    curl_ready = 1;
  }
}

static char *dup_json_str(const json_value *hello, const char *key) {
  const char *v = json_str(json_get(hello, key));
  return v ? strdup(v) : NULL;
}

/* Read until the first LF (the hello line) or the timeout. */
static char *read_hello(int fd) {
  char buf[4096];
  size_t n = 0;
  uint64_t deadline = ts_now_ms() + TS_HELLO_TIMEOUT_MS;
  while (n + 1 < sizeof buf) {
    uint64_t now = ts_now_ms();
    if (now >= deadline) break;
    struct pollfd p = {fd, POLLIN, 0};
    int r = poll(&p, 1, (int)(deadline - now));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    /* One byte at a time: nothing after the line may be swallowed. */
    ssize_t got = read(fd, buf + n, 1);
    if (got <= 0) break;
    if (buf[n] == '\n') {
      buf[n] = '\0';
      return strdup(buf);
    }
    n++;
  }
  buf[n] = '\0';
  fprintf(stderr, "# test server: no hello line (got \"%s\")\n", buf);
  return NULL;
}

int ts_start_program(ts_server *s, const char *const *argv) {
  int in[2], out[2];
  memset(s, 0, sizeof *s);
  s->started = 1;
  s->pid = -1;
  s->stdin_fd = s->stdout_fd = -1;
  process_setup();
  if (pipe(in) != 0) return -1;
  if (pipe(out) != 0) {
    close(in[0]);
    close(in[1]);
    return -1;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_addclose(&fa, in[1]);
  posix_spawn_file_actions_addclose(&fa, out[0]);
  int rc = posix_spawnp(&s->pid, argv[0], &fa, NULL, (char *const *)argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(in[0]);
  close(out[1]);
  s->stdin_fd = in[1];
  s->stdout_fd = out[0];
  if (rc != 0) {
    fprintf(stderr, "# cannot spawn %s: %s\n", argv[0], strerror(rc));
    s->pid = -1;
    ts_stop(s);
    return -1;
  }
  char *line = read_hello(s->stdout_fd);
  json_value *hello = line ? json_parse(line, strlen(line)) : NULL;
  const char *scheme = json_str(json_get(hello, "scheme"));
  s->port = (int)json_num(json_get(hello, "port"), 0);
  snprintf(s->scheme, sizeof s->scheme, "%s", scheme ? scheme : "http");
  snprintf(s->base, sizeof s->base, "%s://127.0.0.1:%d", s->scheme, s->port);
  s->ca = dup_json_str(hello, "ca");
  s->client_cert = dup_json_str(hello, "client_cert");
  s->client_key = dup_json_str(hello, "client_key");
  s->other_ca = dup_json_str(hello, "other_ca");
  s->path = dup_json_str(hello, "path");
  json_free(hello);
  if (s->port <= 0) {
    fprintf(stderr, "# %s: bad hello line: %s\n", argv[0], line ? line : "(none)");
    free(line);
    ts_stop(s);
    return -1;
  }
  free(line);
  return 0;
}

int ts_start(ts_server *s, const char *const *extra_args) {
  const char *argv[16] = {SSE_TEST_PYTHON, ts_script_path("sse_test_server.py")};
  size_t n = 2;
  for (size_t i = 0; extra_args && extra_args[i] && n + 1 < 16; i++) argv[n++] = extra_args[i];
  argv[n] = NULL;
  return ts_start_program(s, argv);
}

int ts_start_tls(ts_server *s, const char *cert_subdir, int require_client_cert) {
  const char *dir = ts_work_path(cert_subdir);
  const char *args[] = {"--tls", dir, require_client_cert ? "--require-client-cert" : NULL,
                        NULL};
  return ts_start(s, args);
}

static int wait_exit(pid_t pid, unsigned ms) {
  uint64_t deadline = ts_now_ms() + ms;
  for (;;) {
    int status;
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid || (r < 0 && errno != EINTR)) return 1;
    if (ts_now_ms() >= deadline) return 0;
    sleep_ms(10); /* polling a child's exit: there is no waitpid with a timeout */
  }
}

void ts_stop(ts_server *s) {
  if (!s->started) return;
  if (s->stdin_fd >= 0) close(s->stdin_fd);
  s->stdin_fd = -1;
  if (s->pid > 0) {
    if (!wait_exit(s->pid, 5000)) {
      fprintf(stderr, "# test server %ld ignored stdin EOF; SIGTERM\n", (long)s->pid);
      kill(s->pid, SIGTERM);
      if (!wait_exit(s->pid, 3000)) {
        kill(s->pid, SIGKILL);
        wait_exit(s->pid, 3000);
      }
    }
  }
  s->pid = -1;
  if (s->stdout_fd >= 0) close(s->stdout_fd);
  s->stdout_fd = -1;
  free(s->ca);
  free(s->client_cert);
  free(s->client_key);
  free(s->other_ca);
  free(s->path);
  s->ca = s->client_cert = s->client_key = s->other_ca = s->path = NULL;
  s->started = 0;
}

/* ------------------------------------------------------- control requests -- */

typedef struct grow {
  char *p;
  size_t len;
} grow;

static size_t grow_write(char *data, size_t size, size_t nmemb, void *ud) {
  grow *g = ud;
  size_t n = size * nmemb;
  char *p = realloc(g->p, g->len + n + 1);
  if (!p) return 0;
  memcpy(p + g->len, data, n);
  g->p = p;
  g->len += n;
  g->p[g->len] = '\0';
  return n;
}

/* One request on a fresh easy handle; returns the status or -1. */
static int control_request(const ts_server *s, const char *path, const char *post_body,
                           char **body_out) {
  CURL *h = curl_easy_init();
  if (!h) return -1;
  grow g = {NULL, 0};
  struct curl_slist *hdrs = NULL;
  curl_easy_setopt(h, CURLOPT_URL, ts_url(s, path));
  curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 20000L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, grow_write);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &g);
  if (s->ca) curl_easy_setopt(h, CURLOPT_CAINFO, s->ca);
  if (s->client_cert) curl_easy_setopt(h, CURLOPT_SSLCERT, s->client_cert);
  if (s->client_key) curl_easy_setopt(h, CURLOPT_SSLKEY, s->client_key);
  if (post_body) {
    hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, post_body);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(post_body));
  }
  CURLcode rc = curl_easy_perform(h);
  long status = -1;
  if (rc == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  else fprintf(stderr, "# control request %s: %s\n", path, curl_easy_strerror(rc));
  curl_slist_free_all(hdrs);
  curl_easy_cleanup(h);
  if (body_out) *body_out = g.p ? g.p : strdup("");
  else free(g.p);
  return (int)status;
}

int ts_post_script(const ts_server *s, const char *sid, const char *json) {
  char *reply = NULL;
  int status = control_request(s, rotating("/_script/%s", sid), json, &reply);
  if (status != 200) fprintf(stderr, "# script %s rejected (%d): %s\n", sid, status, reply);
  free(reply);
  return status == 200 ? 0 : -1;
}

char *ts_get_log(const ts_server *s, const char *sid) {
  char *body = NULL;
  int status = control_request(s, rotating("/_log/%s", sid), NULL, &body);
  if (status != 200) {
    free(body);
    return NULL;
  }
  return body;
}

json_value *ts_fetch_log(const ts_server *s, const char *sid) {
  char *text = ts_get_log(s, sid);
  if (!text) return NULL;
  json_value *log = json_parse(text, strlen(text));
  if (!log || log->type != JSON_ARRAY)
    fprintf(stderr, "# log of %s is not a JSON list: %.200s\n", sid, text);
  free(text);
  return log;
}

int ts_http_get(const ts_server *s, const char *path, char **body_out) {
  return control_request(s, path, NULL, body_out);
}

size_t ts_log_count(const json_value *log) {
  return log && log->type == JSON_ARRAY ? log->count : 0;
}

const char *ts_log_field(const json_value *log, size_t n, const char *field) {
  return json_str(json_get(json_at(log, n), field));
}

const json_value *ts_log_header_value(const json_value *log, size_t n, const char *name) {
  const json_value *headers = json_get(json_at(log, n), "headers");
  for (size_t i = 0; i < ts_log_count(headers); i++) {
    const json_value *pair = json_at(headers, i);
    const char *key = json_str(json_at(pair, 0));
    if (key && strcasecmp(key, name) == 0) return json_at(pair, 1);
  }
  return NULL;
}

const char *ts_log_header(const json_value *log, size_t n, const char *name) {
  return json_str(ts_log_header_value(log, n, name));
}
