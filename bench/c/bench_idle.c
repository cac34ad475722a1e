/*
 * Resident memory per idle connected libsse client.
 *
 * Usage: bench_idle URL [CLIENTS] [start|loop]
 *
 * Opens CLIENTS (default 1000) clients to URL (stream_server's /idle: 200, one
 * comment, then silence), waits until every one has had on_open, and prints VmRSS
 * from /proc/self/status before and after:
 *   idle-start clients=N rss_before_kib=A rss_after_kib=B kib_per_client=K
 *
 * How the clients are driven (pick with the third argument):
 * - start (default): sse_client_start() per client, a library thread each. This is
 *   what the header offers C programs that want background clients, and the only
 *   way to keep many clients responsive: a client exposes no descriptor to poll, so
 *   one thread cannot wait on many of them at once.
 * - loop: one thread calling sse_client_run(c, 0) on every client in turn (a busy
 *   loop while waiting; shown for comparison, it has no thread stacks to pay for).
 * The baseline is taken after one client has connected and been freed, so
 * libcurl's and the resolver's one-time set-up is not charged to the clients.
 * The soft descriptor limit is raised to the hard limit first (a client holds a
 * socket plus libcurl's wake-up pair).
 */
#define _GNU_SOURCE
#include <sse/sse.h>

#include "bench_client_setup.h"
#include "bench_common.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define OPEN_TIMEOUT_SECONDS 20.0

static atomic_int opened;
static pthread_mutex_t opened_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t opened_changed = PTHREAD_COND_INITIALIZER;
static atomic_int lost; /* streams that ended or failed: each is a benchmark error */

/* Counts a lost stream (saying what the first one was) and stops its client. */
static int stop_after_loss(sse_decision *dec, const char *what, const char *message) {
  if (atomic_fetch_add(&lost, 1) == 0) fprintf(stderr, "bench_idle: %s: %s\n", what, message);
  dec->action = SSE_CLIENT_STOP;
  return 0;
}

static int count_open(sse_client *c, const sse_response *r, void *user_data) {
  (void)c;
  (void)r;
  (void)user_data;
  pthread_mutex_lock(&opened_lock);
  atomic_fetch_add(&opened, 1);
  pthread_cond_signal(&opened_changed);
  pthread_mutex_unlock(&opened_lock);
  return 0;
}

/* An idle client must not lose its stream: any end or failure is a benchmark error. */
static int stop_on_disconnect(sse_client *c, const sse_disconnect *d, sse_decision *dec,
                              void *user_data) {
  (void)c;
  (void)user_data;
  return stop_after_loss(dec, "a stream ended", d->message);
}

static int stop_on_failure(sse_client *c, const sse_failure *f, sse_decision *dec,
                           void *user_data) {
  (void)c;
  (void)user_data;
  return stop_after_loss(dec, "an attempt failed", f->message);
}

static long vm_rss_kib(void) {
  FILE *f = fopen("/proc/self/status", "r");
  if (f == NULL) return -1;
  char line[256];
  long kib = -1;
  while (fgets(line, sizeof line, f) != NULL)
    if (strncmp(line, "VmRSS:", 6) == 0) kib = strtol(line + 6, NULL, 10);
  fclose(f);
  return kib;
}

static void raise_fd_limit(long needed) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return;
  if (rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  if ((long)rl.rlim_cur < needed)
    fprintf(stderr, "bench_idle: descriptor limit %ld may be too low for %ld\n",
            (long)rl.rlim_cur, needed);
}

static sse_client *new_client(const char *url) {
  sse_client_options opts = bench_client_options(url);
  sse_client_callbacks cbs = SSE_CLIENT_CALLBACKS_INIT;
  cbs.on_open = count_open;
  cbs.on_disconnect = stop_on_disconnect;
  cbs.on_failure = stop_on_failure;
  return bench_client_new(&opts, &cbs, NULL);
}

/* Drives every client in turn until `target` opens; returns 0 or -1 on timeout/error. */
static int drive_in_turn(sse_client **clients, int n, int target) {
  double deadline = now_seconds() + OPEN_TIMEOUT_SECONDS;
  while (atomic_load(&opened) < target) {
    for (int i = 0; i < n; i++) {
      int rc = sse_client_run(clients[i], 0);
      if (rc < 0) {
        fprintf(stderr, "bench_idle: client %d: run returned %d\n", i, rc);
        return -1;
      }
    }
    if (now_seconds() > deadline) return -1;
  }
  return 0;
}

/* Waits until the library threads have opened `target` streams, or the timeout. */
static int wait_for_threads(int target) {
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline); /* pthread_cond_timedwait's clock */
  deadline.tv_sec += (time_t)OPEN_TIMEOUT_SECONDS;
  int rc = 0;
  pthread_mutex_lock(&opened_lock);
  while (atomic_load(&opened) < target && rc == 0)
    rc = pthread_cond_timedwait(&opened_changed, &opened_lock, &deadline);
  pthread_mutex_unlock(&opened_lock);
  return atomic_load(&opened) >= target ? 0 : -1;
}

/* Connects one client, lets it open and frees it: pays the one-time costs. */
static int warm_up(const char *url) {
  sse_client *c = new_client(url);
  if (c == NULL) return -1;
  int rc = drive_in_turn(&c, 1, 1);
  sse_client_free(c);
  atomic_store(&opened, 0);
  return rc;
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 4) {
    fprintf(stderr, "usage: %s URL [CLIENTS] [start|loop]\n", argv[0]);
    return 2;
  }
  int n = argc >= 3 ? atoi(argv[2]) : 1000;
  const char *mode = argc == 4 ? argv[3] : "start";
  int threaded = strcmp(mode, "start") == 0;
  if (n < 1 || (!threaded && strcmp(mode, "loop") != 0)) {
    fprintf(stderr, "usage: %s URL [CLIENTS] [start|loop]\n", argv[0]);
    return 2;
  }
  raise_fd_limit(4L * n + 64);
  if (warm_up(argv[1]) != 0) {
    fprintf(stderr, "bench_idle: the warm-up client did not open\n");
    return 1;
  }

  sse_client **clients = calloc((size_t)n, sizeof *clients);
  if (clients == NULL) return 1;
  long before = vm_rss_kib();
  for (int i = 0; i < n; i++) {
    clients[i] = new_client(argv[1]);
    if (clients[i] == NULL) return 1;
    if (threaded && sse_client_start(clients[i]) != 0) {
      fprintf(stderr, "sse_client_start: %s\n", sse_error_last()->message);
      return 1;
    }
  }
  int rc = threaded ? wait_for_threads(n) : drive_in_turn(clients, n, n);
  long after = vm_rss_kib();
  int open_now = atomic_load(&opened);
  char *was_open = calloc((size_t)n, 1);
  if (was_open == NULL) return 1;
  int still_open = 0;
  for (int i = 0; i < n; i++) {
    was_open[i] = sse_client_state(clients[i]) == SSE_CLIENT_OPEN;
    still_open += was_open[i];
  }

  for (int i = 0; i < n; i++) sse_client_close(clients[i]);
  /* A library thread that gave up before connecting says why in its result. */
  int thread_busy = 0;
  if (threaded)
    for (int i = 0; i < n; i++)
      if (!was_open[i]) thread_busy += sse_client_join(clients[i]) == SSE_EBUSY;
  for (int i = 0; i < n; i++) sse_client_free(clients[i]);
  free(clients);
  free(was_open);
  if (rc != 0 || still_open != n) {
    fprintf(stderr, "bench_idle: %d of %d clients opened, %d still open", open_now, n,
            still_open);
    if (thread_busy > 0)
      fprintf(stderr, "; %d sse_client_start() threads ended at once with SSE_EBUSY", thread_busy);
    fprintf(stderr, "\n");
    return 1;
  }
  printf("idle-%s clients=%d rss_before_kib=%ld rss_after_kib=%ld kib_per_client=%.1f\n", mode,
         n, before, after, (double)(after - before) / n);
  return 0;
}
