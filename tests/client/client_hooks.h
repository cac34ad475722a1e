/* Recorder hooks (cr_hook) that several client suites install: the decisions an
 * application most often takes in a callback. */
#ifndef SSE_TEST_CLIENT_HOOKS_H
#define SSE_TEST_CLIENT_HOOKS_H

#include "../support/client_recorder.h"

/* Returns SSE_PAUSE: sse_client_run() comes back with the callback's work pending. */
int fx_hook_pause(client_recorder *r, sse_client *c, const cr_record *rec,
                  sse_decision *d);
/* Failure/disconnect: stop instead of the library's proposal. */
int fx_hook_stop(client_recorder *r, sse_client *c, const cr_record *rec, sse_decision *d);
/* Failure/disconnect: reconnect, but only in 60 s (the client then sits in the delay,
 * for tests that act during it). */
int fx_hook_reconnect_in_a_minute(client_recorder *r, sse_client *c, const cr_record *rec,
                                  sse_decision *d);

#endif
