/* Versioned structs from callers built against an older header (house style B4): a
 * version-1 struct is smaller than the library's current one, and the library must
 * neither read nor write a byte past the caller's version.
 *
 * Reads are caught by placing the caller's struct at the very end of a readable page
 * followed by a PROT_NONE page: one byte too far is a SIGSEGV, which cmocka reports
 * as a failure. Writes are caught the same way and by guard bytes after the struct. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS under -std=c99 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>
#include <sse/sse.h>

/* The client and the server are optional parts of libsse (<sse/features.h>): their
 * checks are compiled only when the library has them. */
#if SSE_HAS_CLIENT
/* sse_client_options exactly as libsse 1.0 declared it (version 1): what a program
 * compiled against the 1.0 header allocates. */
typedef struct client_options_1_0 {
  unsigned int version;
  const char *url;
  const char *method;
  const char *body;
  size_t body_len;
  const sse_header *headers;
  size_t header_count;
  const char *last_event_id;
  const char *user_agent;
  const char *proxy;
  const char *ca_file;
  const char *client_cert;
  const char *client_key;
  int insecure;
  int accept_encoding;
  int http_version;
  uint64_t connect_timeout_ms;
  uint64_t idle_timeout_ms;
  uint64_t retry_ms;
  uint64_t max_backoff_ms;
  uint64_t backoff_reset_ms;
  unsigned int jitter_percent;
  uint64_t max_attempts;
  uint64_t max_elapsed_ms;
  const int *retry_statuses;
  size_t retry_status_count;
  unsigned int max_redirects;
  size_t max_event_bytes;
  size_t max_failure_body_bytes;
  const sse_allocator *allocator;
} client_options_1_0;
#endif

/* The other versioned structs are still at version 1: their version-1 size is their
 * size. When one of them grows, replace its entry with a copy of the old layout as
 * above. */
#define PARSER_OPTIONS_1_BYTES sizeof(sse_parser_options)
#define PARSER_CALLBACKS_1_BYTES sizeof(sse_parser_callbacks)
#define SERIALIZER_OPTIONS_1_BYTES sizeof(sse_serializer_options)
#define CLIENT_CALLBACKS_1_BYTES sizeof(sse_client_callbacks)
#define CLIENT_STATS_1_BYTES sizeof(sse_client_stats)
#define PUBLISHER_OPTIONS_1_BYTES sizeof(sse_publisher_options)
#define MESSAGE_1_BYTES sizeof(sse_message)
#define SUBSCRIBER_OPTIONS_1_BYTES sizeof(sse_subscriber_options)
#define PUBLISHER_STATS_1_BYTES sizeof(sse_publisher_stats)
#define SERVER_OPTIONS_1_BYTES sizeof(sse_server_options)
#define SERVER_STATS_1_BYTES sizeof(sse_server_stats)

enum { GUARD = 64, GUARD_BYTE = 0xA5 };

typedef struct page_pair {
  unsigned char *base; /* a readable page, then a PROT_NONE page */
  size_t page;
} page_pair;

static int pages_setup(void **state) {
  static page_pair pp;
  pp.page = (size_t)sysconf(_SC_PAGESIZE);
  void *m = mmap(NULL, 2 * pp.page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) return -1;
  pp.base = m;
  if (mprotect(pp.base + pp.page, pp.page, PROT_NONE) != 0) return -1;
  *state = &pp;
  return 0;
}

static int pages_teardown(void **state) {
  page_pair *pp = *state;
  return munmap(pp->base, 2 * pp->page);
}

/* `bytes` of caller memory ending exactly where the inaccessible page starts, holding a
 * copy of `src` (or GUARD_BYTE when `src` is NULL). */
static void *at_page_end(void **state, const void *src, size_t bytes) {
  page_pair *pp = *state;
  unsigned char *p = pp->base + pp->page - bytes;
  memset(pp->base, GUARD_BYTE, pp->page);
  if (src != NULL) memcpy(p, src, bytes);
  return p;
}

/* Room for any versioned struct of the parts this libsse has. */
typedef union any_versioned_struct {
  sse_parser_options parser_options;
  sse_parser_callbacks parser_callbacks;
  sse_serializer_options serializer_options;
  sse_publisher_options publisher_options;
  sse_message message;
  sse_subscriber_options subscriber_options;
  sse_publisher_stats publisher_stats;
#if SSE_HAS_CLIENT
  sse_client_options client_options;
  sse_client_callbacks client_callbacks;
  sse_client_stats client_stats;
#endif
#if SSE_HAS_SERVER
  sse_server_options server_options;
  sse_server_stats server_stats;
#endif
} any_versioned_struct;

/* A caller buffer of `bytes` followed by GUARD guard bytes. */
typedef struct guarded {
  unsigned char bytes[sizeof(any_versioned_struct) + GUARD];
} guarded;

static void assert_guard_intact(const guarded *g, size_t bytes) {
  for (size_t i = bytes; i < bytes + GUARD; i++) {
    if (g->bytes[i] != GUARD_BYTE) fail_msg("byte %zu past a %zu-byte struct was written", i, bytes);
  }
}

/* --- readers: the constructors copy only the caller's version ---------------- */

static void test_parser_new_reads_only_a_version_1_options_and_callbacks(void **state) {
  sse_parser_options po = SSE_PARSER_OPTIONS_INIT;
  po.version = 1;
  sse_parser_options *opts = at_page_end(state, &po, PARSER_OPTIONS_1_BYTES);
  sse_parser *p = NULL;
  assert_int_equal(sse_parser_new(&p, opts, NULL, NULL), 0);
  sse_parser_free(p);

  sse_parser_callbacks pc = SSE_PARSER_CALLBACKS_INIT;
  pc.version = 1;
  sse_parser_callbacks *cbs = at_page_end(state, &pc, PARSER_CALLBACKS_1_BYTES);
  assert_int_equal(sse_parser_new(&p, NULL, cbs, NULL), 0);
  sse_parser_free(p);
}

static void test_serializer_new_reads_only_a_version_1_options(void **state) {
  sse_serializer_options so = SSE_SERIALIZER_OPTIONS_INIT;
  so.version = 1;
  sse_serializer *s = NULL;
  assert_int_equal(sse_serializer_new(&s, at_page_end(state, &so, SERIALIZER_OPTIONS_1_BYTES)), 0);
  sse_serializer_free(s);
}

#if SSE_HAS_CLIENT
static client_options_1_0 options_1_0(void) {
  client_options_1_0 o;
  memset(&o, 0, sizeof o);
  o.version = 1;
  o.url = "http://127.0.0.1:9/";
  o.accept_encoding = 1;
  o.connect_timeout_ms = 10000;
  o.retry_ms = 1000;
  o.max_backoff_ms = 30000;
  o.backoff_reset_ms = 60000;
  o.jitter_percent = 50;
  o.max_redirects = 20;
  o.max_event_bytes = SSE_PARSER_DEFAULT_MAX_EVENT_BYTES;
  o.max_failure_body_bytes = 1024;
  return o;
}

static void test_client_new_reads_only_a_1_0_options_struct(void **state) {
  client_options_1_0 o = options_1_0();
  const sse_client_options *opts = at_page_end(state, &o, sizeof o);
  sse_client *c = NULL;
  assert_int_equal(sse_client_new(&c, opts, NULL, NULL), 0);
  assert_string_equal(sse_client_url(c), "http://127.0.0.1:9/");
  sse_client_free(c);
}

static void test_client_new_reads_only_a_version_1_callbacks(void **state) {
  client_options_1_0 o = options_1_0();
  sse_client_callbacks cc = SSE_CLIENT_CALLBACKS_INIT;
  cc.version = 1;
  const sse_client_callbacks *cbs = at_page_end(state, &cc, CLIENT_CALLBACKS_1_BYTES);
  sse_client *c = NULL;
  assert_int_equal(sse_client_new(&c, (const sse_client_options *)(void *)&o, cbs, NULL), 0);
  sse_client_free(c);
}

/* --- writers: *_init() and get_stats write only the caller's version ----------- */

static void test_client_options_init_version_1_writes_only_the_1_0_struct(void **state) {
  sse_client_options *opts = at_page_end(state, NULL, sizeof(client_options_1_0));
  assert_int_equal(sse_client_options_init(opts, 1), 0);
  /* The 1.0 defaults, read back through the 1.0 layout. */
  client_options_1_0 got, want = options_1_0();
  memcpy(&got, opts, sizeof got);
  want.url = NULL;
#define SAME(m) assert_memory_equal(&got.m, &want.m, sizeof got.m)
  SAME(version), SAME(url), SAME(method), SAME(body), SAME(body_len), SAME(headers);
  SAME(header_count), SAME(last_event_id), SAME(user_agent), SAME(proxy), SAME(ca_file);
  SAME(client_cert), SAME(client_key), SAME(insecure), SAME(accept_encoding);
  SAME(http_version), SAME(connect_timeout_ms), SAME(idle_timeout_ms), SAME(retry_ms);
  SAME(max_backoff_ms), SAME(backoff_reset_ms), SAME(jitter_percent), SAME(max_attempts);
  SAME(max_elapsed_ms), SAME(retry_statuses), SAME(retry_status_count), SAME(max_redirects);
  SAME(max_event_bytes), SAME(max_failure_body_bytes), SAME(allocator);
#undef SAME

  guarded g;
  memset(&g, GUARD_BYTE, sizeof g);
  assert_int_equal(sse_client_options_init((sse_client_options *)(void *)g.bytes, 1), 0);
  assert_guard_intact(&g, sizeof(client_options_1_0));
}
#endif

/* Calls init(version 1) on a page-end struct and on a guarded buffer. */
#define CHECK_INIT_V1(init_fn, type, size)                                   \
  do {                                                                        \
    assert_int_equal(init_fn((type *)at_page_end(state, NULL, (size)), 1), 0); \
    guarded g;                                                                \
    memset(&g, GUARD_BYTE, sizeof g);                                         \
    assert_int_equal(init_fn((type *)(void *)g.bytes, 1), 0);                 \
    assert_int_equal(((type *)(void *)g.bytes)->version, 1);                  \
    assert_guard_intact(&g, (size));                                         \
  } while (0)

static void test_every_init_function_writes_only_a_version_1_struct(void **state) {
  CHECK_INIT_V1(sse_parser_options_init, sse_parser_options, PARSER_OPTIONS_1_BYTES);
  CHECK_INIT_V1(sse_parser_callbacks_init, sse_parser_callbacks, PARSER_CALLBACKS_1_BYTES);
  CHECK_INIT_V1(sse_serializer_options_init, sse_serializer_options, SERIALIZER_OPTIONS_1_BYTES);
#if SSE_HAS_CLIENT
  CHECK_INIT_V1(sse_client_options_init, sse_client_options, sizeof(client_options_1_0));
  CHECK_INIT_V1(sse_client_callbacks_init, sse_client_callbacks, CLIENT_CALLBACKS_1_BYTES);
#endif
  CHECK_INIT_V1(sse_publisher_options_init, sse_publisher_options, PUBLISHER_OPTIONS_1_BYTES);
  CHECK_INIT_V1(sse_message_init, sse_message, MESSAGE_1_BYTES);
  CHECK_INIT_V1(sse_subscriber_options_init, sse_subscriber_options, SUBSCRIBER_OPTIONS_1_BYTES);
#if SSE_HAS_SERVER
  CHECK_INIT_V1(sse_server_options_init, sse_server_options, SERVER_OPTIONS_1_BYTES);
#endif
}

#if SSE_HAS_CLIENT
static void test_get_stats_writes_only_a_version_1_struct(void **state) {
  client_options_1_0 o = options_1_0();
  sse_client *c = NULL;
  assert_int_equal(sse_client_new(&c, (const sse_client_options *)(void *)&o, NULL, NULL), 0);

  sse_client_stats *st = at_page_end(state, NULL, CLIENT_STATS_1_BYTES);
  st->version = 1;
  assert_int_equal(sse_client_get_stats(c, st), 0);
  assert_int_equal(st->version, 1);
  assert_int_equal(st->state, SSE_CLIENT_CONNECTING);
  assert_int_equal(st->retry_ms, 1000);

  guarded g;
  memset(&g, GUARD_BYTE, sizeof g);
  ((sse_client_stats *)(void *)g.bytes)->version = 1;
  assert_int_equal(sse_client_get_stats(c, (sse_client_stats *)(void *)g.bytes), 0);
  assert_guard_intact(&g, CLIENT_STATS_1_BYTES);
  sse_client_free(c);
}
#endif

/* The publisher's structs (1.2) at the very end of a page: options, a message, a
 * subscriber's options and the stats. */
static void test_publisher_reads_and_writes_only_version_1_structs(void **state) {
  sse_publisher_options po = SSE_PUBLISHER_OPTIONS_INIT;
  po.version = 1;
  sse_publisher *p = NULL;
  assert_int_equal(sse_publisher_new(&p, at_page_end(state, &po, PUBLISHER_OPTIONS_1_BYTES)), 0);

  sse_str topic = {"t", 1};
  sse_message m = SSE_MESSAGE_INIT;
  m.version = 1;
  m.data = topic;
  assert_int_equal(
      sse_publisher_publish(p, &topic, 1, at_page_end(state, &m, MESSAGE_1_BYTES), NULL, 0, NULL), 0);

  sse_subscriber_options so = SSE_SUBSCRIBER_OPTIONS_INIT;
  so.version = 1;
  so.topics = &topic;
  so.n_topics = 1;
  sse_subscriber *s = NULL;
  assert_int_equal(sse_subscriber_new(&s, p, at_page_end(state, &so, SUBSCRIBER_OPTIONS_1_BYTES)), 0);

  sse_publisher_stats *st = at_page_end(state, NULL, PUBLISHER_STATS_1_BYTES);
  st->version = 1;
  assert_int_equal(sse_publisher_get_stats(p, st), 0);
  assert_int_equal(st->version, 1);
  assert_int_equal(st->published, 1);
  assert_int_equal(st->subscribers, 1);
  guarded g;
  memset(&g, GUARD_BYTE, sizeof g);
  ((sse_publisher_stats *)(void *)g.bytes)->version = 1;
  assert_int_equal(sse_publisher_get_stats(p, (sse_publisher_stats *)(void *)g.bytes), 0);
  assert_guard_intact(&g, PUBLISHER_STATS_1_BYTES);
  sse_subscriber_free(s);
  sse_publisher_free(p);
}

#if SSE_HAS_SERVER
/* The embedded server's structs (1.2) at the very end of a page: its options (read by
 * sse_server_new) and its stats (written by sse_server_get_stats). */
static void test_server_reads_and_writes_only_version_1_structs(void **state) {
  sse_publisher *p = NULL;
  assert_int_equal(sse_publisher_new(&p, NULL), 0);
  sse_server_options so = SSE_SERVER_OPTIONS_INIT;
  so.version = 1;
  so.listen = "127.0.0.1:0";
  sse_server *srv = NULL;
  assert_int_equal(sse_server_new(&srv, p, at_page_end(state, &so, SERVER_OPTIONS_1_BYTES)), 0);

  sse_server_stats *st = at_page_end(state, NULL, SERVER_STATS_1_BYTES);
  st->version = 1;
  assert_int_equal(sse_server_get_stats(srv, st), 0);
  assert_int_equal(st->version, 1);
  assert_int_equal(st->connections, 0);
  guarded g;
  memset(&g, GUARD_BYTE, sizeof g);
  ((sse_server_stats *)(void *)g.bytes)->version = 1;
  assert_int_equal(sse_server_get_stats(srv, (sse_server_stats *)(void *)g.bytes), 0);
  assert_guard_intact(&g, SERVER_STATS_1_BYTES);
  sse_server_free(srv);
  sse_publisher_free(p);
}
#endif

#if SSE_HAS_CLIENT
/* The newest version still gets every field: a current caller's read_timeout_ms is
 * kept (and version 2 is not treated as version 1). */
static void test_version_2_client_options_are_read_whole(void **state) {
  (void)state;
  sse_client_options o = SSE_CLIENT_OPTIONS_INIT;
  assert_int_equal(o.version, 2);
  assert_true(sizeof o > sizeof(client_options_1_0));
  sse_client_options z;
  memset(&z, GUARD_BYTE, sizeof z);
  assert_int_equal(sse_client_options_init(&z, 2), 0);
  assert_int_equal(z.read_timeout_ms, 0);
  assert_int_equal(z.unrestricted_auth, 0);
}
#endif

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parser_new_reads_only_a_version_1_options_and_callbacks),
      cmocka_unit_test(test_serializer_new_reads_only_a_version_1_options),
#if SSE_HAS_CLIENT
      cmocka_unit_test(test_client_new_reads_only_a_1_0_options_struct),
      cmocka_unit_test(test_client_new_reads_only_a_version_1_callbacks),
      cmocka_unit_test(test_client_options_init_version_1_writes_only_the_1_0_struct),
      cmocka_unit_test(test_get_stats_writes_only_a_version_1_struct),
      cmocka_unit_test(test_version_2_client_options_are_read_whole),
#endif
      cmocka_unit_test(test_every_init_function_writes_only_a_version_1_struct),
      cmocka_unit_test(test_publisher_reads_and_writes_only_version_1_structs),
#if SSE_HAS_SERVER
      cmocka_unit_test(test_server_reads_and_writes_only_version_1_structs),
#endif
  };
  return cmocka_run_group_tests(tests, pages_setup, pages_teardown);
}
