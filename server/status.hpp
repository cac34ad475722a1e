// A result with a message: how the engine reports failures to the C shims, which
// record them for sse_error_last().
#pragma once

#include <string>
#include <utility>

namespace sse::server {

struct Status {
  int code = 0;         // 0 or an SSE_E* code
  std::string message;  // why, for sse_error_last()

  static Status ok() { return {}; }
  static Status fail(int c, std::string m) { return {c, std::move(m)}; }
  explicit operator bool() const { return code != 0; }  // true = failed
};

}  // namespace sse::server
