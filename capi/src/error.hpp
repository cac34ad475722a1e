// Recording failures for sse_error_last(): every shim returns through set_error.
#pragma once

namespace sse::capi {

// Records `code` and a printf-style message for the calling thread; returns `code`.
// Never allocates, so it is safe while reporting SSE_ENOMEM.
int set_error(int code, const char *format, ...) __attribute__((format(printf, 2, 3)));

}  // namespace sse::capi
