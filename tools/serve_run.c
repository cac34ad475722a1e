/* `sse serve` at work: a publisher and its embedded server, until a signal. */
#define _POSIX_C_SOURCE 200809L /* sigwait(), pthread_sigmask() */

#include "bearer_token.h"
#include "cli.h"
#include "demo_page.h"
#include "serve_settings.h"

#include <sse/server.h>
#include <sse/sse.h>

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* How long a stop waits for the subscribers' last output to reach them. */
#define STOP_TIMEOUT_MS 5000

/* Everything serve_run() creates, released by release(). */
typedef struct hub {
  sse_publisher *publisher;
  sse_server *server;
  char *token_from_file;
  char *page;
  char generated_token[33];
} hub;

static int make_publisher(const serve_settings *settings, hub *h) {
  sse_publisher_options options = SSE_PUBLISHER_OPTIONS_INIT;
  if (settings->has_history) options.history_events = settings->history;
  if (settings->history_bytes > 0) options.history_bytes = settings->history_bytes;
  if (settings->has_keep_alive) options.keep_alive_ms = settings->keep_alive_ms;
  if (settings->slow_policy != SSE_SLOW_INHERIT) options.slow_policy = settings->slow_policy;
  if (settings->queue_bytes > 0) options.queue_bytes = settings->queue_bytes;
  int rc = sse_publisher_new(&h->publisher, &options);
  if (rc == SSE_EINVAL)
    return cli_usage_error("%s", sse_error_last()->message);
  if (rc != 0) return cli_library_failure("creating the publisher", rc);
  return CLI_EXIT_OK;
}

/* The publish token: as given, from its file, or a fresh random one. */
static int choose_token(const serve_settings *settings, hub *h, const char **token) {
  *token = NULL;
  if (settings->publish_path == NULL) return CLI_EXIT_OK;
  if (settings->publish_token != NULL) {
    *token = settings->publish_token;
    return CLI_EXIT_OK;
  }
  if (settings->publish_token_file != NULL) {
    int status = bearer_token_read_file(settings->publish_token_file, &h->token_from_file);
    *token = h->token_from_file;
    return status;
  }
  int status = bearer_token_generate(h->generated_token);
  *token = h->generated_token;
  return status;
}

static int make_server(const serve_settings *settings, const char *token, hub *h) {
  sse_server_options options = SSE_SERVER_OPTIONS_INIT;
  options.listen = settings->listen;
  options.path = settings->path;
  options.publish_path = settings->publish_path;
  options.publish_token = token;
  options.cors_origins = settings->cors_origins;
  options.n_cors_origins = settings->cors_origin_count;
  options.threads = settings->threads;
  if (settings->max_connections > 0) options.max_connections = settings->max_connections;
  options.retry_ms = settings->retry_ms;
  options.tls_cert_file = settings->tls_cert;
  options.tls_key_file = settings->tls_key;
  if (settings->demo) {
    size_t len;
    h->page = demo_page_render(settings->path, settings->publish_path, &len);
    if (h->page == NULL) return cli_failure("out of memory");
    options.index_html = (sse_str){h->page, len};
  }
  int rc = sse_server_new(&h->server, h->publisher, &options);
  /* Every EINVAL of sse_server_new() is an option we passed on from the command line. */
  if (rc == SSE_EINVAL) return cli_usage_error("%s", sse_error_last()->message);
  if (rc != 0) return cli_library_failure("creating the server", rc);
  rc = sse_server_start(h->server);
  if (rc != 0) return cli_library_failure("starting the server", rc);
  return CLI_EXIT_OK;
}

/* One "name: URL" line per endpoint, flushed: scripts read the port from it. */
static int print_endpoints(const serve_settings *settings, const hub *h) {
  const char *colon = strrchr(settings->listen, ':');
  int host_len = (int)(colon - settings->listen);
  const char *scheme = settings->tls_cert != NULL ? "https" : "http";
  int port = sse_server_port(h->server);
  printf("events: %s://%.*s:%d%s\n", scheme, host_len, settings->listen, port, settings->path);
  if (settings->publish_path != NULL)
    printf("publish: %s://%.*s:%d%s\n", scheme, host_len, settings->listen, port,
           settings->publish_path);
  if (h->generated_token[0] != '\0') printf("token: %s\n", h->generated_token);
  if (settings->demo) printf("demo: %s://%.*s:%d/\n", scheme, host_len, settings->listen, port);
  if (fflush(stdout) != 0 || ferror(stdout)) return cli_failure("cannot write output");
  return CLI_EXIT_OK;
}

static const char *signal_name(int signal_number) {
  switch (signal_number) {
  case SIGINT: return "SIGINT";
  case SIGTERM: return "SIGTERM";
  default: return "SIGHUP";
  }
}

static void release(hub *h) {
  sse_server_free(h->server);
  sse_publisher_free(h->publisher);
  free(h->token_from_file);
  free(h->page);
}

int serve_run(const serve_settings *settings) {
  /*
   * Blocked here, before the server starts its threads (which inherit the mask),
   * so a signal waits for sigwait() below: stopping is ordinary code on this thread,
   * not a signal handler.
   */
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);

  hub h = {0};
  const char *token = NULL;
  int status = make_publisher(settings, &h);
  if (status == CLI_EXIT_OK) status = choose_token(settings, &h, &token);
  if (status == CLI_EXIT_OK) status = make_server(settings, token, &h);
  if (status == CLI_EXIT_OK) status = print_endpoints(settings, &h);
  if (status == CLI_EXIT_OK) {
    int signal_number = SIGTERM;
    while (sigwait(&stop_signals, &signal_number) != 0) {
    }
    /* A second signal ends the process at once, should the stop hang. */
    pthread_sigmask(SIG_UNBLOCK, &stop_signals, NULL);
    sse_server_stop(h.server, STOP_TIMEOUT_MS);
    fprintf(stderr, "sse: stopped: interrupted (%s)\n", signal_name(signal_number));
  }
  release(&h);
  return status;
}
