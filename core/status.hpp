// Internal result codes. Values match the public SSE_E* codes one to one so capi/ can
// pass them through unchanged, but core/ never includes the C header.
#pragma once

namespace sse::core {

enum class Status : int {
  ok = 0,
  invalid = -1,
  no_memory = -2,
  busy = -3,
  limit = -4,
  version = -5,
  user = -6,
  protocol = -7,
  io = -8,
  timed_out = -9,
  closed = -10,
  internal = -11,
  field = -12,
};

// A status with a static explanation, for operations that can reject input.
struct Outcome {
  Status status = Status::ok;
  const char *message = "";
  bool ok() const { return status == Status::ok; }
};

}  // namespace sse::core
