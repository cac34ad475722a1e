/* Awkward bodies over the network: one byte at a time, invalid UTF-8 (P2), a BOM on
 * every new body (P4), and an event over max_event_bytes (skipped with on_error, the
 * connection kept). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "client_fixture.h"

#define FFFD "\xef\xbf\xbd"

static void test_slow_drip_one_byte_at_a_time(void **state) {
  fixture *f = *state;
  fx_run_url(f, fx_scenario_url(f, "slow-drip"));
  assert_string_equal(f->rec.seq.text, "R O E D R F");
  assert_string_equal(cr_event_datas(&f->rec), "drip");
}

/* Scenario `garbage`: binary junk lines are ignored fields, the valid event survives. */
static void test_garbage_bytes_do_not_break_the_stream(void **state) {
  fixture *f = *state;
  fx_run_url(f, fx_scenario_url(f, "garbage"));
  assert_string_equal(f->rec.seq.text, "R O E D R F");
  assert_string_equal(cr_event_datas(&f->rec), "ok");
}

/* P2: each ill-formed subsequence becomes U+FFFD; the stream goes on. */
static void test_P2_invalid_utf8_becomes_replacement_characters(void **state) {
  fixture *f = *state;
  fx_run_script(f, "[{'body':[{'write':'data: '},{'write_hex':'c328'},{'write':'\\n\\n'},"
               "{'write':'data: '},{'write_hex':'eda080'},{'write':'|'},"
               "{'write_hex':'f4908080'},{'write':'|'},{'write_hex':'c080ff'},"
               "{'write':'\\n\\n'},{'write':'data: fine\\n\\n'}]},{'status':204}]");
  assert_int_equal(cr_count(&f->rec, CR_EVENT), 3);
  assert_string_equal(cr_nth(&f->rec, CR_EVENT, 1)->s[1], FFFD "(");
  assert_string_equal(cr_nth(&f->rec, CR_EVENT, 2)->s[1],
                      FFFD FFFD FFFD "|" FFFD FFFD FFFD FFFD "|" FFFD FFFD FFFD);
  assert_string_equal(cr_nth(&f->rec, CR_EVENT, 3)->s[1], "fine");
}

/* P3: a character split across network writes decodes as that character. */
static void test_P3_character_split_across_writes(void **state) {
  fixture *f = *state;
  fx_run_script(f, "[{'body':[{'write':'data: '},{'write_hex':'e2'},{'sleep_ms':30},"
               "{'write_hex':'82'},{'sleep_ms':30},{'write_hex':'ac'},{'write':'\\n\\n'}]},"
               "{'status':204}]");
  assert_int_equal(cr_count(&f->rec, CR_EVENT), 1);
  assert_string_equal(cr_nth(&f->rec, CR_EVENT, 1)->s[1], "\xe2\x82\xac"); /* U+20AC */
}

/* P4: every new response body starts a new decode, so a BOM is stripped again after a
 * reconnection. */
static void test_P4_bom_is_stripped_on_every_body(void **state) {
  fixture *f = *state;
  fx_run_script(f, "[{'body':[{'write_hex':'efbbbf'},{'write':'data: a\\n\\n'}]},"
               "{'body':[{'write_hex':'efbbbf'},{'write':'data: b\\n\\n'}]},{'status':204}]");
  assert_string_equal(cr_event_datas(&f->rec), "a|b");
}

/* Scenario `oversized`: a 2 MiB event over a 1 MiB limit is skipped with on_error
 * (SSE_ELIMIT); the next event arrives on the same connection. */
static void test_oversized_event_is_skipped_and_the_connection_kept(void **state) {
  fixture *f = *state;
  sse_client_options o = fx_options(fx_scenario_url(f, "oversized"));
  o.max_event_bytes = 1024 * 1024;
  fx_client(f, &o);
  fx_run_to_close(f, 20000);

  assert_string_equal(f->rec.seq.text, "R O X E D R F");
  assert_int_equal(cr_nth(&f->rec, CR_ERROR, 1)->detail, SSE_ELIMIT);
  assert_string_equal(cr_event_datas(&f->rec), "small");
  sse_client_stats st = fx_stats(f);
  assert_int_equal(st.skipped_events, 1);
  assert_int_equal(st.events, 1);
  assert_int_equal(st.attempts, 2); /* the stream and the 204: no extra reconnect */
  assert_true(st.bytes > 2u * 1024 * 1024);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_slow_drip_one_byte_at_a_time, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_garbage_bytes_do_not_break_the_stream, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_P2_invalid_utf8_becomes_replacement_characters,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_P3_character_split_across_writes, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_P4_bom_is_stripped_on_every_body, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_oversized_event_is_skipped_and_the_connection_kept,
                                      fx_setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
