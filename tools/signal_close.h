/*
 * Ctrl-C, `kill` and a closed terminal stop `sse listen` cleanly: SIGINT, SIGTERM
 * and SIGHUP close the running client, so sse_client_run() returns and the program
 * finishes its output and exits normally.
 *
 * Why a thread and not a signal handler: sse_client_close() is documented as
 * thread-safe, not as async-signal-safe (it may take a lock that the interrupted
 * code holds). So the signals are blocked in every thread and one watcher thread
 * takes them with sigwait() and calls sse_client_close() as ordinary code. Blocking
 * them everywhere also keeps libcurl's resolver threads from receiving them.
 */
#ifndef SSE_TOOLS_SIGNAL_CLOSE_H
#define SSE_TOOLS_SIGNAL_CLOSE_H

#include <sse/sse.h>

/*
 * Block the signals in the calling thread (and so in every thread it creates
 * afterwards) and start the watcher. Call it before any other thread exists.
 * A second signal ends the process at once with status 128 + its number, for
 * the case where closing hangs. Return 0, or -1 after a message on stderr.
 */
int signal_close_start(void);

/*
 * Make the watcher close `client` on a signal (NULL: close nothing). A signal that
 * came before the client was attached closes it at once. Detaching waits for a
 * close in progress, so the client can be freed once this returns.
 */
void signal_close_attach(sse_client *client);

/* Stop the watcher (after detaching the client). The signals stay blocked, so
 * one that comes later no longer interrupts anything: the program is finishing. */
void signal_close_stop(void);

/* The name of the first signal received ("SIGINT"), or NULL when none came. */
const char *signal_close_received(void);

#endif
