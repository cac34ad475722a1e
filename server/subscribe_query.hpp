// The query of a subscribe request: `topic=a&topic=b&lastEventId=42`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "status.hpp"

namespace sse::server {

struct SubscribeQuery {
  std::vector<std::string> topics;           // in order, duplicates removed
  std::optional<std::string> last_event_id;  // `lastEventId`, for clients without headers
};

// At least one topic is required. Topic names are only decoded here; the publisher
// validates them (UTF-8, no CR, LF or NUL) when the subscriber is created. Other
// parameters are ignored (cache busters such as `_=1700000000`). Failures are
// SSE_EINVAL with a message for the 400 reply.
Status parse_subscribe_query(std::string_view query, SubscribeQuery &out);

}  // namespace sse::server
