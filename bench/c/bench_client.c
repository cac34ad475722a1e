/*
 * Client throughput: the libsse C client reading one stream from bench/c/stream_server.c.
 *
 * Usage: bench_client URL [REPETITIONS]
 *
 * Each run creates a client, drives it with sse_client_run() on this thread until the
 * server's final `event: end` (the cue every benchmark client stops on), and frees it.
 * Timed: from sse_client_new() (the request starts in the first run call) to the end
 * event, so connection set-up, HTTP, libcurl and parsing are all in. The callback
 * counts the events and touches their data, as in bench_parser.c. Runs at least
 * REPETITIONS times (default 5) and for at least a second; the fastest is printed:
 *   libsse-client events=N bytes=B seconds=S events_per_sec=X mb_per_sec=Y
 * N excludes the end event; B is the body bytes libcurl delivered (MB = 10^6 bytes).
 * Exit status 1 if a run fails or runs disagree on what they saw.
 */
#define _POSIX_C_SOURCE 200809L
#include <sse/sse.h>

#include "bench_client_setup.h"
#include "bench_common.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define MIN_TOTAL_SECONDS 1.0
#define MAX_RUNS 100

typedef struct tally {
  uint64_t events;     /* excluding the end event */
  uint64_t data_bytes; /* touching every event keeps the callback honest */
  int saw_end;
  int stream_ended;    /* on_disconnect or on_failure before the end event */
} tally;

static int is_end(const sse_event *ev) {
  return ev->type.len == 3 && memcmp(ev->type.ptr, "end", 3) == 0;
}

static int count_event(sse_client *c, const sse_event *ev, void *user_data) {
  tally *t = user_data;
  if (is_end(ev)) {
    t->saw_end = 1;
    sse_client_close(c); /* run() returns SSE_ECLOSED once this callback returns */
    return 0;
  }
  t->events++;
  t->data_bytes += ev->data.len;
  return 0;
}

/* The body ended without the end event: stop rather than reconnect (and say so). */
static int stop_on_disconnect(sse_client *c, const sse_disconnect *d, sse_decision *dec,
                              void *user_data) {
  (void)c;
  (void)d;
  ((tally *)user_data)->stream_ended = 1;
  dec->action = SSE_CLIENT_STOP;
  return 0;
}

static int stop_on_failure(sse_client *c, const sse_failure *f, sse_decision *dec,
                           void *user_data) {
  (void)c;
  fprintf(stderr, "bench_client: attempt failed: %s\n", f->message);
  ((tally *)user_data)->stream_ended = 1;
  dec->action = SSE_CLIENT_STOP;
  return 0;
}

/* One run; returns the seconds from client creation to the end event, or -1. */
static double run_once(const char *url, tally *t, uint64_t *body_bytes) {
  memset(t, 0, sizeof *t);
  sse_client_options opts = bench_client_options(url);
  opts.accept_encoding = 0; /* the server sends identity; do not ask for more */
  sse_client_callbacks cbs = SSE_CLIENT_CALLBACKS_INIT;
  cbs.on_event = count_event;
  cbs.on_disconnect = stop_on_disconnect;
  cbs.on_failure = stop_on_failure;

  double start = now_seconds();
  sse_client *c = bench_client_new(&opts, &cbs, t);
  if (c == NULL) return -1;
  int rc;
  while ((rc = sse_client_run(c, -1)) == 0) {
  }
  double elapsed = now_seconds() - start;
  sse_client_stats stats = SSE_CLIENT_STATS_INIT;
  sse_client_get_stats(c, &stats);
  sse_client_free(c);
  *body_bytes = stats.bytes;
  if (rc != SSE_ECLOSED || !t->saw_end || t->stream_ended) {
    fprintf(stderr, "bench_client: run ended with %d before the end event (saw_end=%d)\n", rc,
            t->saw_end);
    return -1;
  }
  return elapsed;
}

int main(int argc, char **argv) {
  int reps = repetitions_argument(argc, argv, "URL");
  if (reps < 0) return 2;
  double best = -1, spent = 0;
  tally first, run;
  uint64_t bytes = 0, first_bytes = 0;
  for (int i = 0; i < reps || (spent < MIN_TOTAL_SECONDS && i < MAX_RUNS); i++) {
    double s = run_once(argv[1], &run, &bytes);
    if (s < 0) return 1;
    if (i == 0) {
      first = run;
      first_bytes = bytes;
    } else if (memcmp(&first, &run, sizeof run) != 0 || bytes != first_bytes) {
      fprintf(stderr, "runs disagree: %" PRIu64 " then %" PRIu64 " events\n", first.events,
              run.events);
      return 1;
    }
    if (best < 0 || s < best) best = s;
    spent += s;
  }
  printf("libsse-client events=%" PRIu64 " bytes=%" PRIu64 " seconds=%.6f events_per_sec=%.0f"
         " mb_per_sec=%.1f\n", first.events, first_bytes, best, (double)first.events / best,
         (double)first_bytes / best / 1e6);
  return 0;
}
