// Strict non-negative decimal numbers for `retry` (digits only, no sign, no
// spaces, no overflow).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sse::server {

std::optional<int64_t> parse_decimal(std::string_view s);

}  // namespace sse::server
