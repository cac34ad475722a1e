/* `sse publish`'s request: one POST of a form-encoded event to the server's publish
 * endpoint through libcurl, and what its reply means for the exit status. */
#ifndef SSE_TOOLS_PUBLISH_POST_H
#define SSE_TOOLS_PUBLISH_POST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct publish_request {
  const char *url;
  const char *const *topics; /* at least one */
  size_t topic_count;
  const char *type;          /* NULL: none */
  const char *id;            /* NULL: the server assigns one */
  const char *retry;         /* NULL: none; else validated decimal milliseconds */
  const char *token;         /* NULL: no Authorization header */
  const char *data;          /* the event's data (may hold line ends) */
  size_t data_len;
  bool insecure;             /* do not verify the server's certificate */
  const char *ca_file;       /* NULL: the system store */
  uint64_t timeout_ms;       /* the whole exchange */
} publish_request;

/*
 * Send the request. On a 2xx reply print the id it assigned on stdout and return
 * CLI_EXIT_OK; on any other status print the server's message on stderr and return
 * CLI_EXIT_FAILURE, as for a transfer that failed.
 */
int publish_post(const publish_request *request);

#endif
