/* A publisher behind an embedded server, driven over stdin by the python tests of
 * this directory (they need a server process whose descriptors, memory and counters
 * they can watch from outside).
 *
 * Options (all optional): --listen A --threads N --max-connections N
 *   --header-timeout-ms N --max-header-bytes N --max-publish-bytes N --queue-bytes N
 *   --history N --keep-alive MS --retry MS --cors ORIGIN (repeatable)
 *   --tls-cert F --tls-key F --deny-topic T --index FILE
 * Publishing over HTTP is on at /publish with the token "test-token".
 * Prints "port N" once serving. Commands, one per line:
 *   stats                  -> one JSON object of publisher and server counters
 *   publish TOPIC DATA     -> "id ID"
 *   stop MS                -> "stopped ELAPSED_MS", then exits
 * End of input stops with no wait and exits. */
#define _POSIX_C_SOURCE 200809L
#include <sse/sse.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *deny_topic;

static int authorize(sse_server *srv, const sse_server_request *req, void *ud) {
  (void)srv, (void)ud;
  for (size_t i = 0; i < req->n_topics; i++)
    if (deny_topic && strcmp(req->topics[i].ptr, deny_topic) == 0) return 403;
  for (size_t i = 0; i < req->header_count; i++)
    if (strcmp(req->headers[i].name.ptr, "X-Deny-Status") == 0) return atoi(req->headers[i].value.ptr);
  return 0;
}

static uint64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  static char buf[1 << 16];
  *len = fread(buf, 1, sizeof buf, f);
  fclose(f);
  return buf;
}

static void print_stats(sse_publisher *pub, sse_server *srv) {
  sse_publisher_stats ps = SSE_PUBLISHER_STATS_INIT;
  sse_server_stats ss = SSE_SERVER_STATS_INIT;
  sse_publisher_get_stats(pub, &ps);
  sse_server_get_stats(srv, &ss);
  printf("{\"published\":%llu,\"subscribers\":%llu,\"disconnected_slow\":%llu,"
         "\"delivered\":%llu,\"connections\":%llu,\"streams\":%llu,\"requests\":%llu,"
         "\"rejected_limit\":%llu,\"published_http\":%llu}\n",
         (unsigned long long)ps.published, (unsigned long long)ps.subscribers,
         (unsigned long long)ps.disconnected_slow, (unsigned long long)ps.delivered,
         (unsigned long long)ss.connections, (unsigned long long)ss.subscribers,
         (unsigned long long)ss.requests, (unsigned long long)ss.rejected_limit,
         (unsigned long long)ss.published);
}

int main(int argc, char **argv) {
  sse_publisher_options po = SSE_PUBLISHER_OPTIONS_INIT;
  sse_server_options so = SSE_SERVER_OPTIONS_INIT;
  so.listen = "127.0.0.1:0";
  so.publish_path = "/publish";
  so.publish_token = "test-token";
  const char *origins[8];
  size_t n_origins = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const char *k = argv[i], *v = argv[i + 1];
    if (!strcmp(k, "--listen")) so.listen = v;
    else if (!strcmp(k, "--threads")) so.threads = (unsigned)atoi(v);
    else if (!strcmp(k, "--max-connections")) so.max_connections = (size_t)atol(v);
    else if (!strcmp(k, "--header-timeout-ms")) so.header_timeout_ms = (uint32_t)atol(v);
    else if (!strcmp(k, "--max-header-bytes")) so.max_header_bytes = (size_t)atol(v);
    else if (!strcmp(k, "--max-publish-bytes")) so.max_publish_bytes = (size_t)atol(v);
    else if (!strcmp(k, "--queue-bytes")) po.queue_bytes = (size_t)atol(v);
    else if (!strcmp(k, "--history")) po.history_events = (size_t)atol(v);
    else if (!strcmp(k, "--keep-alive")) po.keep_alive_ms = (uint32_t)atol(v);
    else if (!strcmp(k, "--retry")) so.retry_ms = atol(v);
    else if (!strcmp(k, "--cors") && n_origins < 8) origins[n_origins++] = v;
    else if (!strcmp(k, "--tls-cert")) so.tls_cert_file = v;
    else if (!strcmp(k, "--tls-key")) so.tls_key_file = v;
    else if (!strcmp(k, "--deny-topic")) deny_topic = v;
    else if (!strcmp(k, "--index")) {
      size_t len = 0;
      const char *html = read_file(v, &len);
      so.index_html.ptr = html;
      so.index_html.len = len;
    } else {
      fprintf(stderr, "unknown option %s\n", k);
      return 2;
    }
  }
  so.cors_origins = origins;
  so.n_cors_origins = n_origins;
  so.authorize = authorize;

  sse_publisher *pub;
  sse_server *srv;
  if (sse_publisher_new(&pub, &po) < 0 || sse_server_new(&srv, pub, &so) < 0 ||
      sse_server_start(srv) < 0) {
    fprintf(stderr, "serve_driver: %s\n", sse_error_last()->message);
    return 1;
  }
  printf("port %d\n", sse_server_port(srv));
  fflush(stdout);

  char line[4096];
  while (fgets(line, sizeof line, stdin) != NULL) {
    line[strcspn(line, "\n")] = '\0';
    if (!strcmp(line, "stats")) {
      print_stats(pub, srv);
    } else if (!strncmp(line, "publish ", 8)) {
      char *topic = line + 8, *data = strchr(topic, ' ');
      if (data == NULL) data = topic + strlen(topic); else *data++ = '\0';
      sse_str t = {topic, strlen(topic)};
      sse_message m = SSE_MESSAGE_INIT;
      m.data.ptr = data;
      m.data.len = strlen(data);
      char id[128];
      if (sse_publisher_publish(pub, &t, 1, &m, id, sizeof id, NULL) < 0)
        printf("error %s\n", sse_error_last()->message);
      else
        printf("id %s\n", id);
    } else if (!strncmp(line, "stop ", 5)) {
      uint64_t t0 = now_ms();
      sse_server_stop(srv, atoi(line + 5));
      printf("stopped %llu\n", (unsigned long long)(now_ms() - t0));
      fflush(stdout);
      break;
    } else {
      printf("error unknown command\n");
    }
    fflush(stdout);
  }
  sse_server_free(srv);
  sse_publisher_free(pub);
  return 0;
}
