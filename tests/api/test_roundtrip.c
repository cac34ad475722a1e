/* Property test: whatever the serializer accepts, the parser reads back (spec S8).
 * 10 000 pseudo-random writes (events with absent / empty / multi-line / non-ASCII /
 * NUL-holding data, absent and present-empty ids, types, comments, retries,
 * keep-alives) are serialized, parsed back, and compared with the records the spec
 * predicts. CR and CRLF inside data come back as LF; ids are compared as the
 * parser's persistent last event ID.
 *
 * The seed is printed; set SSE_TEST_SEED=<n> to replay a failure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sse/sse.h>

#include "../support/byte_log.h"
#include "../support/log_diff.h"
#include "../support/recorder.h"

#define WRITES 10000

/* splitmix64: tiny, good enough, identical on every platform. */
static uint64_t rng_state;
static uint64_t rng_next(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}
static unsigned rng_below(unsigned n) { return (unsigned)(rng_next() % n); }

typedef struct buf {
  char bytes[256];
  size_t len;
} buf;

static void put(buf *b, const char *s, size_t n) {
  if (b->len + n > sizeof b->bytes) return;
  memcpy(b->bytes + b->len, s, n);
  b->len += n;
}

enum { ALLOW_BREAKS = 1, ALLOW_NUL = 2 };

/* Random valid UTF-8 text from pieces that stress the format. */
static void random_text(buf *b, unsigned flags) {
  static const char *const plain[] = {"a", "Z", "0", " ", "  ", ":", "::", "\t", "data:",
                                      "id", "event: x", "\xC3\xA9", "\xE2\x82\xAC",
                                      "\xF0\x9F\x98\x80", "\xEF\xBB\xBF", "\xEF\xBF\xBD",
                                      "\xF4\x8F\xBF\xBF", "\x7F", "\x01"};
  static const char *const breaks[] = {"\n", "\r", "\r\n", "\n\n", "\r\r"};
  b->len = 0;
  unsigned pieces = rng_below(4) == 0 ? 0 : rng_below(12);
  for (unsigned i = 0; i < pieces; i++) {
    unsigned pick = rng_below(20);
    if (pick < 15) {
      const char *s = plain[rng_below(sizeof plain / sizeof plain[0])];
      put(b, s, strlen(s));
    } else if (pick < 18 && (flags & ALLOW_BREAKS)) {
      const char *s = breaks[rng_below(sizeof breaks / sizeof breaks[0])];
      put(b, s, strlen(s));
    } else if (flags & ALLOW_NUL) {
      put(b, "\0", 1);
    }
  }
}

/* Expected records for text split into lines the way the parser splits them (P5). */
static void for_each_line(const buf *b, void (*fn)(byte_log *, sse_str), byte_log *log) {
  size_t start = 0;
  for (size_t i = 0; i <= b->len; i++) {
    if (i < b->len && b->bytes[i] != '\r' && b->bytes[i] != '\n') continue;
    fn(log, str_n(b->bytes + start, i - start));
    if (i + 1 < b->len && b->bytes[i] == '\r' && b->bytes[i + 1] == '\n') i++;
    start = i + 1;
  }
}

/* Data as the parser returns it: every CR, LF or CRLF becomes one LF. */
static size_t normalise_breaks(const buf *b, char *out) {
  size_t n = 0;
  for (size_t i = 0; i < b->len; i++) {
    if (b->bytes[i] == '\r') {
      out[n++] = '\n';
      if (i + 1 < b->len && b->bytes[i + 1] == '\n') i++;
    } else {
      out[n++] = b->bytes[i];
    }
  }
  return n;
}

typedef struct model {
  char last_id[256];
  size_t last_id_len;
} model;

static void write_one(sse_serializer *s, model *m, byte_log *expected) {
  unsigned kind = rng_below(20);
  if (kind == 0) {
    uint64_t ms = rng_below(2) ? rng_next() : rng_below(10000);
    assert_int_equal(sse_serializer_write_retry(s, ms), 0);
    record_retry(expected, ms);
    return;
  }
  if (kind == 1) {
    assert_int_equal(sse_serializer_write_keepalive(s), 0);
    record_comment(expected, str_n("", 0));
    return;
  }
  if (kind <= 3) {
    buf text;
    random_text(&text, ALLOW_BREAKS | ALLOW_NUL);
    int absent = text.len == 0 && rng_below(2);
    assert_int_equal(sse_serializer_write_comment(s, str_n(absent ? NULL : text.bytes, text.len)),
                     0);
    for_each_line(&text, record_comment, expected);
    return;
  }

  buf type, data, id;
  random_text(&type, ALLOW_NUL);
  random_text(&data, ALLOW_BREAKS | ALLOW_NUL);
  random_text(&id, 0);
  int type_absent = type.len == 0 && rng_below(2);
  int data_absent = rng_below(16) == 0;
  int id_absent = rng_below(3) != 0;
  sse_event ev;
  /* Absent is {NULL, 0}; a NULL pointer with a length is an argument error. */
  ev.type = type_absent ? str_n(NULL, 0) : str_n(type.bytes, type.len);
  ev.data = data_absent ? str_n(NULL, 0) : str_n(data.bytes, data.len);
  ev.id = id_absent ? str_n(NULL, 0) : str_n(id.bytes, id.len);
  assert_int_equal(sse_serializer_write_event(s, &ev), 0);

  if (!id_absent) { /* P18, P21: present ids, empty included, replace the last id */
    memcpy(m->last_id, id.bytes, id.len);
    m->last_id_len = id.len;
  }
  if (data_absent) return; /* P22: no data line, nothing dispatched */
  char normal[256];
  size_t normal_len = normalise_breaks(&data, normal);
  record_event(expected, type.len ? str_n(type.bytes, type.len) : str_of("message"),
               str_n(normal, normal_len), str_n(m->last_id, m->last_id_len));
}

static void parse_in_random_chunks(const char *wire, size_t len, recorder *rec) {
  sse_parser_callbacks cbs = recorder_callbacks();
  sse_parser *p = NULL;
  assert_int_equal(sse_parser_new(&p, NULL, &cbs, rec), 0);
  for (size_t off = 0; off < len;) {
    size_t n = 1 + rng_below(rng_below(4) == 0 ? 3 : 700);
    if (n > len - off) n = len - off;
    assert_int_equal(sse_parser_feed(p, wire + off, n, NULL), 0);
    off += n;
  }
  sse_parser_free(p);
}

static uint64_t chosen_seed(void) {
  const char *env = getenv("SSE_TEST_SEED");
  return env ? strtoull(env, NULL, 10) : 20240601u;
}

static void test_roundtrip_of_random_writes_gives_the_predicted_records(void **state) {
  (void)state;
  uint64_t seed = chosen_seed();
  printf("# roundtrip seed %llu (replay with SSE_TEST_SEED=%llu)\n", (unsigned long long)seed,
         (unsigned long long)seed);
  rng_state = seed;

  sse_serializer *s = NULL;
  assert_int_equal(sse_serializer_new(&s, NULL), 0);
  model m;
  m.last_id_len = 0;
  byte_log expected;
  byte_log_init(&expected);
  for (int i = 0; i < WRITES; i++) write_one(s, &m, &expected);

  /* Drain through a small buffer, as a server writing to a socket would. */
  sse_str pending = sse_serializer_pending(s);
  size_t total = pending.len;
  char *wire = malloc(total + 1);
  assert_non_null(wire);
  size_t got = 0;
  while (got < total) {
    size_t written = 0;
    assert_int_equal(sse_serializer_drain(s, wire + got, 1 + rng_below(4096), &written), 0);
    assert_true(written > 0);
    got += written;
  }
  assert_int_equal(sse_serializer_pending(s).len, 0);

  recorder rec;
  recorder_init(&rec);
  parse_in_random_chunks(wire, total, &rec);
  logs_match("roundtrip", expected.text, rec.log.text, 1);
  assert_true(rec.count[RECORD_EVENT] > WRITES / 2);

  recorder_free(&rec);
  byte_log_free(&expected);
  free(wire);
  sse_serializer_free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_roundtrip_of_random_writes_gives_the_predicted_records),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
