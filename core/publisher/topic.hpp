// Topic names: UTF-8, non-empty, without CR, LF or NUL (LF also separates the topics
// stored in a frame).
#pragma once

#include <string_view>

#include "../status.hpp"

namespace sse::core {

Outcome validate_topic(std::string_view topic);

}  // namespace sse::core
