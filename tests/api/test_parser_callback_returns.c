/* What a callback's return value does to sse_parser_feed (parser.h, house style B5):
 * 0 continues, SSE_PAUSE stops the feed right after that callback with SSE_PAUSED,
 * a negative value stops it and is returned unchanged. In both stopping cases
 * *consumed_out covers the line that triggered the callback, and feeding the rest
 * continues exactly where the parser stopped: the final log equals the log of an
 * uninterrupted feed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sse/sse.h>

#include "../support/recorded_parser.h"
#include "../support/recorder.h"

/* Makes the `nth` callback of kind `kind` return `rc`. */
typedef struct stop_plan {
  record_kind kind;
  unsigned nth;
  int rc;
} stop_plan;

static int stop_hook(recorder *r, sse_parser *p, record_kind kind, unsigned nth) {
  (void)p;
  const stop_plan *plan = r->hook_data;
  return (plan && kind == plan->kind && nth == plan->nth) ? plan->rc : 0;
}

/* A recorded parser whose callbacks follow `plan` (NULL: never stop). */
static void open_with_plan(recorded_parser *rp, size_t max_event_bytes, stop_plan *plan) {
  recorded_parser_open_with(rp, max_event_bytes, NULL);
  rp->rec.hook = stop_hook;
  rp->rec.hook_data = plan;
}

/* Feed `in` whole: the feed must stop with `want_rc` right after `want_consumed`
 * bytes, having logged `want_log`. Returns where the rest of `in` starts. */
static size_t feed_until_stop(recorded_parser *rp, const char *in, int want_rc,
                              size_t want_consumed, const char *want_log) {
  size_t consumed = 0;
  assert_int_equal(sse_parser_feed(rp->p, in, strlen(in), &consumed), want_rc);
  assert_int_equal(consumed, want_consumed);
  assert_string_equal(rp->rec.log.text, want_log);
  return consumed;
}

/* The first `kind` callback pauses the feed of `in`, right after its prefix
 * `paused_after`, with `log_at_pause` logged; feeding the rest then goes through and
 * the log reads `final_log`. Returns the bytes the resumed feed consumed. */
static size_t pause_then_resume(record_kind kind, const char *in, const char *paused_after,
                                const char *log_at_pause, const char *final_log) {
  recorded_parser rp;
  stop_plan plan = {kind, 1, SSE_PAUSE};
  open_with_plan(&rp, 0, &plan);
  size_t consumed =
      feed_until_stop(&rp, in, SSE_PAUSED, strlen(paused_after), log_at_pause);

  assert_int_equal(sse_parser_feed(rp.p, in + consumed, strlen(in) - consumed, &consumed), 0);
  assert_string_equal(rp.rec.log.text, final_log);
  recorded_parser_close(&rp);
  return consumed;
}

static void test_parser_pause_from_event_callback_stops_right_after_the_event(void **state) {
  (void)state;
  /* up to and including the blank line */
  size_t resumed = pause_then_resume(RECORD_EVENT, "data:a\n\ndata:b\n\n", "data:a\n\n",
                                     "event type=message data=a id=\n",
                                     "event type=message data=a id=\n"
                                     "event type=message data=b id=\n");
  assert_int_equal(resumed, strlen("data:b\n\n"));
}

static void test_parser_pause_from_comment_callback_stops_after_the_comment_line(void **state) {
  (void)state;
  pause_then_resume(RECORD_COMMENT, "data:a\n:x\ndata:b\n\n", "data:a\n:x\n", "comment x\n",
                    "comment x\nevent type=message data=a\\nb id=\n");
}

static void test_parser_pause_from_retry_callback_stops_after_the_retry_line(void **state) {
  (void)state;
  pause_then_resume(RECORD_RETRY, "retry:5\ndata:a\n\n", "retry:5\n", "retry 5\n",
                    "retry 5\nevent type=message data=a id=\n");
}

static void test_parser_pause_from_error_callback_then_resume_skips_the_oversized_event(
    void **state) {
  (void)state;
  recorded_parser rp;
  stop_plan plan = {RECORD_ERROR, 1, SSE_PAUSE};
  open_with_plan(&rp, 16, &plan);
  char in[128];
  strcpy(in, "data:");
  memset(in + 5, 'a', 60);
  strcpy(in + 65, "\n\ndata:ok\n\n");

  size_t consumed = 0;
  assert_int_equal(sse_parser_feed(rp.p, in, strlen(in), &consumed), SSE_PAUSED);
  assert_in_range(consumed, 1, strlen(in) - strlen("data:ok\n\n"));
  assert_string_equal(rp.rec.log.text, "error ELIMIT\n");

  assert_int_equal(sse_parser_feed(rp.p, in + consumed, strlen(in) - consumed, NULL), 0);
  assert_string_equal(rp.rec.log.text, "error ELIMIT\nevent type=message data=ok id=\n");
  recorded_parser_close(&rp);
}

static void test_parser_negative_return_is_passed_through_unchanged(void **state) {
  (void)state;
  const int codes[] = {-1000, SSE_EUSER, -1};
  for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
    recorded_parser rp;
    stop_plan plan = {RECORD_EVENT, 1, codes[i]};
    open_with_plan(&rp, 0, &plan);
    const char in[] = "data:a\n\ndata:b\n\n";

    size_t consumed = feed_until_stop(&rp, in, codes[i], strlen("data:a\n\n"),
                                      "event type=message data=a id=\n");

    /* An abort is not sticky: the rest of the stream parses normally. */
    assert_int_equal(sse_parser_feed(rp.p, in + consumed, strlen(in) - consumed, NULL), 0);
    assert_int_equal(rp.rec.count[RECORD_EVENT], 2);
    recorded_parser_close(&rp);
  }
}

/* A stream producing every kind of callback several times, with LF, CR and CRLF
 * terminators and an oversized event (limit 64). */
static const char rich_stream[] =
    ":hello\n"
    "retry:100\r"
    "id:1\r\nevent:a\ndata:one\n\n"
    ":second\r\n"
    "data:two\r\ndata:lines\r\n\r\n"
    "data:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n\n"
    "retry:200\n"
    "data:three\r\r"
    "data:yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\n"
    "data:lost\n\n"
    ":bye\n"
    "data:four\n\n";

/* Feed `in` in chunks of `chunk` bytes, re-feeding after every stop. Returns the number
 * of stops (SSE_PAUSED or negative returns). */
static unsigned feed_resuming(sse_parser *p, const char *in, size_t len, size_t chunk,
                              int expected_stop_rc) {
  unsigned stops = 0;
  size_t off = 0;
  while (off < len) {
    size_t n = len - off < chunk ? len - off : chunk;
    size_t consumed = (size_t)-1;
    int rc = sse_parser_feed(p, in + off, n, &consumed);
    if (rc != 0) {
      assert_int_equal(rc, expected_stop_rc);
      stops++;
    }
    assert_true(consumed <= n);
    if (rc == 0) assert_int_equal(consumed, n);
    off += consumed;
  }
  return stops;
}

/* `callback_rc` is what the chosen callback returns, `feed_rc` what feed must then
 * return (SSE_PAUSE -> SSE_PAUSED, a negative value -> itself). */
static void check_every_stop_point_resumes_to_the_same_log(int callback_rc, int feed_rc) {
  const size_t len = strlen(rich_stream);
  recorded_parser ref;
  open_with_plan(&ref, 64, NULL);
  assert_int_equal(feed_resuming(ref.p, rich_stream, len, len, 0), 0);
  /* Sanity: the stream really produces every kind at least twice. */
  for (int k = 0; k < RECORD_KINDS; k++) assert_true(ref.rec.count[k] >= 2);

  const size_t chunks[] = {len, 1, 7};
  for (int kind = 0; kind < RECORD_KINDS; kind++) {
    for (unsigned nth = 1; nth <= ref.rec.count[kind]; nth++) {
      for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
        recorded_parser rp;
        stop_plan plan = {(record_kind)kind, nth, callback_rc};
        open_with_plan(&rp, 64, &plan);
        unsigned stops = feed_resuming(rp.p, rich_stream, len, chunks[c], feed_rc);
        assert_int_equal(stops, 1);
        assert_string_equal(rp.rec.log.text, ref.rec.log.text);
        recorded_parser_close(&rp);
      }
    }
  }
  recorded_parser_close(&ref);
}

static void test_parser_pause_at_any_callback_then_resume_gives_the_same_log(void **state) {
  (void)state;
  check_every_stop_point_resumes_to_the_same_log(SSE_PAUSE, SSE_PAUSED);
}

static void test_parser_abort_at_any_callback_then_resume_gives_the_same_log(void **state) {
  (void)state;
  check_every_stop_point_resumes_to_the_same_log(-77, -77);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parser_pause_from_event_callback_stops_right_after_the_event),
      cmocka_unit_test(test_parser_pause_from_comment_callback_stops_after_the_comment_line),
      cmocka_unit_test(test_parser_pause_from_retry_callback_stops_after_the_retry_line),
      cmocka_unit_test(
          test_parser_pause_from_error_callback_then_resume_skips_the_oversized_event),
      cmocka_unit_test(test_parser_negative_return_is_passed_through_unchanged),
      cmocka_unit_test(test_parser_pause_at_any_callback_then_resume_gives_the_same_log),
      cmocka_unit_test(test_parser_abort_at_any_callback_then_resume_gives_the_same_log),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
