// Splitting `a=1&b=2` (a URL query or a form body) into decoded name/value pairs.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "status.hpp"

namespace sse::server {

using FormPairs = std::vector<std::pair<std::string, std::string>>;

// Empty segments (`a=1&&b=2`, a trailing `&`) are skipped; a segment without `=`
// is a name with an empty value. A malformed percent escape is SSE_EINVAL with a
// message naming the parameter. `what` ("query", "form body") prefixes messages.
Status parse_form_pairs(std::string_view in, const char *what, FormPairs &out);

}  // namespace sse::server
