/* What `sse serve` takes from its command line (cmd_serve.c) for serve_run.c. */
#ifndef SSE_TOOLS_SERVE_SETTINGS_H
#define SSE_TOOLS_SERVE_SETTINGS_H

#include <sse/publisher.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct serve_settings {
  const char *listen;             /* "host:port" */
  const char *path;               /* subscribe path */
  const char *publish_path;       /* NULL: --no-publish */
  const char *publish_token;      /* NULL: read the file, or make a random one */
  const char *publish_token_file;
  const char *const *cors_origins;
  size_t cors_origin_count;
  bool has_history;               /* --history given */
  size_t history;                 /* events kept for replay; 0 = none */
  size_t history_bytes;           /* 0: the publisher's default */
  bool has_keep_alive;
  uint32_t keep_alive_ms;         /* 0 = off */
  sse_slow_policy slow_policy;    /* SSE_SLOW_INHERIT: the publisher's default */
  size_t queue_bytes;             /* 0: the publisher's default */
  size_t max_connections;         /* 0: the server's default */
  unsigned threads;               /* event-loop threads; 0 = one per core */
  int64_t retry_ms;               /* retry hint to new subscribers; < 0 none */
  const char *tls_cert;
  const char *tls_key;
  bool demo;                      /* serve the demo page at "/" */
} serve_settings;

/* Serve until SIGINT, SIGTERM or SIGHUP; return the exit status. */
int serve_run(const serve_settings *settings);

#endif
