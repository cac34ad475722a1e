/* Shared steps of the publisher suites: publishing short text events, subscribing,
 * and reading a subscriber's whole output as text. Needs cmocka: it asserts. */
#ifndef SSE_TEST_PUB_FIXTURE_H
#define SSE_TEST_PUB_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include <sse/sse.h>

#include "../support/recorder.h"

/* SSE_PUBLISHER_OPTIONS_INIT with keep-alive off and the epoch "E" (ids E-1, E-2...),
 * so outputs are exact. */
sse_publisher_options quiet_options(void);

/* sse_publisher_new with `opts`; must succeed. */
sse_publisher *open_publisher(const sse_publisher_options *opts);

/* Publish `data` (and `id` unless NULL) to one topic; must succeed. */
void publish_data(sse_publisher *p, const char *topic, const char *data, const char *id);

/* Subscribe to the NULL-terminated topics list, resuming after `last_id` (NULL:
 * none); keep-alive off; must succeed. */
sse_subscriber *subscribe(sse_publisher *p, const char *const *topics, const char *last_id);

/* Read everything ready now (sse_subscriber_read); returns a NUL-terminated malloc'd
 * copy. `rc_out` (optional) gets the last read's return code. */
char *drain(sse_subscriber *s, int *rc_out);

/* assert that drain(s) equals `want`, printing both escaped when not. */
void assert_drained(sse_subscriber *s, const char *want);

/* Ids of the events (lines "id: X") in `text`, joined with ','; malloc'd. */
char *ids_in(const char *text);

#endif
