/* A stand-alone program built only with `pkg-config --cflags --libs libsse` against
 * an installed copy of the library: the way a user's project consumes it. */
#include <sse/sse.h>

#include <stdio.h>
#include <string.h>

static int on_event(sse_parser *p, const sse_event *ev, void *ud) {
  (void)p;
  (void)ud;
  printf("event %.*s: %.*s (id %.*s)\n", (int)ev->type.len, ev->type.ptr, (int)ev->data.len,
         ev->data.ptr, (int)ev->id.len, ev->id.ptr);
  return 0;
}

int main(void) {
  printf("version %s\n", sse_version_string());
  if (strcmp(sse_version_string(), SSE_VERSION_STRING) != 0) {
    printf("header/library version mismatch: %s\n", SSE_VERSION_STRING);
    return 1;
  }

  sse_serializer *s = NULL;
  sse_event ev = {{"greeting", 8}, {"hello\nworld", 11}, {"1", 1}};
  if (sse_serializer_new(&s, NULL) != 0 || sse_serializer_write_event(s, &ev) != 0) return 1;
  sse_str wire = sse_serializer_pending(s);

  sse_parser_callbacks cbs = SSE_PARSER_CALLBACKS_INIT;
  cbs.on_event = on_event;
  sse_parser *p = NULL;
  if (sse_parser_new(&p, NULL, &cbs, NULL) != 0) return 1;
  if (sse_parser_feed(p, wire.ptr, wire.len, NULL) != 0) return 1;
  sse_parser_free(p);
  sse_serializer_free(s);
  return 0;
}
