/* Compare two logs line by line; on a difference, fail the current cmocka test
 * showing the first differing line with a little context instead of two huge
 * strings. Include after <cmocka.h>. */
#ifndef SSE_TEST_LOG_DIFF_H
#define SSE_TEST_LOG_DIFF_H

/* Returns 1 when equal. On a difference prints it (prefixed by `what`) and, when
 * `fail_test` is set, fails the running test. */
int logs_match(const char *what, const char *expected, const char *actual, int fail_test);

#endif
