/* A user's program: built outside the libsse tree with nothing but
 * `pkg-config --cflags --libs libsse` against an installed libsse. It serializes an
 * event, parses that and a hand-written stream back, and says which optional parts
 * the headers (compile time) and the loaded library (run time) have. */
#include <sse/sse.h>

#include <stdio.h>
#include <string.h>

static int print_event(sse_parser *p, const sse_event *ev, void *ud) {
  (void)p;
  (void)ud;
  printf("event %.*s: %.*s (id %.*s)\n", (int)ev->type.len, ev->type.ptr, (int)ev->data.len,
         ev->data.ptr, (int)ev->id.len, ev->id.ptr);
  return 0;
}

static int parse(const char *bytes, size_t len) {
  sse_parser_callbacks cbs = SSE_PARSER_CALLBACKS_INIT;
  cbs.on_event = print_event;
  sse_parser *p = NULL;
  int rc = sse_parser_new(&p, NULL, &cbs, NULL);
  if (rc == 0) rc = sse_parser_feed(p, bytes, len, NULL);
  if (rc == 0) rc = sse_parser_finish(p);
  sse_parser_free(p);
  return rc;
}

int main(void) {
  if (strcmp(sse_version_string(), SSE_VERSION_STRING) != 0) {
    printf("header %s, library %s\n", SSE_VERSION_STRING, sse_version_string());
    return 1;
  }
  printf("version %s\n", sse_version_string());

  static const char stream[] = ": a comment\nretry: 100\nevent: tick\ndata: 1\ndata: 2\nid: 7\n\n"
                               "data: no type\n\n";
  if (parse(stream, sizeof stream - 1) != 0) return 1;

  sse_serializer *s = NULL;
  sse_event ev = {{"greeting", 8}, {"hello\nworld", 11}, {"1", 1}};
  if (sse_serializer_new(&s, NULL) != 0 || sse_serializer_write_event(s, &ev) != 0) return 1;
  sse_str wire = sse_serializer_pending(s);
  int rc = parse(wire.ptr, wire.len);
  sse_serializer_free(s);
  if (rc != 0) return 1;

  unsigned int f = sse_features();
  printf("features client=%d server=%d (headers: client=%d server=%d)\n",
         (f & SSE_FEATURE_CLIENT) != 0, (f & SSE_FEATURE_SERVER) != 0, SSE_HAS_CLIENT,
         SSE_HAS_SERVER);
  return 0;
}
