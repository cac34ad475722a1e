#include "pub_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../support/byte_log.h"

sse_publisher_options quiet_options(void) {
  sse_publisher_options o = SSE_PUBLISHER_OPTIONS_INIT;
  o.keep_alive_ms = 0;
  o.epoch = str_of("E");
  return o;
}

sse_publisher *open_publisher(const sse_publisher_options *opts) {
  sse_publisher *p = NULL;
  assert_int_equal(sse_publisher_new(&p, opts), 0);
  assert_non_null(p);
  return p;
}

void publish_data(sse_publisher *p, const char *topic, const char *data, const char *id) {
  sse_str t = str_of(topic);
  sse_message m = SSE_MESSAGE_INIT;
  m.data = str_of(data);
  if (id != NULL) m.id = str_of(id);
  int rc = sse_publisher_publish(p, &t, 1, &m, NULL, 0, NULL);
  if (rc != 0) fail_msg("publish %s: %s", data, sse_error_last()->message);
}

sse_subscriber *subscribe(sse_publisher *p, const char *const *topics, const char *last_id) {
  sse_str names[16];
  size_t n = 0;
  while (topics[n] != NULL) {
    assert_true(n < 16);
    names[n] = str_of(topics[n]);
    n++;
  }
  sse_subscriber_options o = SSE_SUBSCRIBER_OPTIONS_INIT;
  o.topics = names;
  o.n_topics = n;
  o.keep_alive_ms = 0;
  if (last_id != NULL) o.last_event_id = str_of(last_id);
  sse_subscriber *s = NULL;
  int rc = sse_subscriber_new(&s, p, &o);
  if (rc != 0) fail_msg("subscribe: %s", sse_error_last()->message);
  return s;
}

char *drain(sse_subscriber *s, int *rc_out) {
  size_t cap = 256, len = 0;
  char *text = malloc(cap);
  assert_non_null(text);
  int rc;
  for (;;) {
    if (cap - len < 64) {
      cap *= 2;
      text = realloc(text, cap);
      assert_non_null(text);
    }
    size_t n = 0;
    rc = sse_subscriber_read(s, text + len, cap - len - 1, &n);
    if (rc != 0 || n == 0) break;
    len += n;
  }
  text[len] = '\0';
  if (rc_out != NULL) *rc_out = rc;
  return text;
}

void assert_drained(sse_subscriber *s, const char *want) {
  char *got = drain(s, NULL);
  if (strcmp(got, want) != 0) {
    byte_log a, b;
    byte_log_init(&a);
    byte_log_init(&b);
    byte_log_escaped(&a, want, strlen(want));
    byte_log_escaped(&b, got, strlen(got));
    print_error("expected: %s\nactual:   %s\n", a.text, b.text);
    byte_log_free(&a);
    byte_log_free(&b);
    free(got);
    fail();
  }
  free(got);
}

char *ids_in(const char *text) {
  size_t cap = strlen(text) + 1;
  char *out = calloc(cap, 1);
  assert_non_null(out);
  const char *line = text;
  while (*line != '\0') {
    const char *end = strchr(line, '\n');
    size_t len = end ? (size_t)(end - line) : strlen(line);
    if (len > 4 && strncmp(line, "id: ", 4) == 0) {
      if (out[0] != '\0') strcat(out, ",");
      strncat(out, line + 4, len - 4);
    }
    line += len + (end ? 1 : 0);
  }
  return out;
}
