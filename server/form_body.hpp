// application/x-www-form-urlencoded publish bodies:
// `topic=a&topic=b&data=...&type=...&id=...&retry=...`.
#pragma once

#include <string_view>

#include "publish_request.hpp"
#include "status.hpp"

namespace sse::server {

// Strict: unknown or repeated fields (other than `topic`), a bad `retry`, a missing
// `topic` or `data` are SSE_EINVAL with a message. Field contents (UTF-8, CR/LF in
// type or id) are checked by the publisher, which refuses them before publishing.
Status decode_form_body(std::string_view body, PublishRequest &out);

}  // namespace sse::server
