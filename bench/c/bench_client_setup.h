/*
 * How the client benchmarks (bench_client.c, bench_idle.c) configure and create a
 * libsse client, so that both measure the same client against bench/c/stream_server.c.
 */
#ifndef LIBSSE_BENCH_CLIENT_SETUP_H
#define LIBSSE_BENCH_CLIENT_SETUP_H

#include <sse/sse.h>

#include <stdio.h>

/* HTTP/1.1 (what stream_server speaks) and no jitter (nothing random in a measurement). */
static inline sse_client_options bench_client_options(const char *url) {
  sse_client_options opts = SSE_CLIENT_OPTIONS_INIT;
  opts.url = url;
  opts.http_version = 11;
  opts.jitter_percent = 0;
  return opts;
}

/* sse_client_new(), saying why on stderr when it fails (then NULL). */
static inline sse_client *bench_client_new(const sse_client_options *opts,
                                           const sse_client_callbacks *cbs, void *user_data) {
  sse_client *c = NULL;
  if (sse_client_new(&c, opts, cbs, user_data) != 0) {
    fprintf(stderr, "sse_client_new: %s\n", sse_error_last()->message);
    return NULL;
  }
  return c;
}

#endif
