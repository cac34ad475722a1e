/**
 * @file sse/sse.h
 * @brief libsse: Server-Sent Events for C. Include this umbrella header.
 *
 * @section threading Threading
 * 1. The library has no global mutable state and no global init or cleanup call;
 *    different handles are fully independent.
 * 2. A handle must not be used by two threads at the same time. It may move
 *    between threads.
 * 3. Callbacks run on the thread that called the driving function (for example
 *    sse_parser_feed()), inside that call.
 * 4. Always thread-safe: sse_version(), sse_version_string(), sse_strerror(),
 *    sse_error_last() and sse_error_clear() (per thread), sse_is_fatal() and every
 *    sse_*_options_init() / sse_*_callbacks_init().
 * 5. Any other function meant for cross-thread use says "Thread-safe:" in its doc.
 * 6. Allocator hooks must be thread-safe if handles sharing them run on different
 *    threads.
 *
 * @section ownership Ownership
 * - Strings and structs passed in are copied before the call returns.
 * - Views (sse_str) handed to callbacks are valid only until the callback returns;
 *   getters return views valid until the next mutating call on the handle.
 * - No function returns memory the caller must free.
 *
 * @section errors Errors
 * Every fallible function returns int: 0 success, > 0 informational success
 * (SSE_PAUSED), < 0 an sse_error_code. sse_error_last() holds a message for the
 * latest failure on the calling thread. NULL handles give SSE_EINVAL; `_free(NULL)`
 * does nothing.
 *
 * @section features Optional parts
 * The client (<sse/client.h>) and the embedded server (<sse/server.h>) may be left
 * out when libsse is built; <sse/features.h> says how to tell at compile time
 * (SSE_HAS_CLIENT, SSE_HAS_SERVER) and at run time (sse_features()). This header
 * includes a part's header only when the part is built.
 */
#ifndef SSE_SSE_H
#define SSE_SSE_H

#include "common.h"
#include <sse/version.h>  /* generated; lives in the build tree until installed */
#include <sse/features.h> /* generated, like version.h */
#include "parser.h"
#include "serializer.h"
#include "publisher.h"
#if SSE_HAS_CLIENT
#include "client.h"
#endif
#if SSE_HAS_SERVER
#include "server.h"
#endif

#endif /* SSE_SSE_H */
