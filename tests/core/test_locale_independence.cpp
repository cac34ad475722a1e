// The client's HTTP comparisons and Retry-After dates do not depend on the C locale a
// program happens to set. Each test switches the whole process to one locale and
// FAILS (never skips) when the locale is not installed: .ci/install-deps generates
// them. tr_TR has a dotless i (tolower('I') is not 'i'); de_DE and tr_TR have other
// day and month names (strptime's %a/%b followed them); the Latin-1 Turkish charset
// also calls 0xE9 alphanumeric.
#include <clocale>
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <setjmp.h>

extern "C" {
#include <cmocka.h>
}

#include "client_policy.hpp"

using namespace sse::core;

namespace {

constexpr std::int64_t kNowMs = 784111777000;  // Sun, 06 Nov 1994 08:49:37 GMT

// UINT64_MAX for a refused value.
std::uint64_t retry_after(const char *value) {
  return parse_retry_after(value, kNowMs).value_or(UINT64_MAX);
}

// The same answers as in the C locale.
void check_everything_under(const char *locale) {
  if (std::setlocale(LC_ALL, locale) == nullptr)
    fail_msg("locale %s is not installed (bash .ci/install-deps generates it)", locale);

  assert_true(iequals_ascii("AUTHORIZATION", "authorization"));
  assert_true(iequals_ascii("Last-Event-ID", "LAST-EVENT-id"));
  assert_false(iequals_ascii("\xfd", "i"));  // Latin-5 dotless i is not ASCII i
  assert_true(is_event_stream("TEXT/EVENT-STREAM; CHARSET=UTF-8"));
  assert_true(is_header_name("X-Trace-Id"));
  assert_false(is_header_name("caf\xe9"));  // not a token byte in any locale

  // Retry-After in each HTTP-date form, English names whatever LC_TIME is.
  assert_int_equal(retry_after("Sun, 06 Nov 1994 08:49:47 GMT"), 10000);
  assert_int_equal(retry_after("Sunday, 06-Nov-94 08:49:57 GMT"), 20000);
  assert_int_equal(retry_after("Sun Nov  6 08:50:07 1994"), 30000);
  assert_int_equal(retry_after(" 15 "), 15000);
  assert_int_equal(retry_after("So, 06 Nov 1994 08:49:47 GMT"), UINT64_MAX);
  assert_int_equal(retry_after("Paz, 06 Kas 1994 08:49:47 GMT"), UINT64_MAX);

  std::setlocale(LC_ALL, "C");
}

}  // namespace

static void test_c_locale(void **) { check_everything_under("C"); }
static void test_turkish_utf8(void **) { check_everything_under("tr_TR.UTF-8"); }
static void test_german_utf8(void **) { check_everything_under("de_DE.UTF-8"); }
static void test_turkish_latin5(void **) { check_everything_under("tr_TR.ISO-8859-9"); }

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(test_c_locale),
      cmocka_unit_test(test_turkish_utf8),
      cmocka_unit_test(test_german_utf8),
      cmocka_unit_test(test_turkish_latin5),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
