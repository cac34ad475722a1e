/* Our own client (sse_client) against our own server over 127.0.0.1:
 *  - events published from this thread arrive, in order;
 *  - a client that pauses while a burst is published is disconnected by the
 *    publisher's slow-consumer policy, reconnects with Last-Event-ID and gets the rest
 *    from the history: every event exactly once, in order;
 *  - a Last-Event-ID that fell out of the history gets the gap notice first;
 *  - closing the publisher ends every stream after its final message;
 *  - sse_server_stop() from a loop thread (the authorization callback) is refused.
 * This file runs under ASan/UBSan and valgrind too, so it stays lean. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <sse/sse.h>

enum { MAX_EVENTS = 4096 };

typedef struct received {
  pthread_mutex_t lock;
  pthread_cond_t changed;
  unsigned count;           /* events */
  unsigned opens;           /* streams opened (1 + reconnections) */
  char ids[MAX_EVENTS][32]; /* id of each event */
  char first_type[32];      /* type of the first event */
  char first_data[256];     /* data of the first event */
  unsigned pause_at;        /* sleep in the callback of this event (1-based; 0 = never) */
  int pause_ms;
  int paused;               /* set once the pause began */
} received;

static void sleep_ms(int ms) {
  struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static int on_open(sse_client *c, const sse_response *r, void *ud) {
  (void)c, (void)r;
  received *rx = ud;
  pthread_mutex_lock(&rx->lock);
  rx->opens++;
  pthread_cond_broadcast(&rx->changed);
  pthread_mutex_unlock(&rx->lock);
  return 0;
}

static int on_event(sse_client *c, const sse_event *ev, void *ud) {
  (void)c;
  received *rx = ud;
  pthread_mutex_lock(&rx->lock);
  if (rx->count == 0) {
    snprintf(rx->first_type, sizeof rx->first_type, "%.*s", (int)ev->type.len, ev->type.ptr);
    snprintf(rx->first_data, sizeof rx->first_data, "%.*s", (int)ev->data.len, ev->data.ptr);
  }
  if (rx->count < MAX_EVENTS)
    snprintf(rx->ids[rx->count], sizeof rx->ids[0], "%.*s", (int)ev->id.len, ev->id.ptr);
  unsigned n = ++rx->count;
  int pause = rx->pause_at != 0 && n == rx->pause_at;
  if (pause) rx->paused = 1;
  pthread_cond_broadcast(&rx->changed);
  pthread_mutex_unlock(&rx->lock);
  if (pause) sleep_ms(rx->pause_ms); /* the client stops reading meanwhile */
  return 0;
}

/* Wait until `*field >= want` (under the lock) or about `timeout_ms` pass. */
static int wait_for(received *rx, const unsigned *field, unsigned want, int timeout_ms) {
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += timeout_ms / 1000;
  pthread_mutex_lock(&rx->lock);
  int rc = 0;
  while (*field < want && rc == 0) rc = pthread_cond_timedwait(&rx->changed, &rx->lock, &deadline);
  int ok = *field >= want;
  pthread_mutex_unlock(&rx->lock);
  return ok;
}

typedef struct hub {
  sse_publisher *pub;
  sse_server *srv;
  char url[128];
} hub;

static void hub_start_with(hub *h, const sse_publisher_options *po, sse_server_options so) {
  assert_int_equal(sse_publisher_new(&h->pub, po), 0);
  so.listen = "127.0.0.1:0";
  so.retry_ms = 20; /* reconnect quickly after the policy disconnect */
  assert_int_equal(sse_server_new(&h->srv, h->pub, &so), 0);
  assert_int_equal(sse_server_start(h->srv), 0);
  snprintf(h->url, sizeof h->url, "http://127.0.0.1:%d/events?topic=t", sse_server_port(h->srv));
}

static void hub_start(hub *h, const sse_publisher_options *po) {
  hub_start_with(h, po, (sse_server_options)SSE_SERVER_OPTIONS_INIT);
}

static uint64_t server_subscribers(hub *h) {
  sse_server_stats st = SSE_SERVER_STATS_INIT;
  assert_int_equal(sse_server_get_stats(h->srv, &st), 0);
  return st.subscribers;
}

static void hub_stop(hub *h) {
  assert_int_equal(sse_server_stop(h->srv, 1000), 0);
  sse_server_free(h->srv);
  sse_publisher_free(h->pub);
}

static void publish(hub *h, const char *data, char id_out[64]) {
  sse_str topic = {"t", 1};
  sse_message m = SSE_MESSAGE_INIT;
  m.data.ptr = data;
  m.data.len = strlen(data);
  char id[64];
  assert_int_equal(sse_publisher_publish(h->pub, &topic, 1, &m, id, sizeof id, NULL), 0);
  if (id_out != NULL) memcpy(id_out, id, 64);
}

static sse_client *client_start(const char *url, const char *last_event_id, received *rx) {
  sse_client_options o = SSE_CLIENT_OPTIONS_INIT;
  o.url = url;
  o.last_event_id = last_event_id;
  o.retry_ms = 20;
  o.jitter_percent = 0;
  sse_client_callbacks cbs = SSE_CLIENT_CALLBACKS_INIT;
  cbs.on_open = on_open;
  cbs.on_event = on_event;
  sse_client *c;
  assert_int_equal(sse_client_new(&c, &o, &cbs, rx), 0);
  assert_int_equal(sse_client_start(c), 0);
  return c;
}

static void client_stop(sse_client *c) {
  sse_client_close(c);
  sse_client_join(c);
  sse_client_free(c);
}

static received *received_new(void) {
  received *rx = calloc(1, sizeof *rx);
  pthread_mutex_init(&rx->lock, NULL);
  pthread_cond_init(&rx->changed, NULL);
  return rx;
}

static void received_free(received *rx) {
  pthread_mutex_destroy(&rx->lock);
  pthread_cond_destroy(&rx->changed);
  free(rx);
}

/* A client whose stream to `h` is open. */
static sse_client *client_connected(hub *h, received *rx) {
  sse_client *c = client_start(h->url, NULL, rx);
  assert_true(wait_for(rx, &rx->opens, 1, 20000));
  return c;
}

static void test_events_arrive_in_order(void **state) {
  (void)state;
  hub h;
  hub_start(&h, NULL);
  received *rx = received_new();
  sse_client *c = client_connected(&h, rx);
  char ids[5][64];
  for (int i = 0; i < 5; i++) {
    char data[16];
    snprintf(data, sizeof data, "e%d", i);
    publish(&h, data, ids[i]);
  }
  assert_true(wait_for(rx, &rx->count, 5, 20000));
  for (int i = 0; i < 5; i++) assert_string_equal(rx->ids[i], ids[i]);
  sse_server_stats st = SSE_SERVER_STATS_INIT;
  assert_int_equal(sse_server_get_stats(h.srv, &st), 0);
  assert_int_equal(st.subscribers, 1);
  assert_int_equal(st.connections, 1);
  client_stop(c);
  hub_stop(&h);
  received_free(rx);
}

/* The burst is far more than the socket buffers, the server's output watermark and
 * the 16 KiB queue hold while the client sleeps, so the policy disconnects it; it
 * resumes from the history (which holds all of it). */
static void test_resume_after_slow_disconnect_loses_nothing(void **state) {
  (void)state;
  enum { BURST = 600, SIZE = 16 * 1024 };
  sse_publisher_options po = SSE_PUBLISHER_OPTIONS_INIT;
  po.queue_bytes = 16 * 1024;
  po.history_events = BURST + 10;
  po.history_bytes = (size_t)(BURST + 10) * (SIZE + 64);
  po.keep_alive_ms = 0;
  hub h;
  hub_start(&h, &po);
  received *rx = received_new();
  rx->pause_at = 1;
  rx->pause_ms = 1500;
  sse_client *c = client_connected(&h, rx);
  char *data = malloc(SIZE + 1);
  memset(data, 'x', SIZE);
  data[SIZE] = '\0';
  char first_id[64], last_id[64];
  publish(&h, "first", first_id);
  assert_true(wait_for(rx, &rx->count, 1, 20000)); /* the client is now sleeping */
  for (int i = 0; i < BURST; i++) publish(&h, data, i == BURST - 1 ? last_id : NULL);
  free(data);
  assert_true(wait_for(rx, &rx->count, BURST + 1, 45000));

  sse_publisher_stats ps = SSE_PUBLISHER_STATS_INIT;
  assert_int_equal(sse_publisher_get_stats(h.pub, &ps), 0);
  assert_true(ps.disconnected_slow >= 1);
  assert_true(rx->opens >= 2);
  assert_int_equal(rx->count, BURST + 1);
  assert_string_equal(rx->ids[0], first_id);
  assert_string_equal(rx->ids[BURST], last_id);
  /* Generated ids are <epoch>-<n>: consecutive numbers mean nothing lost or repeated. */
  const char *dash = strrchr(first_id, '-');
  assert_non_null(dash);
  unsigned long first_n = strtoul(dash + 1, NULL, 10);
  for (unsigned i = 0; i <= BURST; i++) {
    const char *d = strrchr(rx->ids[i], '-');
    assert_non_null(d);
    assert_int_equal(strtoul(d + 1, NULL, 10), first_n + i);
  }
  client_stop(c);
  hub_stop(&h);
  received_free(rx);
}

static void test_expired_last_event_id_gets_the_gap_notice(void **state) {
  (void)state;
  sse_publisher_options po = SSE_PUBLISHER_OPTIONS_INIT;
  po.history_events = 3;
  hub h;
  hub_start(&h, &po);
  char ids[6][64];
  for (int i = 0; i < 6; i++) publish(&h, "old", ids[i]);
  received *rx = received_new();
  sse_client *c = client_start(h.url, ids[0], rx); /* ids[1..2] are gone */
  assert_true(wait_for(rx, &rx->count, 4, 20000));
  assert_string_equal(rx->first_type, "sse-gap");
  assert_non_null(strstr(rx->first_data, ids[0]));
  assert_string_equal(rx->ids[1], ids[3]);
  assert_string_equal(rx->ids[3], ids[5]);
  client_stop(c);
  hub_stop(&h);
  received_free(rx);
}

static void test_publisher_close_ends_every_stream(void **state) {
  (void)state;
  hub h;
  hub_start(&h, NULL);
  received *rx = received_new();
  sse_client *c = client_connected(&h, rx);
  sse_message bye = SSE_MESSAGE_INIT;
  bye.data.ptr = "bye";
  bye.data.len = 3;
  assert_int_equal(sse_publisher_close(h.pub, &bye), 0);
  assert_true(wait_for(rx, &rx->count, 1, 20000));
  assert_string_equal(rx->first_data, "bye");
  for (int i = 0; i < 2000 && server_subscribers(&h) != 0; i++) sleep_ms(5);
  assert_int_equal(server_subscribers(&h), 0);
  client_stop(c);
  hub_stop(&h);
  received_free(rx);
}

typedef struct stop_attempt {
  received *rx;
  int rc;
} stop_attempt;

static int stop_from_callback(sse_server *srv, const sse_server_request *req, void *ud) {
  (void)req;
  stop_attempt *a = ud;
  int rc = sse_server_stop(srv, 0);
  pthread_mutex_lock(&a->rx->lock);
  a->rc = rc;
  pthread_mutex_unlock(&a->rx->lock);
  return 0;
}

static void test_stop_from_a_loop_thread_is_refused(void **state) {
  (void)state;
  received *rx = received_new();
  stop_attempt attempt = {rx, 1};
  sse_server_options so = SSE_SERVER_OPTIONS_INIT;
  so.authorize = stop_from_callback;
  so.authorize_user_data = &attempt;
  hub h;
  hub_start_with(&h, NULL, so);
  sse_client *c = client_connected(&h, rx);
  pthread_mutex_lock(&rx->lock);
  int rc = attempt.rc;
  pthread_mutex_unlock(&rx->lock);
  assert_int_equal(rc, SSE_EBUSY);
  publish(&h, "still serving", NULL);
  assert_true(wait_for(rx, &rx->count, 1, 20000));
  client_stop(c);
  hub_stop(&h);
  received_free(rx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_events_arrive_in_order),
      cmocka_unit_test(test_resume_after_slow_disconnect_loses_nothing),
      cmocka_unit_test(test_expired_last_event_id_gets_the_gap_notice),
      cmocka_unit_test(test_publisher_close_ends_every_stream),
      cmocka_unit_test(test_stop_from_a_loop_thread_is_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
