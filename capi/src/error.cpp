#include "error.hpp"

#include <cstdarg>
#include <cstdio>

#include <sse/common.h>

namespace sse::capi {
namespace {

struct LastError {
  char message[512] = "";
  sse_error view{0, message};
};

// One record per thread (house style B7): a failure on one thread never overwrites
// what another thread is about to read.
thread_local LastError last_error;

}  // namespace

int set_error(int code, const char *format, ...) {
  va_list args;
  va_start(args, format);
  std::vsnprintf(last_error.message, sizeof last_error.message, format, args);
  va_end(args);
  last_error.view.code = code;
  return code;
}

}  // namespace sse::capi

extern "C" {

SSE_API const char *sse_strerror(int code) {
  switch (code) {
    case SSE_OK: return "Success";
    case SSE_PAUSED: return "Paused";
#define SSE_STRERROR_CASE(name, value, text) \
  case value: return text;
    SSE_ERROR_MAP(SSE_STRERROR_CASE)
#undef SSE_STRERROR_CASE
    default: return "Unknown error";
  }
}

SSE_API const sse_error *sse_error_last(void) { return &sse::capi::last_error.view; }

SSE_API void sse_error_clear(void) {
  sse::capi::last_error.message[0] = '\0';
  sse::capi::last_error.view.code = 0;
}

SSE_API int sse_is_fatal(int code) {
  return code == SSE_ENOMEM || code == SSE_EINTERNAL;
}

}  // extern "C"
