// White-box tests of the client's pure decisions (core/client_policy), which the
// network suites reach only through a few of their inputs: M4(d) MIME essence,
// Retry-After in both forms, header hygiene (H3) and the backoff arithmetic (M7).
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <setjmp.h>

extern "C" {
#include <cmocka.h>
}

#include "client_policy.hpp"

using namespace sse::core;

static void test_M4d_mime_essence_is_compared_case_insensitively(void **) {
  assert_true(is_event_stream("text/event-stream"));
  assert_true(is_event_stream("TEXT/Event-Stream"));
  assert_true(is_event_stream("text/event-stream;charset=windows-1252"));
  assert_true(is_event_stream("  text/event-stream ; x=y"));
  assert_true(is_event_stream("text/event-stream;"));
  assert_false(is_event_stream(""));
  assert_false(is_event_stream("text/event-streams"));
  assert_false(is_event_stream("text/plain; text/event-stream"));
  assert_false(is_event_stream("text/ event-stream"));
}

static void test_retry_after_delta_seconds_and_http_date(void **) {
  const std::int64_t now = 784111777000;  // Sun, 06 Nov 1994 08:49:37 GMT
  assert_int_equal(*parse_retry_after("120", now), 120000);
  assert_int_equal(*parse_retry_after(" 0 ", now), 0);
  assert_int_equal(*parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now), 10000);
  assert_int_equal(*parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now), 0);  // past
  assert_false(parse_retry_after("", now).has_value());
  assert_false(parse_retry_after("-5", now).has_value());
  assert_false(parse_retry_after("1.5", now).has_value());
  assert_false(parse_retry_after("soon", now).has_value());
  // Absurdly large values saturate instead of wrapping.
  assert_true(*parse_retry_after("99999999999999999999999", now) > 1000000000000ull);
}

static void test_H3_header_values_and_names(void **) {
  assert_true(is_safe_header_value("caf\xc3\xa9 \xe2\x80\xa6  "));
  assert_false(is_safe_header_value(std::string_view("a\0b", 3)));
  assert_false(is_safe_header_value("a\rb"));
  assert_false(is_safe_header_value("a\nb"));
  assert_true(is_header_name("X-Request-Id"));
  assert_false(is_header_name(""));
  assert_false(is_header_name("Bad Name"));
  assert_false(is_header_name("Colon:"));
}

static void test_M7_backoff_doubles_caps_and_never_undercuts_retry(void **) {
  Backoff b({30000, 60000, 0});
  b.failed();
  assert_int_equal(b.next_delay(1000), 1000);  // first failure: the reconnection time
  b.failed();
  assert_int_equal(b.next_delay(1000), 2000);
  for (int i = 0; i < 10; ++i) b.failed();
  assert_int_equal(b.next_delay(1000), 30000);    // capped
  assert_int_equal(b.next_delay(45000), 45000);   // the server's retry is never cut
  b.disconnected(10, true);                       // a stream with events: healthy
  assert_int_equal(b.next_delay(1000), 1000);
  b.disconnected(10, false);
  b.disconnected(10, false);
  assert_int_equal(b.next_delay(1000), 2000);     // two empty streams in a row
  b.disconnected(60000, false);                   // up for the reset period
  assert_int_equal(b.next_delay(1000), 1000);
}

static void test_M7_jitter_stays_within_its_percentage(void **) {
  Backoff b({30000, 60000, 50});
  b.failed();
  std::uint64_t lo = UINT64_MAX, hi = 0;
  for (int i = 0; i < 2000; ++i) {
    std::uint64_t d = b.next_delay(1000);
    lo = d < lo ? d : lo;
    hi = d > hi ? d : hi;
  }
  assert_true(lo >= 1000);
  assert_true(hi <= 1500);
  assert_true(hi - lo > 250);  // it really varies
}

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(test_M4d_mime_essence_is_compared_case_insensitively),
      cmocka_unit_test(test_retry_after_delta_seconds_and_http_date),
      cmocka_unit_test(test_H3_header_values_and_names),
      cmocka_unit_test(test_M7_backoff_doubles_caps_and_never_undercuts_retry),
      cmocka_unit_test(test_M7_jitter_stays_within_its_percentage),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
