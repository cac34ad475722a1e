// The exception firewall every extern "C" function goes through (house style B7):
// no C++ exception ever reaches a C caller.
#pragma once

#include <exception>
#include <new>

#include <sse/common.h>

#include "error.hpp"

namespace sse::capi {

// Call only from inside a catch block: records the in-flight exception as
// SSE_ENOMEM (std::bad_alloc) or SSE_EINTERNAL and returns that code.
inline int translate_current_exception(const char *where) noexcept {
  try {
    throw;
  } catch (const std::bad_alloc &) {
    return set_error(SSE_ENOMEM, "%s: out of memory", where);
  } catch (const std::exception &e) {
    return set_error(SSE_EINTERNAL, "%s: internal error: %s", where, e.what());
  } catch (...) {
    return set_error(SSE_EINTERNAL, "%s: internal error: unknown exception", where);
  }
}

// Runs `body` (which returns an int status) behind the firewall. `where` names the
// public function for the message.
template <typename Body>
int guarded(const char *where, Body &&body) noexcept {
  try {
    return body();
  } catch (...) {
    return translate_current_exception(where);
  }
}

}  // namespace sse::capi
