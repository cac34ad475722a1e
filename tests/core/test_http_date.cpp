// White-box tests of the locale-free HTTP-date parser (core/http_date): the three
// forms of RFC 9110 section 5.6.7, calendar checks, the RFC 850 two-digit-year
// window, and inputs that must be refused.
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <setjmp.h>

extern "C" {
#include <cmocka.h>
}

#include "http_date.hpp"

using sse::core::parse_http_date;

namespace {

constexpr std::int64_t kNow = 1767225600;  // Thu, 01 Jan 2026 00:00:00 GMT
constexpr std::int64_t kRfcExample = 784111777;  // Sun, 06 Nov 1994 08:49:37 GMT

void assert_date(const char *text, std::int64_t want, std::int64_t now = kNow) {
  std::optional<std::int64_t> got = parse_http_date(text, now);
  if (!got) fail_msg("\"%s\" was refused", text);
  if (*got != want)
    fail_msg("\"%s\" gave %lld, want %lld", text, static_cast<long long>(*got),
             static_cast<long long>(want));
}

void assert_refused(const char *text) {
  if (parse_http_date(text, kNow)) fail_msg("\"%s\" was accepted", text);
}

}  // namespace

static void test_the_three_forms_of_the_rfc_example(void **) {
  assert_date("Sun, 06 Nov 1994 08:49:37 GMT", kRfcExample);   // IMF-fixdate
  assert_date("Sunday, 06-Nov-94 08:49:37 GMT", kRfcExample);  // RFC 850
  assert_date("Sun Nov  6 08:49:37 1994", kRfcExample);        // asctime
  assert_date("Wed Nov 16 08:49:37 1994", kRfcExample + 10 * 86400);
  assert_date("Sun Nov 06 08:49:37 1994", kRfcExample);        // 2DIGIT day also allowed
}

static void test_names_are_ascii_case_insensitive(void **) {
  assert_date("sun, 06 NOV 1994 08:49:37 GMT", kRfcExample);
  assert_date("SUNDAY, 06-nov-94 08:49:37 GMT", kRfcExample);
  assert_date("sUN nOV  6 08:49:37 1994", kRfcExample);
}

static void test_calendar_edges(void **) {
  assert_date("Thu, 01 Jan 1970 00:00:00 GMT", 0);
  assert_date("Wed, 31 Dec 1969 23:59:59 GMT", -1);
  assert_date("Thu, 29 Feb 2024 00:00:00 GMT", 1709164800);  // leap year
  assert_date("Tue, 29 Feb 2000 00:00:00 GMT", 951782400);   // divisible by 400
  assert_date("Sat, 31 Dec 2016 23:59:60 GMT", 1483228799 + 1);  // leap second
  assert_date("Fri, 31 Dec 9999 23:59:59 GMT", 253402300799);
  assert_refused("Wed, 29 Feb 2023 00:00:00 GMT");
  assert_refused("Thu, 29 Feb 1900 00:00:00 GMT");  // divisible by 100, not 400
  assert_refused("Sun, 31 Apr 1994 00:00:00 GMT");
  assert_refused("Sun, 00 Nov 1994 08:49:37 GMT");
  assert_refused("Sun, 32 Nov 1994 08:49:37 GMT");
  assert_refused("Sun, 06 Nov 1994 24:00:00 GMT");
  assert_refused("Sun, 06 Nov 1994 08:60:00 GMT");
  assert_refused("Sun, 06 Nov 1994 08:49:61 GMT");
}

// RFC 9110: a two-digit year more than 50 years in the future is in the past century.
static void test_rfc850_two_digit_year_window(void **) {
  assert_date("Tuesday, 01-Jan-30 00:00:00 GMT", 1893456000);  // 2030
  assert_date("Wednesday, 01-Jan-76 00:00:00 GMT", 3345062400);  // 2076: exactly 50 ahead
  assert_date("Saturday, 01-Jan-77 00:00:00 GMT", 220924800);  // 2077 would be 51: 1977
  // Seen from 1990, "30" is 2030 (40 ahead) and "94" is 1994.
  const std::int64_t in_1990 = 631152000;  // Mon, 01 Jan 1990
  assert_date("Tuesday, 01-Jan-30 00:00:00 GMT", 1893456000, in_1990);
  assert_date("Sunday, 06-Nov-94 08:49:37 GMT", kRfcExample, in_1990);
}

static void test_malformed_dates_are_refused(void **) {
  const char *bad[] = {
      "",
      "Sun, 06 Nov 1994 08:49:37",          // no zone
      "Sun, 06 Nov 1994 08:49:37 UTC",      // only GMT
      "Sun, 06 Nov 1994 08:49:37 gmt",      // GMT is case-sensitive (%s"GMT")
      "Sun, 06 Nov 1994 08:49:37 GMT ",     // trailing bytes (the caller trims OWS)
      "Sun, 06 Nov 1994 08:49:37 GMTX",
      " Sun, 06 Nov 1994 08:49:37 GMT",
      "Sun, 6 Nov 1994 08:49:37 GMT",       // IMF day is 2DIGIT
      "Sun, 06 Nov 94 08:49:37 GMT",        // IMF year is 4DIGIT
      "Sun, 06 Nov 1994 8:49:37 GMT",
      "Sun, 06 Nov 1994\t08:49:37 GMT",
      "Sun,06 Nov 1994 08:49:37 GMT",
      "Sun, 06 Nov +994 08:49:37 GMT",
      "Son, 06 Nov 1994 08:49:37 GMT",      // German day name
      "Sun, 06 Noi 1994 08:49:37 GMT",
      "Sun, 06 November 1994 08:49:37 GMT",
      "Sunday, 06-Nov-1994 08:49:37 GMT",   // RFC 850 year is 2DIGIT
      "Sun, 06-Nov-94 08:49:37 GMT",        // RFC 850 needs the long day name
      "Sunday, 06 Nov 1994 08:49:37 GMT",   // IMF needs the short one
      "Sun Nov 6 08:49:37 1994",            // asctime pads a 1-digit day with SP
      "Sun Nov  6 08:49:37 94",
      "Sun Nov  6 08:49:37 1994 GMT",
      "Sun Nov   6 08:49:37 1994",
      "1994-11-06T08:49:37Z",
  };
  for (const char *text : bad) assert_refused(text);
}

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(test_the_three_forms_of_the_rfc_example),
      cmocka_unit_test(test_names_are_ascii_case_insensitive),
      cmocka_unit_test(test_calendar_edges),
      cmocka_unit_test(test_rfc850_two_digit_year_window),
      cmocka_unit_test(test_malformed_dates_are_refused),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
