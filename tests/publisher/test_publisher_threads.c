/* Publishers on several threads while subscribers come and go: every subscriber's
 * bytes, parsed with the libsse parser, must be a gap-free, duplicate-free slice of
 * the hub's order on its topics, and a resumed subscriber must continue exactly after
 * its Last-Event-ID. The hub's order is what a subscriber that never leaves saw. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>

#include <cmocka.h>
#include <sse/sse.h>

#include "pub_fixture.h"

enum { PUBLISHERS = 4, EVENTS = 1500, MAX_SUBS = 4000 };
enum { TOPIC_A = 1, TOPIC_B = 2 };

/* Event i of publisher k goes to a (i%3==0), b (1) or both (2). */
static int topics_of(int i) { return i % 3 == 0 ? TOPIC_A : i % 3 == 1 ? TOPIC_B : TOPIC_A | TOPIC_B; }

typedef struct ids {
  int *v; /* k * EVENTS + i */
  size_t n, cap;
  int gaps;
} ids;

static void ids_push(ids *l, int id) {
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 64;
    l->v = realloc(l->v, l->cap * sizeof *l->v);
  }
  l->v[l->n++] = id;
}

static int on_event(sse_parser *p, const sse_event *ev, void *ud) {
  (void)p;
  ids *l = ud;
  if (ev->type.len == 7 && memcmp(ev->type.ptr, "sse-gap", 7) == 0) {
    l->gaps++;
    return 0;
  }
  int k, i;
  char buf[32];
  snprintf(buf, sizeof buf, "%.*s", (int)ev->id.len, ev->id.ptr);
  if (sscanf(buf, "p%d-%d", &k, &i) != 2) fail_msg("unexpected id %s", buf);
  ids_push(l, k * EVENTS + i);
  return 0;
}

static void parse_ids(const char *bytes, size_t len, ids *out) {
  sse_parser_callbacks cbs = SSE_PARSER_CALLBACKS_INIT;
  cbs.on_event = on_event;
  sse_parser *p = NULL;
  assert_int_equal(sse_parser_new(&p, NULL, &cbs, out), 0);
  assert_int_equal(sse_parser_feed(p, bytes, len, NULL), 0);
  sse_parser_free(p);
}

typedef struct transcript {
  int topics;  /* TOPIC_A | TOPIC_B */
  int after;   /* resumed after this event, or -1 */
  char *bytes;
  size_t len;
} transcript;

static sse_publisher *hub;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int publishers_done;
static transcript transcripts[MAX_SUBS];
static size_t n_transcripts;

static void *publish_thread(void *arg) {
  int k = (int)(intptr_t)arg;
  sse_str both[] = {str_of("a"), str_of("b")};
  for (int i = 0; i < EVENTS; i++) {
    char id[32], data[32];
    snprintf(id, sizeof id, "p%d-%d", k, i);
    snprintf(data, sizeof data, "%d", i);
    sse_message m = SSE_MESSAGE_INIT;
    m.id = str_of(id);
    m.data = str_of(data);
    int t = topics_of(i);
    const sse_str *topics = t == TOPIC_B ? &both[1] : both;
    assert_int_equal(sse_publisher_publish(hub, topics, t == (TOPIC_A | TOPIC_B) ? 2 : 1, &m,
                                           NULL, 0, NULL), 0);
    if (i % 20 == 0) {
      struct timespec d = {0, 1000000L}; /* let subscribers come and go meanwhile */
      nanosleep(&d, NULL);
    }
  }
  pthread_mutex_lock(&lock);
  publishers_done++;
  pthread_mutex_unlock(&lock);
  return NULL;
}

static sse_subscriber *subscribe_topics(int topics, const char *last_id, size_t queue_bytes) {
  sse_str names[2];
  size_t n = 0;
  if (topics & TOPIC_A) names[n++] = str_of("a");
  if (topics & TOPIC_B) names[n++] = str_of("b");
  sse_subscriber_options o = SSE_SUBSCRIBER_OPTIONS_INIT;
  o.topics = names;
  o.n_topics = n;
  o.keep_alive_ms = 0;
  o.queue_bytes = queue_bytes;
  if (last_id != NULL) o.last_event_id = str_of(last_id);
  sse_subscriber *s = NULL;
  assert_int_equal(sse_subscriber_new(&s, hub, &o), 0);
  return s;
}

/* Reads a few times, with waits, then closes: one transcript. */
static void churn_once(int topics, int after) {
  char last[32];
  if (after >= 0) snprintf(last, sizeof last, "p%d-%d", after / EVENTS, after % EVENTS);
  sse_subscriber *s = subscribe_topics(topics, after >= 0 ? last : NULL, 0);
  size_t cap = 1 << 16, len = 0;
  char *bytes = malloc(cap);
  int rounds = 1 + rand() % 4;
  for (int r = 0; r < rounds; r++) {
    if (sse_subscriber_wait(s, 20) != 0) continue;
    for (;;) {
      if (cap - len < 4096) bytes = realloc(bytes, cap *= 2);
      size_t n = 0;
      if (sse_subscriber_read(s, bytes + len, cap - len, &n) != 0 || n == 0) break;
      len += n;
    }
  }
  assert_int_equal(sse_subscriber_close_reason(s), SSE_CLOSE_NONE);
  sse_subscriber_free(s);
  pthread_mutex_lock(&lock);
  if (n_transcripts < MAX_SUBS) transcripts[n_transcripts++] = (transcript){topics, after, bytes, len};
  else free(bytes);
  pthread_mutex_unlock(&lock);
}

static int done(void) {
  pthread_mutex_lock(&lock);
  int d = publishers_done == PUBLISHERS;
  pthread_mutex_unlock(&lock);
  return d;
}

/* Alternates live subscribers and ones resumed after the last event the previous
 * one parsed, on both topics; a second churner takes topic a only, live. */
static void *churn_thread(void *arg) {
  int topics = (int)(intptr_t)arg;
  int after = -1;
  while (!done()) {
    size_t before;
    pthread_mutex_lock(&lock);
    before = n_transcripts;
    pthread_mutex_unlock(&lock);
    churn_once(topics, topics == (TOPIC_A | TOPIC_B) ? after : -1);
    if (topics != (TOPIC_A | TOPIC_B)) continue;
    pthread_mutex_lock(&lock);
    transcript t = transcripts[before < n_transcripts ? n_transcripts - 1 : 0];
    pthread_mutex_unlock(&lock);
    ids l = {0};
    parse_ids(t.bytes, t.len, &l);
    /* Next: resume after what this one had (or live, every third time). */
    after = (l.n != 0 && rand() % 3 != 0) ? l.v[l.n - 1] : -1;
    free(l.v);
  }
  return NULL;
}

static void test_replay_and_live_meet_without_loss_or_repeat(void **state) {
  (void)state;
  sse_publisher_options po = quiet_options();
  po.history_events = PUBLISHERS * EVENTS;
  po.history_bytes = 64u << 20;
  assert_int_equal(sse_publisher_new(&hub, &po), 0);
  sse_subscriber *reference = subscribe_topics(TOPIC_A | TOPIC_B, NULL, 64u << 20);

  pthread_t pubs[PUBLISHERS], churners[2];
  assert_int_equal(pthread_create(&churners[0], NULL, churn_thread, (void *)(intptr_t)(TOPIC_A | TOPIC_B)), 0);
  assert_int_equal(pthread_create(&churners[1], NULL, churn_thread, (void *)(intptr_t)TOPIC_A), 0);
  for (int k = 0; k < PUBLISHERS; k++)
    assert_int_equal(pthread_create(&pubs[k], NULL, publish_thread, (void *)(intptr_t)k), 0);
  for (int k = 0; k < PUBLISHERS; k++) pthread_join(pubs[k], NULL);
  for (int c = 0; c < 2; c++) pthread_join(churners[c], NULL);

  char *all = drain(reference, NULL);
  ids order = {0};
  parse_ids(all, strlen(all), &order);
  free(all);
  assert_int_equal(order.n, PUBLISHERS * EVENTS);
  /* Position of every event in the hub's order, per topic filter. */
  int *pos[4];
  for (int f = 1; f < 4; f++) {
    pos[f] = malloc(sizeof(int) * PUBLISHERS * EVENTS);
    for (int e = 0; e < PUBLISHERS * EVENTS; e++) pos[f][e] = -1;
    int n = 0;
    for (size_t j = 0; j < order.n; j++) {
      int e = order.v[j];
      if (f == 3 && pos[3][e] != -1) fail_msg("event %d twice in the reference", e);
      if (topics_of(e % EVENTS) & f) pos[f][e] = n++;
    }
  }
  size_t resumed = 0, events = 0;
  for (size_t t = 0; t < n_transcripts; t++) {
    ids l = {0};
    parse_ids(transcripts[t].bytes, transcripts[t].len, &l);
    const int *p = pos[transcripts[t].topics];
    assert_int_equal(l.gaps, 0);
    for (size_t j = 0; j < l.n; j++) {
      assert_true(p[l.v[j]] >= 0); /* on its topics */
      if (j > 0 && p[l.v[j]] != p[l.v[j - 1]] + 1)
        fail_msg("transcript %zu: event %d follows %d (positions %d, %d)", t, l.v[j], l.v[j - 1],
                 p[l.v[j]], p[l.v[j - 1]]);
    }
    if (transcripts[t].after >= 0 && l.n != 0) {
      assert_int_equal(p[l.v[0]], p[transcripts[t].after] + 1);
      resumed++;
    }
    events += l.n;
    free(l.v);
    free(transcripts[t].bytes);
  }
  print_message("# %zu subscribers came and went (%zu resumed), %zu events checked\n",
                n_transcripts, resumed, events);
  assert_true(n_transcripts >= 4);
  for (int f = 1; f < 4; f++) free(pos[f]);
  free(order.v);
  sse_subscriber_free(reference);
  sse_publisher_free(hub);
}

int main(void) {
  srand(8);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_replay_and_live_meet_without_loss_or_repeat),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
