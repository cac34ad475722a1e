// Percent-decoding of URL query components and form bodies (RFC 3986 / WHATWG
// application/x-www-form-urlencoded), strict: a `%` not followed by two hex digits
// is an error rather than kept literally, so malformed input is refused, not guessed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sse::server {

// `plus_is_space`: form encoding turns `+` into a space; a URL path does not.
// Returns nullopt on a malformed escape. The result may hold any bytes (including
// NUL and invalid UTF-8): whoever uses it validates for its purpose.
std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space);

}  // namespace sse::server
