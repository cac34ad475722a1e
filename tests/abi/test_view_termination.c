/* The NUL-termination promises of the headers (sse/parser.h): an event's `type` and
 * `id`, and sse_parser_last_event_id(), satisfy ptr[len] == '\0' however the stream is
 * split into feeds, so C callers may use them as C strings without a copy. (`data` and
 * comment text carry no such promise: they may be views into the caller's buffer.)
 *
 * Each feed gets its own heap copy of its bytes followed by a non-NUL byte, so a view
 * into the input can never be NUL-terminated by accident. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sse/sse.h>

typedef struct tally {
  unsigned events;       /* events seen */
  unsigned unterminated; /* promised views with ptr[len] != 0 */
} tally;

static void check(tally *t, sse_str s) {
  if (s.ptr == NULL || s.ptr[s.len] != '\0') t->unterminated++;
}

static int on_event(sse_parser *p, const sse_event *ev, void *user_data) {
  tally *t = user_data;
  t->events++;
  check(t, ev->type);
  check(t, ev->id);
  check(t, sse_parser_last_event_id(p));
  return 0;
}

/* Named and default types, ids set, inherited and reset, fields after a BOM, CR/CRLF/LF
 * line ends, U+FFFD substitution in a type and an id (they are rebuilt from a decoded
 * line), and a type/id line longer than the small-string buffer. */
static const char stream[] =
    "\xEF\xBB\xBF"
    "event: alpha\nid: 1\ndata: a\n\n"
    "data: inherits id 1, type message\r\n\r\n"
    "event: beta\rid:\rdata: b\r\r"
    "event: g\xFFmma\nid: i\xFE\ndata: c\n\n"
    "event: a-type-name-that-is-well-past-any-small-string-buffer-of-a-std-string\n"
    "id: an-id-that-is-well-past-any-small-string-buffer-of-a-std-string-too\n"
    "data: d\ndata: e\n\n";
enum { STREAM_EVENTS = 5 };

/* Feeds `stream` cut at every offset in `cuts` (ascending, ending with its length). */
static tally feed_cut(const size_t *cuts, size_t ncuts) {
  tally t = {0, 0};
  sse_parser_callbacks cbs = SSE_PARSER_CALLBACKS_INIT;
  cbs.on_event = on_event;
  sse_parser *p = NULL;
  assert_int_equal(sse_parser_new(&p, NULL, &cbs, &t), 0);
  size_t from = 0;
  for (size_t i = 0; i < ncuts; i++) {
    size_t n = cuts[i] - from;
    char *copy = malloc(n + 1);
    assert_non_null(copy);
    memcpy(copy, stream + from, n);
    copy[n] = 'X'; /* never a terminator */
    assert_int_equal(sse_parser_feed(p, copy, n, NULL), 0);
    free(copy);
    from = cuts[i];
  }
  sse_str last = sse_parser_last_event_id(p);
  assert_int_equal(last.ptr[last.len], '\0');
  sse_parser_free(p);
  return t;
}

static void test_type_and_id_are_nul_terminated_in_one_feed(void **state) {
  (void)state;
  size_t all = sizeof stream - 1;
  tally t = feed_cut(&all, 1);
  assert_int_equal(t.events, STREAM_EVENTS);
  assert_int_equal(t.unterminated, 0);
}

static void test_type_and_id_are_nul_terminated_for_every_two_way_split(void **state) {
  (void)state;
  for (size_t at = 0; at <= sizeof stream - 1; at++) {
    size_t cuts[2] = {at, sizeof stream - 1};
    tally t = feed_cut(cuts, 2);
    assert_int_equal(t.events, STREAM_EVENTS);
    if (t.unterminated != 0) fail_msg("split at %zu: %u views not NUL-terminated", at, t.unterminated);
  }
}

static void test_type_and_id_are_nul_terminated_byte_by_byte(void **state) {
  (void)state;
  size_t cuts[sizeof stream - 1];
  for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) cuts[i] = i + 1;
  tally t = feed_cut(cuts, sizeof cuts / sizeof cuts[0]);
  assert_int_equal(t.events, STREAM_EVENTS);
  assert_int_equal(t.unterminated, 0);
}

/* The seeded id is a copy too (sse_parser_set_last_event_id). */
static void test_a_set_last_event_id_is_nul_terminated(void **state) {
  (void)state;
  sse_parser *p = NULL;
  assert_int_equal(sse_parser_new(&p, NULL, NULL, NULL), 0);
  const char id[] = "seedX";
  assert_int_equal(sse_parser_set_last_event_id(p, id, 4), 0);
  sse_str got = sse_parser_last_event_id(p);
  assert_int_equal(got.len, 4);
  assert_int_equal(got.ptr[4], '\0');
  sse_parser_free(p);
}

/* A reset empties the id in place: the bytes of the old one must not show through. */
static void test_the_last_event_id_after_a_reset_is_nul_terminated(void **state) {
  (void)state;
  sse_parser *p = NULL;
  assert_int_equal(sse_parser_new(&p, NULL, NULL, NULL), 0);
  const char text[] = "id: 12345\ndata: x\n\n";
  assert_int_equal(sse_parser_feed(p, text, sizeof text - 1, NULL), 0);
  assert_int_equal(sse_parser_last_event_id(p).len, 5);
  assert_int_equal(sse_parser_reset(p), 0);
  sse_str got = sse_parser_last_event_id(p);
  assert_int_equal(got.len, 0);
  assert_int_equal(got.ptr[0], '\0');
  sse_parser_free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_type_and_id_are_nul_terminated_in_one_feed),
      cmocka_unit_test(test_type_and_id_are_nul_terminated_for_every_two_way_split),
      cmocka_unit_test(test_type_and_id_are_nul_terminated_byte_by_byte),
      cmocka_unit_test(test_a_set_last_event_id_is_nul_terminated),
      cmocka_unit_test(test_the_last_event_id_after_a_reset_is_nul_terminated),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
