/* Reconnection (M6, M7, M10, M11) and the Last-Event-ID header (H1, H2): a body that
 * ends cleanly or drops reconnects after the reconnection time, `retry` sets that
 * time for good, and the last event ID travels with every later request until an
 * empty `id` resets it. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "client_fixture.h"

/* Header values in the server's log are Latin-1 decoded bytes; turn the JSON string
 * back into the bytes that were on the wire. Returns the byte count, or the UTF-8
 * text unchanged when a code point above U+00FF shows the server decoded UTF-8. */
static size_t wire_bytes(const char *utf8, char *out, size_t cap) {
  size_t n = 0;
  const unsigned char *p = (const unsigned char *)utf8;
  while (*p && n + 1 < cap) {
    unsigned cp;
    if (*p < 0x80) cp = *p++;
    else if ((*p & 0xE0) == 0xC0 && p[1]) {
      cp = ((unsigned)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
      p += 2;
    } else {
      snprintf(out, cap, "%s", utf8); /* not Latin-1: already the wire bytes */
      return strlen(out);
    }
    if (cp > 0xFF) {
      snprintf(out, cap, "%s", utf8);
      return strlen(out);
    }
    out[n++] = (char)cp;
  }
  out[n] = '\0';
  return n;
}

/* Post `single_quoted_script`, then run a client whose reconnection time is retry_ms
 * (a backoff cap far above it) to close. */
static void run_script_with_retry_ms(fixture *f, const char *single_quoted_script,
                                     uint64_t retry_ms) {
  fx_script(f, single_quoted_script);
  sse_client_options o = fx_options_delays(fx_url(f, ""), retry_ms, 5000);
  fx_run_client(f, &o);
}

static void test_M6_clean_end_reconnects_after_the_reconnection_time(void **state) {
  fixture *f = *state;
  run_script_with_retry_ms(f,
                           "[{'body':[{'write':'data: 1\\n\\n'}]},"
                           "{'body':[{'write':'data: 2\\n\\n'}]},{'status':204}]",
                           150);

  assert_string_equal(f->rec.seq.text, "R O E D R O E D R F");
  const cr_record *d = fx_assert_reconnecting_disconnect(f, 1, SSE_DISCONNECT_END, 0);
  assert_int_equal(d->n, 1); /* events on that connection */
  assert_int_equal(d->proposed.delay_ms, 150);
  fx_assert_waited(f, d, 2, 150, 1000);
  assert_string_equal(cr_event_datas(&f->rec), "1|2");
}

/* M10: `retry` replaces the reconnection time, for this and every later reconnect. */
static void test_M10_retry_is_used_for_all_later_reconnects(void **state) {
  fixture *f = *state;
  run_script_with_retry_ms(f,
                           "[{'body':[{'write':'retry: 150\\ndata: a\\n\\n'}]},"
                           "{'body':[{'write':'data: b\\n\\n'}]},"
                           "{'body':[{'write':'data: c\\n\\n'}]},{'status':204}]",
                           10);

  assert_string_equal(f->rec.seq.text, "R O T E D R O E D R O E D R F");
  assert_int_equal(cr_nth(&f->rec, CR_DISCONNECT, 1)->proposed.delay_ms, 150);
  for (unsigned i = 1; i <= 3; i++) {
    const cr_record *d = cr_nth(&f->rec, CR_DISCONNECT, i);
    /* never below the server's retry, even on connections that sent no retry */
    assert_true(d->proposed.delay_ms >= 150);
    assert_true(cr_nth(&f->rec, CR_REQUEST, i + 1)->t_ms - d->t_ms >= 150);
  }
  assert_int_equal(fx_stats(f).retry_ms, 150);
}

/* H1: the id goes back as UTF-8, non-ASCII bytes intact. */
static void test_H1_last_event_id_sent_on_reconnect_as_utf8(void **state) {
  fixture *f = *state;
  fx_run_script(f, "[{'body':[{'write':'id: caf\\u00e9\\u2026\\ndata: x\\n\\n'}]},{'status':204}]");

  static const char want[] = "caf\xc3\xa9\xe2\x80\xa6";
  assert_string_equal(cr_nth(&f->rec, CR_EVENT, 1)->s[2], want);
  sse_str id = sse_client_last_event_id(f->c);
  assert_int_equal(id.len, strlen(want));
  assert_memory_equal(id.ptr, want, id.len);

  json_value *log = fx_log(f);
  assert_int_equal(ts_log_count(log), 2);
  fx_assert_header(log, 0, "Last-Event-ID", NULL);
  const char *sent = ts_log_header(log, 1, "Last-Event-ID");
  assert_non_null(sent);
  char bytes[64];
  wire_bytes(sent, bytes, sizeof bytes);
  assert_string_equal(bytes, want);
  json_free(log);
}

/* H2: after `id` with an empty value the header is no longer sent (and is really
 * removed from the reused request). */
static void test_H2_empty_id_stops_sending_the_header(void **state) {
  fixture *f = *state;
  fx_run_script(f, "[{'body':[{'write':'id: 5\\ndata: a\\n\\n'}]},"
               "{'body':[{'write':'id\\ndata: b\\n\\n'}]},{'body':[{'write':'data: c\\n\\n'}]},"
               "{'status':204}]");

  assert_string_equal(cr_event_datas(&f->rec), "a|b|c");
  json_value *log = fx_log(f);
  assert_int_equal(ts_log_count(log), 4);
  fx_assert_header(log, 0, "Last-Event-ID", NULL);
  fx_assert_header(log, 1, "Last-Event-ID", "5");
  fx_assert_header(log, 2, "Last-Event-ID", NULL);
  fx_assert_header(log, 3, "Last-Event-ID", NULL);
  assert_int_equal(sse_client_last_event_id(f->c).len, 0);
  json_free(log);
}

/* The last_event_id option is sent on the very first request (resuming a stream). */
static void test_initial_last_event_id_is_sent_on_the_first_request(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'body':[{'write':'data: x\\n\\n'}]},{'status':204}]");
  sse_client_options o = fx_options(fx_url(f, ""));
  o.last_event_id = "42";
  fx_client(f, &o);
  sse_str id = sse_client_last_event_id(f->c);
  assert_int_equal(id.len, 2);
  assert_memory_equal(id.ptr, "42", 2);
  fx_run_to_close(f, 10000);

  assert_string_equal(cr_nth(&f->rec, CR_EVENT, 1)->s[2], "42"); /* M11 */
  json_value *log = fx_log(f);
  fx_assert_header(log, 0, "Last-Event-ID", "42");
  fx_assert_header(log, 1, "Last-Event-ID", "42");
  json_free(log);
}

/* sse_client_set_last_event_id() in before_request changes what the next request
 * carries (e.g. an application restoring its own checkpoint). */
static int checkpoint_on_second_attempt(client_recorder *r, sse_client *c,
                                        const cr_record *rec, sse_decision *d) {
  (void)r, (void)d;
  if (rec->n == 2) assert_int_equal(sse_client_set_last_event_id(c, "cp-7", 4), 0);
  return 0;
}

static void test_H1_set_last_event_id_applies_to_the_next_request(void **state) {
  fixture *f = *state;
  f->rec.hook[CR_REQUEST] = checkpoint_on_second_attempt;
  fx_run_script(f, "[{'body':[{'write':'id: 1\\ndata: x\\n\\n'}]},{'status':204}]");
  fx_assert_request_header(f, 1, "Last-Event-ID", "cp-7");
}

/* M11: on a new connection an event without `id` reports the carried-over id. */
static void test_M11_id_carries_over_to_a_new_connection(void **state) {
  fixture *f = *state;
  fx_run_script(f, "[{'body':[{'write':'id: 9\\ndata: a\\n\\n'}]},"
               "{'body':[{'write':'data: b\\n\\n'}]},{'status':204}]");

  assert_string_equal(cr_nth(&f->rec, CR_EVENT, 2)->s[2], "9");
  fx_assert_request_header(f, 2, "Last-Event-ID", "9"); /* and the id-less event kept it */
}

/* M7 step 3 (backoff): a stream that delivered events was healthy, even when it was
 * dropped, so the delay stays at the reconnection time; streams that deliver nothing
 * double it each time. */
static void test_M7_backoff_doubles_only_for_streams_without_events(void **state) {
  fixture *f = *state;
  run_script_with_retry_ms(f,
                           "[{'body':[{'write':'data: 1\\n\\n'},{'reset':true}]},"
                           "{'body':[{'write':'data: 2\\n\\n'},{'reset':true}]},"
                           "{'body':[{'write':': nothing\\n\\n'}]},"
                           "{'body':[{'write':': nothing\\n\\n'}]},"
                           "{'status':204}]",
                           40);

  assert_string_equal(cr_event_datas(&f->rec), "1|2");
  const cr_record *d1 = cr_nth(&f->rec, CR_DISCONNECT, 1);
  const cr_record *d2 = cr_nth(&f->rec, CR_DISCONNECT, 2);
  assert_int_equal(d1->detail, SSE_DISCONNECT_NETWORK);
  assert_int_equal(d1->proposed.delay_ms, 40);
  assert_int_equal(d2->proposed.delay_ms, 40); /* not doubled: it carried an event */
  assert_int_equal(cr_nth(&f->rec, CR_DISCONNECT, 3)->proposed.delay_ms, 40);
  assert_int_equal(cr_nth(&f->rec, CR_DISCONNECT, 4)->proposed.delay_ms, 80); /* empty twice */
}

/* A connection reset mid-event (scenario drop-mid-event): the partial event is
 * discarded, the disconnect reports a network drop (M6), and the reconnection
 * carries the last complete id. */
static void test_M6_drop_mid_event_discards_the_partial_event(void **state) {
  fixture *f = *state;
  fx_run_url(f, fx_scenario_url(f, "drop-mid-event"));

  assert_string_equal(f->rec.seq.text, "R O E D R O E D R F");
  fx_assert_reconnecting_disconnect(f, 1, SSE_DISCONNECT_NETWORK, SSE_EIO);
  assert_string_equal(cr_nth(&f->rec, CR_EVENT, 1)->s[1], "one");

  /* The second event is the server's echo of the reconnection request. */
  const cr_record *echo = cr_nth(&f->rec, CR_EVENT, 2);
  assert_null(strstr(echo->s[1], "partial"));
  assert_string_equal(echo->s[2], "1"); /* the id of the partial event never counted */
  json_value *request = json_parse(echo->s[1], echo->len[1]);
  assert_non_null(request);
  json_value wrapped = {JSON_ARRAY, 0, NULL, 0, request, NULL, 1};
  fx_assert_header(&wrapped, 0, "Last-Event-ID", "1");
  json_free(request);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_M6_clean_end_reconnects_after_the_reconnection_time,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_M10_retry_is_used_for_all_later_reconnects,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_H1_last_event_id_sent_on_reconnect_as_utf8,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_H2_empty_id_stops_sending_the_header, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_initial_last_event_id_is_sent_on_the_first_request,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_H1_set_last_event_id_applies_to_the_next_request,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_M11_id_carries_over_to_a_new_connection, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_M7_backoff_doubles_only_for_streams_without_events,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_M6_drop_mid_event_discards_the_partial_event,
                                      fx_setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
