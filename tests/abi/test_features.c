/* The optional parts (<sse/features.h>): what sse_features() reports at run time ==
 * what the generated header says at compile time == what the loaded libsse.so.1
 * really exports (looked up by name, independently of both). Also names the machine
 * the test runs on, so a cross build proves it executed the target's code. */
#define _GNU_SOURCE /* RTLD_DEFAULT */
#include <dlfcn.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/utsname.h>

#include <cmocka.h>
#include <sse/sse.h>

#ifndef SSE_EXPECT_MACHINE
#error "meson passes -DSSE_EXPECT_MACHINE=\"<host cpu family>\""
#endif

static int exported(const char *name) { return dlsym(RTLD_DEFAULT, name) != NULL; }

static void test_runtime_bits_match_the_compile_time_macros(void **state) {
  (void)state;
  unsigned int f = sse_features();
  assert_int_equal((f & SSE_FEATURE_CLIENT) != 0, SSE_HAS_CLIENT);
  assert_int_equal((f & SSE_FEATURE_SERVER) != 0, SSE_HAS_SERVER);
  assert_int_equal(f & ~(SSE_FEATURE_CLIENT | SSE_FEATURE_SERVER), 0);
}

static void test_a_part_is_exported_exactly_when_reported(void **state) {
  (void)state;
  unsigned int f = sse_features();
  assert_int_equal(exported("sse_client_new"), (f & SSE_FEATURE_CLIENT) != 0);
  assert_int_equal(exported("sse_client_restart"), (f & SSE_FEATURE_CLIENT) != 0);
  assert_int_equal(exported("sse_server_new"), (f & SSE_FEATURE_SERVER) != 0);
  assert_true(exported("sse_parser_new") && exported("sse_serializer_new") &&
              exported("sse_publisher_new") && exported("sse_features"));
}

/* <sse/sse.h> includes a part's header only with the part. */
static void test_the_umbrella_header_includes_only_built_parts(void **state) {
  (void)state;
#if SSE_HAS_CLIENT != defined(SSE_CLIENT_OPTIONS_VERSION)
  fail_msg("SSE_HAS_CLIENT is %d but <sse/client.h> was %s", SSE_HAS_CLIENT,
           SSE_HAS_CLIENT ? "not included" : "included");
#endif
#if SSE_HAS_SERVER != defined(SSE_SERVER_OPTIONS_VERSION)
  fail_msg("SSE_HAS_SERVER is %d but <sse/server.h> was %s", SSE_HAS_SERVER,
           SSE_HAS_SERVER ? "not included" : "included");
#endif
}

static void test_runs_on_the_machine_it_was_built_for(void **state) {
  (void)state;
  struct utsname u;
  assert_int_equal(uname(&u), 0);
  printf("# running on %s; sse_features() = %#x\n", u.machine, sse_features());
  assert_string_equal(u.machine, SSE_EXPECT_MACHINE);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_runtime_bits_match_the_compile_time_macros),
      cmocka_unit_test(test_a_part_is_exported_exactly_when_reported),
      cmocka_unit_test(test_the_umbrella_header_includes_only_built_parts),
      cmocka_unit_test(test_runs_on_the_machine_it_was_built_for),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
