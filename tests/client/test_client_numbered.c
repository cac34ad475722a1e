/* No lost or repeated events across many drops (M6, M7, H1, M11): the server streams
 * ids 1..10000 and resets the connection after every 500 events, in the middle of a
 * partial event; each reconnection resumes after the Last-Event-ID the client sends.
 * Every id must arrive exactly once, in order, and the partial events never. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client_fixture.h"

#define LAST_ID 10000

typedef struct sequence_check {
  unsigned long next;   /* the id expected next */
  unsigned long wrong;  /* events out of order, repeated, or with data != id */
  unsigned long first_wrong_at;
  unsigned drops, clean_ends, opens;
} sequence_check;

/* Checking in the callback keeps the test lean: 10 000 records are not stored. */
static int check_event(sse_client *c, const sse_event *ev, void *ud) {
  sequence_check *s = ud;
  char id[32], data[32];
  (void)c;
  snprintf(id, sizeof id, "%.*s", (int)ev->id.len, ev->id.ptr);
  snprintf(data, sizeof data, "%.*s", (int)ev->data.len, ev->data.ptr);
  if (strtoul(id, NULL, 10) != s->next || strcmp(id, data) != 0) {
    if (!s->wrong) s->first_wrong_at = s->next;
    s->wrong++;
  }
  s->next = strtoul(id, NULL, 10) + 1;
  return 0;
}

static int count_open(sse_client *c, const sse_response *r, void *ud) {
  (void)c, (void)r;
  ((sequence_check *)ud)->opens++;
  return 0;
}

static int count_disconnect(sse_client *c, const sse_disconnect *d, sse_decision *dec,
                            void *ud) {
  sequence_check *s = ud;
  (void)c, (void)dec;
  if (d->reason == SSE_DISCONNECT_NETWORK) s->drops++;
  else s->clean_ends++;
  return 0;
}

static void test_numbered_10000_every_id_once_in_order(void **state) {
  fixture *f = *state;
  sequence_check s = {1, 0, 0, 0, 0, 0};
  sse_client_callbacks cbs = SSE_CLIENT_CALLBACKS_INIT;
  cbs.on_event = check_event;
  cbs.on_open = count_open;
  cbs.on_disconnect = count_disconnect;
  sse_client_options o = fx_options(fx_scenario_url(f, "numbered-10000"));
  o.retry_ms = 0;
  o.max_backoff_ms = 5;
  o.jitter_percent = 0;
  assert_int_equal(sse_client_new(&f->c, &o, &cbs, &s), 0);
  assert_int_equal(sse_client_run(f->c, 60000), SSE_ECLOSED); /* the final 204 */

  if (s.wrong)
    fprintf(stderr, "# %lu wrong events, first where %lu was expected\n", s.wrong,
            s.first_wrong_at);
  assert_int_equal(s.wrong, 0);
  assert_int_equal(s.next, LAST_ID + 1);
  sse_client_stats st = fx_stats(f);
  assert_int_equal(st.events, LAST_ID);
  assert_true(s.drops >= LAST_ID / 500 - 1); /* it really was cut into pieces */
  assert_int_equal(st.attempts, s.opens + 1); /* every attempt opened, but the 204 */
  sse_str id = sse_client_last_event_id(f->c);
  assert_int_equal(id.len, 5);
  assert_memory_equal(id.ptr, "10000", 5);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_numbered_10000_every_id_once_in_order, fx_setup,
                                      fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
