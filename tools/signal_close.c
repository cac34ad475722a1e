/* sigwait() and pthreads are POSIX, beyond the C11 the tools are written in. */
#define _POSIX_C_SOURCE 200809L

#include "signal_close.h"

#include "cli.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

static sigset_t watched;
static pthread_mutex_t target_lock = PTHREAD_MUTEX_INITIALIZER;
static sse_client *target; /* guarded by target_lock */
static atomic_int first_signal;
static pthread_t watcher;

static void close_target(void) {
  pthread_mutex_lock(&target_lock);
  if (target != NULL) sse_client_close(target);
  pthread_mutex_unlock(&target_lock);
}

/* Stopped by signal_close_stop() with SIGUSR2 sent to this thread alone: no
 * pthread_cancel, whose unwinding trips AddressSanitizer's thread teardown. */
#define STOP_SIGNAL SIGUSR2

static void *watch_signals(void *unused) {
  (void)unused;
  for (;;) {
    int signal_number = 0;
    int rc = sigwait(&watched, &signal_number);
    if (rc != 0) continue;
    if (signal_number == STOP_SIGNAL) return NULL;
    int none = 0;
    if (!atomic_compare_exchange_strong(&first_signal, &none, signal_number))
      _exit(128 + signal_number); /* asked twice: do not wait for the clean close */
    close_target();
  }
  return NULL;
}

int signal_close_start(void) {
  sigemptyset(&watched);
  sigaddset(&watched, SIGINT);
  sigaddset(&watched, SIGTERM);
  sigaddset(&watched, SIGHUP);
  sigaddset(&watched, STOP_SIGNAL);
  int rc = pthread_sigmask(SIG_BLOCK, &watched, NULL);
  if (rc == 0) rc = pthread_create(&watcher, NULL, watch_signals, NULL);
  if (rc != 0) {
    cli_failure("cannot watch for signals: %s", strerror(rc));
    return -1;
  }
  return 0;
}

void signal_close_stop(void) {
  pthread_kill(watcher, STOP_SIGNAL);
  pthread_join(watcher, NULL);
}

void signal_close_attach(sse_client *client) {
  pthread_mutex_lock(&target_lock);
  target = client;
  if (client != NULL && atomic_load(&first_signal) != 0) sse_client_close(client);
  pthread_mutex_unlock(&target_lock);
}

const char *signal_close_received(void) {
  switch (atomic_load(&first_signal)) {
  case 0: return NULL;
  case SIGINT: return "SIGINT";
  case SIGTERM: return "SIGTERM";
  case SIGHUP: return "SIGHUP";
  default: return "a signal";
  }
}
