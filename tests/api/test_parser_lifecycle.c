/* Creation, finish (end of one response body), reset, the last event ID setter and
 * getter, and user data: the parser's life outside of plain parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sse/sse.h>

#include "../support/recorded_parser.h"
#include "../support/recorder.h"

/* A parser with default options (NULL) and every callback recorded. */
typedef recorded_parser fixture;

static int setup(void **state) {
  static fixture f;
  recorded_parser_open(&f, NULL, NULL);
  *state = &f;
  return 0;
}

static int teardown(void **state) {
  recorded_parser_close(*state);
  return 0;
}

static void feed(fixture *f, const char *text) { feed_text(f->p, text); }

/* Feed `before`, call `boundary` (finish: end of a response body, or reset), which
 * must succeed, then feed `after`. */
static void feed_across(fixture *f, const char *before, int (*boundary)(sse_parser *),
                        const char *after) {
  feed(f, before);
  assert_int_equal(boundary(f->p), 0);
  feed(f, after);
}

static void assert_last_id(const sse_parser *p, const char *want) {
  sse_str id = sse_parser_last_event_id(p);
  assert_non_null(id.ptr); /* "" when none, never NULL for a live parser */
  assert_int_equal(id.len, strlen(want));
  assert_memory_equal(id.ptr, want, id.len);
}

/* ----------------------------------------------------------------- finish -- */

static void test_finish_discards_the_pending_event(void **state) {
  fixture *f = *state;
  /* Without the finish, the "\n" of the next body would have dispatched "a". */
  feed_across(f, "data:a\n", sse_parser_finish, "\n");
  assert_string_equal(f->rec.log.text, "");
}

static void test_finish_discards_the_unfinished_line(void **state) {
  fixture *f = *state;
  feed_across(f, "data:a", sse_parser_finish, "\n\n");
  assert_string_equal(f->rec.log.text, "");
}

static void test_finish_discards_the_pending_event_type(void **state) {
  fixture *f = *state;
  feed_across(f, "event:old\n", sse_parser_finish, "data:x\n\n");
  assert_string_equal(f->rec.log.text, "event type=message data=x id=\n");
}

static void test_finish_keeps_the_last_event_id(void **state) {
  fixture *f = *state;
  feed(f, "id:1\ndata:a\n\n");
  assert_int_equal(sse_parser_finish(f->p), 0);
  assert_last_id(f->p, "1");
  feed(f, "data:b\n\n"); /* M11: the next body's id-less events report it */
  assert_string_equal(f->rec.log.text,
                      "event type=message data=a id=1\nevent type=message data=b id=1\n");
}

static void test_finish_drops_an_id_of_the_undispatched_block(void **state) {
  fixture *f = *state;
  feed(f, "id:1\n\nid:2\ndata:x\n");
  assert_int_equal(sse_parser_finish(f->p), 0);
  assert_last_id(f->p, "1"); /* P27 */
  feed(f, "data:y\n\n");
  assert_string_equal(f->rec.log.text, "event type=message data=y id=1\n");
}

static void test_finish_makes_the_next_body_strip_a_bom_again(void **state) {
  fixture *f = *state;
  /* P4: every new body starts a new decode */
  feed_across(f, "\xEF\xBB\xBF" "data:a\n\n", sse_parser_finish, "\xEF\xBB\xBF" "data:b\n\n");
  assert_string_equal(f->rec.log.text,
                      "event type=message data=a id=\nevent type=message data=b id=\n");
}

static void test_finish_cuts_a_bom_split_over_two_bodies(void **state) {
  fixture *f = *state;
  /* The new body starts with a lone BF: not a BOM, so the field name is unknown. */
  feed_across(f, "\xEF\xBB", sse_parser_finish, "\xBF" "data:x\n\ndata:y\n\n");
  assert_string_equal(f->rec.log.text, "event type=message data=y id=\n");
}

static void test_finish_before_any_input_and_twice_is_harmless(void **state) {
  fixture *f = *state;
  assert_int_equal(sse_parser_finish(f->p), 0);
  assert_int_equal(sse_parser_finish(f->p), 0);
  feed(f, "data:x\n\n");
  assert_string_equal(f->rec.log.text, "event type=message data=x id=\n");
}

static void test_finish_calls_no_callback(void **state) {
  fixture *f = *state;
  feed(f, ":c\nretry:5\ndata:pending\n");
  recorder_clear(&f->rec);
  assert_int_equal(sse_parser_finish(f->p), 0);
  assert_string_equal(f->rec.log.text, "");
}

/* ------------------------------------------------------------------ reset -- */

static void test_reset_forgets_last_id_pending_event_and_partial_line(void **state) {
  fixture *f = *state;
  feed(f, "id:9\n\nevent:t\ndata:pending\ndata:part");
  assert_int_equal(sse_parser_reset(f->p), 0);
  assert_last_id(f->p, "");
  feed(f, "ial\n\ndata:x\n\n");
  /* "ial" is a field of its own now; only the fresh event appears. */
  assert_string_equal(f->rec.log.text, "event type=message data=x id=\n");
}

static void test_reset_strips_a_bom_again(void **state) {
  fixture *f = *state;
  feed_across(f, "data:a\n\n", sse_parser_reset, "\xEF\xBB\xBF" "data:b\n\n");
  assert_string_equal(f->rec.log.text,
                      "event type=message data=a id=\nevent type=message data=b id=\n");
}

static void test_reset_keeps_callbacks_user_data_and_limit(void **state) {
  (void)state;
  recorded_parser rp;
  recorded_parser_open_with(&rp, 32, NULL);
  assert_int_equal(sse_parser_reset(rp.p), 0);
  assert_ptr_equal(sse_parser_user_data(rp.p), &rp.rec);
  feed_text(rp.p, "data:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n\n:c\n");
  assert_string_equal(rp.rec.log.text, "error ELIMIT\ncomment c\n");
  recorded_parser_close(&rp);
}

/* ------------------------------------------------------ last event ID API -- */

static void test_last_event_id_is_empty_and_not_null_initially(void **state) {
  fixture *f = *state;
  assert_last_id(f->p, "");
}

static void test_set_last_event_id_is_reported_by_idless_events(void **state) {
  fixture *f = *state;
  assert_int_equal(sse_parser_set_last_event_id(f->p, "resume-7", 8), 0);
  assert_last_id(f->p, "resume-7");
  feed(f, "data:x\n\n");
  assert_string_equal(f->rec.log.text, "event type=message data=x id=resume-7\n");
}

static void test_set_last_event_id_copies_the_bytes(void **state) {
  fixture *f = *state;
  char id[] = "abc";
  assert_int_equal(sse_parser_set_last_event_id(f->p, id, 3), 0);
  memcpy(id, "XYZ", 3);
  assert_last_id(f->p, "abc");
}

static void test_set_last_event_id_with_nul_is_rejected_and_changes_nothing(void **state) {
  fixture *f = *state;
  assert_int_equal(sse_parser_set_last_event_id(f->p, "keep", 4), 0);
  sse_error_clear();
  assert_int_equal(sse_parser_set_last_event_id(f->p, "a\0b", 3), SSE_EINVAL);
  assert_int_equal(sse_error_last()->code, SSE_EINVAL);
  assert_true(sse_error_last()->message[0] != '\0');
  assert_last_id(f->p, "keep");
}

static void test_set_last_event_id_null_clears_and_null_with_length_fails(void **state) {
  fixture *f = *state;
  assert_int_equal(sse_parser_set_last_event_id(f->p, "x", 1), 0);
  assert_int_equal(sse_parser_set_last_event_id(f->p, NULL, 1), SSE_EINVAL);
  assert_last_id(f->p, "x");
  assert_int_equal(sse_parser_set_last_event_id(f->p, NULL, 0), 0);
  assert_last_id(f->p, "");
}

static void test_set_last_event_id_accepts_non_ascii_and_long_ids(void **state) {
  fixture *f = *state;
  char id[4096];
  memset(id, 'k', sizeof id);
  memcpy(id, "\xE2\x80\xA6", 3); /* H1: non-ASCII allowed */
  assert_int_equal(sse_parser_set_last_event_id(f->p, id, sizeof id), 0);
  sse_str got = sse_parser_last_event_id(f->p);
  assert_int_equal(got.len, sizeof id);
  assert_memory_equal(got.ptr, id, sizeof id);
}

/* -------------------------------------------------------------- user data -- */

static int count_event(sse_parser *p, const sse_event *ev, void *ud) {
  (void)p;
  (void)ev;
  ++*(int *)ud;
  return 0;
}

static void test_set_user_data_changes_what_callbacks_receive(void **state) {
  (void)state;
  int first = 0, second = 0;
  sse_parser_callbacks cbs = SSE_PARSER_CALLBACKS_INIT;
  cbs.on_event = count_event;
  sse_parser *p = NULL;
  assert_int_equal(sse_parser_new(&p, NULL, &cbs, &first), 0);
  assert_ptr_equal(sse_parser_user_data(p), &first);
  assert_int_equal(sse_parser_feed(p, "data:1\n\n", 8, NULL), 0);
  sse_parser_set_user_data(p, &second);
  assert_ptr_equal(sse_parser_user_data(p), &second);
  assert_int_equal(sse_parser_feed(p, "data:2\n\n", 8, NULL), 0);
  assert_int_equal(first, 1);
  assert_int_equal(second, 1);
  sse_parser_free(p);
}

/* --------------------------------------------------------------- creation -- */

static void test_new_sets_out_to_null_on_failure(void **state) {
  (void)state;
  sse_parser_options opts = SSE_PARSER_OPTIONS_INIT;
  opts.max_event_bytes = 0; /* must be > 0 */
  sse_parser *p = (sse_parser *)&opts; /* any non-NULL garbage */
  assert_int_equal(sse_parser_new(&p, &opts, NULL, NULL), SSE_EINVAL);
  assert_null(p);
  assert_int_equal(sse_parser_new(NULL, NULL, NULL, NULL), SSE_EINVAL);
}

static void test_new_copies_options_and_callbacks(void **state) {
  (void)state;
  sse_parser_options opts = parser_options(32, NULL);
  sse_parser_callbacks cbs = recorder_callbacks();
  recorded_parser rp;
  recorded_parser_open(&rp, &opts, &cbs);
  /* Changing the caller's structs afterwards must not reach the parser. */
  opts.max_event_bytes = 1;
  memset(&cbs, 0, sizeof cbs);
  assert_int_equal(sse_parser_feed(rp.p, "data:abcdef\n\n", 13, NULL), 0);
  assert_string_equal(rp.rec.log.text, "event type=message data=abcdef id=\n");
  recorded_parser_close(&rp);
}

static void test_parser_without_callbacks_still_tracks_the_last_id(void **state) {
  (void)state;
  sse_parser *p = NULL;
  assert_int_equal(sse_parser_new(&p, NULL, NULL, NULL), 0);
  const char in[] = ":c\nretry:1\nid:5\ndata:x\n\n";
  assert_int_equal(sse_parser_feed(p, in, strlen(in), NULL), 0);
  assert_last_id(p, "5");
  sse_parser_free(p);
}

static void test_feed_accepts_null_data_with_zero_length_only(void **state) {
  fixture *f = *state;
  size_t consumed = 99;
  assert_int_equal(sse_parser_feed(f->p, NULL, 0, &consumed), 0);
  assert_int_equal(consumed, 0);
  assert_int_equal(sse_parser_feed(f->p, NULL, 3, NULL), SSE_EINVAL);
  feed(f, "data:x\n\n");
  assert_string_equal(f->rec.log.text, "event type=message data=x id=\n");
}

static void test_comments_are_not_reported_without_a_comment_callback(void **state) {
  (void)state;
  sse_parser_callbacks cbs = recorder_callbacks();
  cbs.on_comment = NULL;
  recorded_parser rp;
  recorded_parser_open(&rp, NULL, &cbs);
  feed_text(rp.p, ":c\ndata:x\n\n");
  assert_string_equal(rp.rec.log.text, "event type=message data=x id=\n");
  recorded_parser_close(&rp);
}

#define FRESH(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int main(void) {
  const struct CMUnitTest tests[] = {
      FRESH(test_finish_discards_the_pending_event),
      FRESH(test_finish_discards_the_unfinished_line),
      FRESH(test_finish_discards_the_pending_event_type),
      FRESH(test_finish_keeps_the_last_event_id),
      FRESH(test_finish_drops_an_id_of_the_undispatched_block),
      FRESH(test_finish_makes_the_next_body_strip_a_bom_again),
      FRESH(test_finish_cuts_a_bom_split_over_two_bodies),
      FRESH(test_finish_before_any_input_and_twice_is_harmless),
      FRESH(test_finish_calls_no_callback),
      FRESH(test_reset_forgets_last_id_pending_event_and_partial_line),
      FRESH(test_reset_strips_a_bom_again),
      cmocka_unit_test(test_reset_keeps_callbacks_user_data_and_limit),
      FRESH(test_last_event_id_is_empty_and_not_null_initially),
      FRESH(test_set_last_event_id_is_reported_by_idless_events),
      FRESH(test_set_last_event_id_copies_the_bytes),
      FRESH(test_set_last_event_id_with_nul_is_rejected_and_changes_nothing),
      FRESH(test_set_last_event_id_null_clears_and_null_with_length_fails),
      FRESH(test_set_last_event_id_accepts_non_ascii_and_long_ids),
      cmocka_unit_test(test_set_user_data_changes_what_callbacks_receive),
      cmocka_unit_test(test_new_sets_out_to_null_on_failure),
      cmocka_unit_test(test_new_copies_options_and_callbacks),
      cmocka_unit_test(test_parser_without_callbacks_still_tracks_the_last_id),
      FRESH(test_feed_accepts_null_data_with_zero_length_only),
      cmocka_unit_test(test_comments_are_not_reported_without_a_comment_callback),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
