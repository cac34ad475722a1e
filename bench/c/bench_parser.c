/*
 * Parser throughput for one corpus file: libsse fed in 64 KiB and in 64-byte
 * chunks, and the physical floor, a memchr scan for '\n' over the same chunks.
 *
 * Usage: bench_parser CORPUS_FILE [REPETITIONS]
 *
 * The corpus is read into memory first, so only parsing is timed. Each
 * measurement runs at least REPETITIONS times (default 5) and for at least half a
 * second, and the fastest run is kept: on a shared machine noise only ever makes a
 * run slower, and more runs give a quiet moment more chances. One line per result:
 *   libsse-64K events=N bytes=B seconds=S events_per_sec=X mb_per_sec=Y
 *   memchr-64K lines=N bytes=B seconds=S mb_per_sec=Y
 * MB is 10^6 bytes. Exit status 1 if the two chunk sizes disagree on the events.
 */
#define _POSIX_C_SOURCE 200809L
#include <sse/sse.h>

#include "bench_common.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct corpus {
  char *bytes;
  size_t len;
} corpus;

/* What a run observed; equal across chunk sizes if chunking is invisible (P10). */
typedef struct tally {
  uint64_t events;
  uint64_t data_bytes; /* touching every event keeps the callback honest */
  uint64_t type_bytes;
} tally;

#define MIN_TOTAL_SECONDS 0.5
#define MAX_RUNS 1000

/* Whether a measurement needs another run. */
static int more_runs(int done, int reps, double spent) {
  return done < reps || (spent < MIN_TOTAL_SECONDS && done < MAX_RUNS);
}

static int load_corpus(const char *path, corpus *out) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    perror(path);
    return -1;
  }
  if (fseek(f, 0, SEEK_END) != 0) {
    perror(path);
    fclose(f);
    return -1;
  }
  long size = ftell(f);
  rewind(f);
  out->len = size > 0 ? (size_t)size : 0;
  out->bytes = malloc(out->len ? out->len : 1);
  if (out->bytes == NULL || fread(out->bytes, 1, out->len, f) != out->len) {
    fprintf(stderr, "%s: cannot read %zu bytes\n", path, out->len);
    fclose(f);
    return -1;
  }
  fclose(f);
  return 0;
}

static int count_event(sse_parser *p, const sse_event *ev, void *user_data) {
  (void)p;
  tally *t = user_data;
  t->events++;
  t->data_bytes += ev->data.len;
  t->type_bytes += ev->type.len;
  return 0;
}

/* One pass of libsse over the corpus; returns the elapsed seconds or -1. */
static double run_libsse(const corpus *c, size_t chunk, tally *t) {
  memset(t, 0, sizeof *t);
  sse_parser_callbacks cbs = SSE_PARSER_CALLBACKS_INIT;
  cbs.on_event = count_event;
  sse_parser *p = NULL;
  double start = now_seconds();
  if (sse_parser_new(&p, NULL, &cbs, t) < 0) return -1;
  for (size_t off = 0; off < c->len; off += chunk) {
    size_t n = c->len - off < chunk ? c->len - off : chunk;
    if (sse_parser_feed(p, c->bytes + off, n, NULL) < 0) {
      fprintf(stderr, "sse_parser_feed: %s\n", sse_error_last()->message);
      sse_parser_free(p);
      return -1;
    }
  }
  sse_parser_finish(p);
  sse_parser_free(p);
  return now_seconds() - start;
}

/* The floor: find every line end with memchr, chunk by chunk, and do nothing else. */
static double run_memchr(const corpus *c, size_t chunk, uint64_t *lines) {
  uint64_t count = 0;
  double start = now_seconds();
  for (size_t off = 0; off < c->len; off += chunk) {
    size_t n = c->len - off < chunk ? c->len - off : chunk;
    const char *pos = c->bytes + off;
    const char *end = pos + n;
    while ((pos = memchr(pos, '\n', (size_t)(end - pos))) != NULL) {
      count++;
      pos++;
    }
  }
  double elapsed = now_seconds() - start;
  *lines = count;
  return elapsed;
}

static void print_rate(const char *label, const char *unit, uint64_t count, size_t bytes,
                       double seconds) {
  printf("%s %s=%" PRIu64 " bytes=%zu seconds=%.6f", label, unit, count, bytes, seconds);
  if (strcmp(unit, "events") == 0) printf(" events_per_sec=%.0f", (double)count / seconds);
  printf(" mb_per_sec=%.1f\n", (double)bytes / seconds / 1e6);
  fflush(stdout);
}

static int bench_libsse(const corpus *c, size_t chunk, const char *label, int reps,
                        tally *result) {
  double best = -1, spent = 0;
  for (int i = 0; more_runs(i, reps, spent); i++) {
    double s = run_libsse(c, chunk, result);
    if (s < 0) return -1;
    if (best < 0 || s < best) best = s;
    spent += s;
  }
  print_rate(label, "events", result->events, c->len, best);
  return 0;
}

static void bench_memchr(const corpus *c, size_t chunk, const char *label, int reps) {
  double best = -1, spent = 0;
  uint64_t lines = 0;
  for (int i = 0; more_runs(i, reps, spent); i++) {
    double s = run_memchr(c, chunk, &lines);
    if (best < 0 || s < best) best = s;
    spent += s;
  }
  print_rate(label, "lines", lines, c->len, best);
}

int main(int argc, char **argv) {
  int reps = repetitions_argument(argc, argv, "CORPUS_FILE");
  if (reps < 0) return 2;
  corpus c;
  if (load_corpus(argv[1], &c) != 0) return 1;

  tally big, small;
  if (bench_libsse(&c, 65536, "libsse-64K", reps, &big) != 0) return 1;
  if (bench_libsse(&c, 64, "libsse-64B", reps, &small) != 0) return 1;
  bench_memchr(&c, 65536, "memchr-64K", reps);
  bench_memchr(&c, 64, "memchr-64B", reps);

  free(c.bytes);
  if (memcmp(&big, &small, sizeof big) != 0) {
    fprintf(stderr, "chunk sizes disagree: 64K saw %" PRIu64 " events, 64B saw %" PRIu64
            "\n", big.events, small.events);
    return 1;
  }
  return 0;
}
