/* Compiled once per public header with -DSSE_TEST_HEADER="sse/<name>.h" under
 * -std=c99 -pedantic -Wall -Wextra -Werror (house style B2): the header must come
 * first and compile on its own. The body then uses what that header promises, so
 * a header that forgets to include a dependency also fails to build.
 * Prints TAP by hand (plan last, as many checks as the header offers): cmocka's
 * own header is not part of what is checked. */
#include SSE_TEST_HEADER
#include SSE_TEST_HEADER /* include guards: a second inclusion is harmless */

#include <stdio.h>
#include <string.h>

static int failures;
static int number;

static void check(int ok, const char *what) {
  printf("%s %d - %s\n", ok ? "ok" : "not ok", ++number, what);
  if (!ok) failures++;
}

int main(void) {
  /* common.h is reachable from every header. */
  sse_str s = {"x", 1};
  check(s.len == 1 && sse_strerror(SSE_EINVAL) != NULL, "common.h declarations usable");

#if defined(SSE_VERSION_H)
  check(sse_version() == SSE_VERSION_NUM, "version.h declarations usable");
#endif

#if defined(SSE_SERIALIZER_H)
  {
    sse_serializer_options so = SSE_SERIALIZER_OPTIONS_INIT;
    sse_parser_options po = SSE_PARSER_OPTIONS_INIT; /* serializer.h pulls parser.h */
    sse_event ev;
    memset(&ev, 0, sizeof ev);
    check(so.version == SSE_SERIALIZER_OPTIONS_VERSION && po.version == 1 &&
              sse_serializer_pending(NULL).len == 0,
          "serializer.h (and parser.h) declarations usable");
  }
#elif defined(SSE_PARSER_H)
  {
    sse_parser_options po = SSE_PARSER_OPTIONS_INIT;
    sse_parser_callbacks cbs = SSE_PARSER_CALLBACKS_INIT;
    check(po.version == SSE_PARSER_OPTIONS_VERSION && cbs.on_event == NULL &&
              sse_parser_skipped_events(NULL) == 0,
          "parser.h declarations usable");
  }
#endif
  printf("1..%d\n", number); /* TAP allows the plan at the end */
  return failures ? 1 : 0;
}
