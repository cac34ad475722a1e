/* Runtime version == compile-time macros == the Meson project version (house
 * style B11; libgit2 core/version.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sse/sse.h>

#ifndef SSE_PROJECT_VERSION
#error "meson passes -DSSE_PROJECT_VERSION=\"x.y.z\""
#endif

static void test_version_macros_match_the_project_version(void **state) {
  (void)state;
  char built[32];
  snprintf(built, sizeof built, "%d.%d.%d", SSE_VERSION_MAJOR, SSE_VERSION_MINOR,
           SSE_VERSION_PATCH);
  assert_string_equal(built, SSE_VERSION_STRING);
  assert_string_equal(SSE_VERSION_STRING, SSE_PROJECT_VERSION);
}

static void test_runtime_version_matches_the_macros(void **state) {
  (void)state;
  assert_int_equal(sse_version(), SSE_VERSION_NUM);
  assert_string_equal(sse_version_string(), SSE_VERSION_STRING);
  assert_int_equal(SSE_VERSION_NUM,
                   (SSE_VERSION_MAJOR << 16) | (SSE_VERSION_MINOR << 8) | SSE_VERSION_PATCH);
}

static void test_version_check_macro_compares_numerically(void **state) {
  (void)state;
  assert_true(SSE_VERSION_CHECK(SSE_VERSION_MAJOR, SSE_VERSION_MINOR, SSE_VERSION_PATCH));
  assert_true(SSE_VERSION_CHECK(0, 0, 0));
  assert_true(SSE_VERSION_CHECK(1, 0, 0));
  assert_false(SSE_VERSION_CHECK(SSE_VERSION_MAJOR + 1, 0, 0));
  assert_false(SSE_VERSION_CHECK(SSE_VERSION_MAJOR, SSE_VERSION_MINOR + 1, 0));
  assert_false(SSE_VERSION_CHECK(SSE_VERSION_MAJOR, SSE_VERSION_MINOR, SSE_VERSION_PATCH + 1));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_version_macros_match_the_project_version),
      cmocka_unit_test(test_runtime_version_matches_the_macros),
      cmocka_unit_test(test_version_check_macro_compares_numerically),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
