/* The C API of <sse/server.h> without traffic: options and their versions, every
 * refusal of sse_server_new / sse_server_start with its message (bind errors name the
 * address), the lifecycle rules (port before start, start twice, stop twice, free
 * NULL) and the stats struct. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>
#include <sse/sse.h>

static sse_publisher *pub;

static int setup(void **state) {
  (void)state;
  return sse_publisher_new(&pub, NULL);
}

static int teardown(void **state) {
  (void)state;
  sse_publisher_free(pub);
  return 0;
}

static void assert_new_fails(const sse_server_options *o, int code, const char *in_message) {
  sse_server *srv = (sse_server *)&srv;
  sse_error_clear();
  assert_int_equal(sse_server_new(&srv, pub, o), code);
  assert_null(srv);
  if (strstr(sse_error_last()->message, in_message) == NULL)
    fail_msg("message '%s' lacks '%s'", sse_error_last()->message, in_message);
}

static void test_options_init_fills_defaults_and_checks_version(void **state) {
  (void)state;
  sse_server_options o;
  memset(&o, 0xAB, sizeof o);
  assert_int_equal(sse_server_options_init(&o, SSE_SERVER_OPTIONS_VERSION), 0);
  assert_int_equal(o.version, SSE_SERVER_OPTIONS_VERSION);
  assert_null(o.listen);
  assert_null(o.path);
  assert_null(o.publish_path);
  assert_null(o.cors_origins);
  assert_null(o.index_html.ptr);
  assert_null(o.tls_cert_file);
  assert_null(o.authorize);
  assert_int_equal(o.max_header_bytes, SSE_SERVER_DEFAULT_MAX_HEADER_BYTES);
  assert_int_equal(o.header_timeout_ms, SSE_SERVER_DEFAULT_HEADER_TIMEOUT_MS);
  assert_int_equal(o.max_publish_bytes, SSE_SERVER_DEFAULT_MAX_PUBLISH_BYTES);
  assert_int_equal(o.max_connections, 10000);
  assert_int_equal(o.threads, 1);
  assert_true(o.retry_ms < 0);
  assert_int_equal(sse_server_options_init(&o, 0), SSE_EINVAL);
  assert_int_equal(sse_server_options_init(&o, SSE_SERVER_OPTIONS_VERSION + 1), SSE_EVERSION);
  assert_int_equal(sse_server_options_init(NULL, 1), SSE_EINVAL);
}

static void test_new_refuses_bad_options_with_a_message(void **state) {
  (void)state;
  sse_server_options o = SSE_SERVER_OPTIONS_INIT;
  o.publish_path = "/publish";
  assert_new_fails(&o, SSE_EINVAL, "publish_token");
  o.publish_token = "";
  assert_new_fails(&o, SSE_EINVAL, "publish_token");
  o = (sse_server_options)SSE_SERVER_OPTIONS_INIT;
  o.listen = "127.0.0.1";
  assert_new_fails(&o, SSE_EINVAL, "listen address");
  o.listen = "127.0.0.1:99999";
  assert_new_fails(&o, SSE_EINVAL, "bad port");
  o.listen = "[::1:80";
  assert_new_fails(&o, SSE_EINVAL, "listen address");
  o = (sse_server_options)SSE_SERVER_OPTIONS_INIT;
  o.path = "events";
  assert_new_fails(&o, SSE_EINVAL, "path");
  o = (sse_server_options)SSE_SERVER_OPTIONS_INIT;
  o.tls_cert_file = "/nonexistent.pem";
  assert_new_fails(&o, SSE_EINVAL, "tls_key_file");
  o.tls_key_file = "/nonexistent.key";
  assert_new_fails(&o, SSE_EIO, "/nonexistent.pem");
  o = (sse_server_options)SSE_SERVER_OPTIONS_INIT;
  o.max_connections = 0;
  assert_new_fails(&o, SSE_EINVAL, "max_connections");
  o = (sse_server_options)SSE_SERVER_OPTIONS_INIT;
  o.version = SSE_SERVER_OPTIONS_VERSION + 1;
  assert_new_fails(&o, SSE_EVERSION, "");
  sse_server *srv;
  assert_int_equal(sse_server_new(&srv, NULL, NULL), SSE_EINVAL);
  assert_int_equal(sse_server_new(NULL, pub, NULL), SSE_EINVAL);
}

static void test_lifecycle(void **state) {
  (void)state;
  sse_server_options o = SSE_SERVER_OPTIONS_INIT;
  o.listen = "127.0.0.1:0";
  o.threads = 2;
  sse_server *srv;
  assert_int_equal(sse_server_new(&srv, pub, &o), 0);
  assert_int_equal(sse_server_port(srv), SSE_EBUSY);
  assert_int_equal(sse_server_stop(srv, 0), 0); /* never started: nothing to do */
  assert_int_equal(sse_server_start(srv), 0);
  int port = sse_server_port(srv);
  assert_true(port > 0 && port < 65536);
  assert_int_equal(sse_server_start(srv), SSE_EBUSY);

  /* The port is taken: a second server on it fails to start, naming the address. */
  char addr[64];
  snprintf(addr, sizeof addr, "127.0.0.1:%d", port);
  for (unsigned threads = 1; threads <= 2; threads++) {
    sse_server_options o2 = SSE_SERVER_OPTIONS_INIT;
    o2.listen = addr;
    o2.threads = threads;
    sse_server *other;
    assert_int_equal(sse_server_new(&other, pub, &o2), 0);
    sse_error_clear();
    assert_int_equal(sse_server_start(other), SSE_EIO);
    assert_non_null(strstr(sse_error_last()->message, addr));
    sse_server_free(other);
  }

  sse_server_stats st = SSE_SERVER_STATS_INIT;
  assert_int_equal(sse_server_get_stats(srv, &st), 0);
  assert_int_equal(st.connections, 0);
  assert_int_equal(st.subscribers, 0);
  st.version = 0;
  assert_int_equal(sse_server_get_stats(srv, &st), SSE_EINVAL);
  st.version = SSE_SERVER_STATS_VERSION + 1;
  assert_int_equal(sse_server_get_stats(srv, &st), SSE_EVERSION);

  assert_int_equal(sse_server_stop(srv, 1000), 0);
  assert_int_equal(sse_server_stop(srv, 1000), 0);
  /* Stopped: the port is free again. */
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in sin = {0};
  sin.sin_family = AF_INET;
  sin.sin_port = htons((uint16_t)port);
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  assert_int_not_equal(connect(fd, (struct sockaddr *)&sin, sizeof sin), 0);
  close(fd);
  sse_server_free(srv);
  sse_server_free(NULL);
}

static void test_null_handles(void **state) {
  (void)state;
  sse_server_stats st = SSE_SERVER_STATS_INIT;
  assert_int_equal(sse_server_start(NULL), SSE_EINVAL);
  assert_int_equal(sse_server_port(NULL), SSE_EINVAL);
  assert_int_equal(sse_server_stop(NULL, 0), SSE_EINVAL);
  assert_int_equal(sse_server_get_stats(NULL, &st), SSE_EINVAL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_options_init_fills_defaults_and_checks_version),
      cmocka_unit_test(test_new_refuses_bad_options_with_a_message),
      cmocka_unit_test(test_lifecycle),
      cmocka_unit_test(test_null_handles),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
