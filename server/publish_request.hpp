// One event to publish, as decoded from a POST body (form or JSON).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sse::server {

struct PublishRequest {
  std::vector<std::string> topics;   // at least one
  std::optional<std::string> data;   // required by the decoders: a POST publishes an event
  std::optional<std::string> type;
  std::optional<std::string> id;     // absent = the hub assigns one
  int64_t retry_ms = -1;             // < 0 = none
};

}  // namespace sse::server
