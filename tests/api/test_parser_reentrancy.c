/* Calls on the parser from inside its own callbacks (parser.h, house style B5):
 * feed, finish, reset and set_last_event_id return SSE_EBUSY and record it in
 * sse_error_last(); free is ignored (it returns nothing, so it records SSE_EBUSY);
 * getters work. The outer feed then carries on as if nothing happened. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sse/sse.h>

#include "../support/recorded_parser.h"
#include "../support/recorder.h"
#include "../support/test_allocator.h"

typedef enum nested_call {
  CALL_FEED,
  CALL_FINISH,
  CALL_RESET,
  CALL_SET_LAST_EVENT_ID,
  CALL_FREE,
  CALLS
} nested_call;

typedef struct nested_plan {
  nested_call call;
  unsigned attempts;  /* nested calls made */
  unsigned ebusy;     /* nested calls that returned (or recorded) SSE_EBUSY */
} nested_plan;

static int call_from_callback(recorder *r, sse_parser *p, record_kind kind, unsigned nth) {
  (void)kind;
  (void)nth;
  nested_plan *plan = r->hook_data;
  int rc = 0;
  sse_error_clear();
  switch (plan->call) {
  case CALL_FEED: rc = sse_parser_feed(p, "data:x\n\n", 8, NULL); break;
  case CALL_FINISH: rc = sse_parser_finish(p); break;
  case CALL_RESET: rc = sse_parser_reset(p); break;
  case CALL_SET_LAST_EVENT_ID: rc = sse_parser_set_last_event_id(p, "zz", 2); break;
  case CALL_FREE:
    sse_parser_free(p);
    rc = sse_error_last()->code;
    break;
  default: break;
  }
  plan->attempts++;
  if (rc == SSE_EBUSY && sse_error_last()->code == SSE_EBUSY &&
      sse_error_last()->message[0] != '\0')
    plan->ebusy++;
  return 0;
}

/* A stream with one callback of each kind (limit 32 for the oversized event). */
static const char stream[] =
    ":note\n"
    "retry:10\n"
    "id:7\ndata:a\n\n"
    "data:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n\n"
    "data:b\n\n";

static const char expected_log[] =
    "comment note\n"
    "retry 10\n"
    "event type=message data=a id=7\n"
    "error ELIMIT\n"
    "event type=message data=b id=7\n";

static void check_nested_call_is_refused(nested_call call, size_t chunk) {
  test_allocator alloc;
  test_allocator_init(&alloc, 1);
  recorded_parser rp;
  recorded_parser_open_with(&rp, 32, &alloc);
  nested_plan plan = {call, 0, 0};
  rp.rec.hook = call_from_callback;
  rp.rec.hook_data = &plan;
  sse_parser *p = rp.p;

  const size_t len = strlen(stream);
  for (size_t off = 0; off < len; off += chunk) {
    size_t n = len - off < chunk ? len - off : chunk;
    assert_int_equal(sse_parser_feed(p, stream + off, n, NULL), 0);
  }
  assert_int_equal(sse_parser_finish(p), 0);

  /* One nested call per callback, each refused, and the outer feed unaffected. */
  assert_int_equal(plan.attempts, 5);
  assert_int_equal(plan.ebusy, 5);
  assert_string_equal(rp.rec.log.text, expected_log);
  sse_str id = sse_parser_last_event_id(p);
  assert_int_equal(id.len, 1);
  assert_memory_equal(id.ptr, "7", 1);

  /* The parser is still alive (free was ignored) and nothing leaked. */
  recorded_parser_close(&rp);
  assert_int_equal(alloc.live_blocks, 0);
  assert_int_equal(alloc.bad_frees, 0);
}

static void test_parser_feed_from_a_callback_returns_ebusy(void **state) {
  (void)state;
  check_nested_call_is_refused(CALL_FEED, 1000);
  check_nested_call_is_refused(CALL_FEED, 1);
}

static void test_parser_finish_from_a_callback_returns_ebusy(void **state) {
  (void)state;
  check_nested_call_is_refused(CALL_FINISH, 1000);
  check_nested_call_is_refused(CALL_FINISH, 1);
}

static void test_parser_reset_from_a_callback_returns_ebusy(void **state) {
  (void)state;
  check_nested_call_is_refused(CALL_RESET, 1000);
  check_nested_call_is_refused(CALL_RESET, 1);
}

static void test_parser_set_last_event_id_from_a_callback_returns_ebusy(void **state) {
  (void)state;
  check_nested_call_is_refused(CALL_SET_LAST_EVENT_ID, 1000);
}

static void test_parser_free_from_a_callback_is_ignored_and_records_ebusy(void **state) {
  (void)state;
  check_nested_call_is_refused(CALL_FREE, 1000);
  check_nested_call_is_refused(CALL_FREE, 1);
}

/* Getters are explicitly allowed inside callbacks. */
typedef struct getter_seen {
  sse_parser *self;
  int user_data_ok;
  char last_id[8];
  size_t last_id_len;
} getter_seen;

static int getters_on_event(sse_parser *p, const sse_event *ev, void *ud) {
  getter_seen *seen = ud;
  (void)ev;
  seen->user_data_ok = sse_parser_user_data(p) == ud && p == seen->self;
  sse_str id = sse_parser_last_event_id(p);
  seen->last_id_len = id.len < sizeof seen->last_id ? id.len : sizeof seen->last_id;
  memcpy(seen->last_id, id.ptr, seen->last_id_len);
  return 0;
}

static void test_parser_getters_work_inside_a_callback(void **state) {
  (void)state;
  getter_seen seen;
  memset(&seen, 0, sizeof seen);
  sse_parser_callbacks cbs = SSE_PARSER_CALLBACKS_INIT;
  cbs.on_event = getters_on_event;
  sse_parser *p = NULL;
  assert_int_equal(sse_parser_new(&p, NULL, &cbs, &seen), 0);
  seen.self = p;
  const char in[] = "id:42\ndata:x\n\n";
  assert_int_equal(sse_parser_feed(p, in, strlen(in), NULL), 0);
  assert_true(seen.user_data_ok);
  /* At dispatch the last event ID string already holds the event's id (P21, P24). */
  assert_int_equal(seen.last_id_len, 2);
  assert_memory_equal(seen.last_id, "42", 2);
  sse_parser_free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parser_feed_from_a_callback_returns_ebusy),
      cmocka_unit_test(test_parser_finish_from_a_callback_returns_ebusy),
      cmocka_unit_test(test_parser_reset_from_a_callback_returns_ebusy),
      cmocka_unit_test(test_parser_set_last_event_id_from_a_callback_returns_ebusy),
      cmocka_unit_test(test_parser_free_from_a_callback_is_ignored_and_records_ebusy),
      cmocka_unit_test(test_parser_getters_work_inside_a_callback),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
