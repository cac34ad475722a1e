// Picking the decoder of a publish body by its Content-Type.
#pragma once

#include <string_view>

#include "publish_request.hpp"
#include "status.hpp"

namespace sse::server {

// `content_type` may carry parameters (`application/json; charset=utf-8`); the
// media type is matched case-insensitively. Anything but form encoding and JSON is
// SSE_EINVAL ("unsupported content type").
Status decode_publish_body(std::string_view content_type, std::string_view body,
                           PublishRequest &out);

}  // namespace sse::server
