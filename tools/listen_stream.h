/* Driving an sse_client for `sse listen`, independent of the command line. */
#ifndef SSE_TOOLS_LISTEN_STREAM_H
#define SSE_TOOLS_LISTEN_STREAM_H

#include "common_settings.h"

#include <sse/sse.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct listen_settings {
  const char *url;
  common_settings common;
  const sse_header *headers;  /* from -H, in command-line order */
  size_t header_count;
  const char *method;         /* NULL: the library's GET (or POST with a body) */
  const char *body;           /* NULL: no body */
  const char *ca_file;        /* NULL: the system store */
  bool insecure;
  bool no_reconnect;
  uint64_t idle_timeout_ms;   /* 0: off */
  uint64_t read_timeout_ms;   /* 0: off */
  uint64_t max_attempts;      /* 0: never give up */
  uint64_t retry_ms;          /* 0: the library's default */
} listen_settings;

/*
 * Connect to settings->url and print every item in the chosen format, flushed as
 * it arrives, with connection status lines on stderr, until the client stops: by
 * policy (204, a bad response, giving up, --no-reconnect) or because SIGINT,
 * SIGTERM or SIGHUP arrived. Returns an exit status: CLI_EXIT_OK after a signal,
 * a 204 or (with --no-reconnect) a stream the server ended cleanly; CLI_EXIT_FAILURE
 * otherwise; CLI_EXIT_USAGE when the library rejected the request (bad URL or
 * header) before anything was sent.
 */
int listen_stream(const listen_settings *settings);

#endif
