// Writing a string as a JSON string literal (for the publish reply's id).
#pragma once

#include <string>
#include <string_view>

namespace sse::server {

// `"` + s with `"`, `\` and control characters escaped + `"`. `s` is UTF-8.
std::string json_string(std::string_view s);

}  // namespace sse::server
