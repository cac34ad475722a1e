// URLs of the client, read with libcurl's own URL parser (the one that will send
// them): well-formedness where a URL is set or a redirect names one, and the origin
// that decides where the caller's credentials may go.
#pragma once

#include "client_memory.hpp"

namespace sse::capi {

// 0 when `url` is a well-formed http:// or https:// URL; otherwise records
// SSE_EINVAL as "<where>: <what> '<url>' is not ...: <reason>" and returns it.
int check_url(const char *where, const char *what, const char *url);

// The origin of a well-formed URL as "scheme://host:port": scheme and host in
// lower case, the scheme's default port filled in, so equal origins compare equal.
// Empty when the URL does not parse. Throws std::bad_alloc (pmr).
void url_origin(const char *url, String &out);

// Resolves a redirect's `Location` value against the URL that answered it, as
// libcurl does when it follows it. true when the target is a well-formed http(s)
// URL; else false, with curl's reason (or "not http or https") in `reason`.
bool redirect_target_ok(const char *base, const char *location, const char *&reason);

}  // namespace sse::capi
