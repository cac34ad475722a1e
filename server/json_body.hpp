// application/json publish bodies: one object
// `{"topic":"a" | "topics":["a","b"], "data":"...", "type":"...", "id":"...", "retry":1000}`.
#pragma once

#include <string_view>

#include "publish_request.hpp"
#include "status.hpp"

namespace sse::server {

// A strict reader of exactly that shape (RFC 8259 strings with every escape, lone
// surrogates refused; `retry` a non-negative integer; no other members, no nesting,
// nothing after the object). Failures are SSE_EINVAL with the byte offset.
Status decode_json_body(std::string_view body, PublishRequest &out);

}  // namespace sse::server
