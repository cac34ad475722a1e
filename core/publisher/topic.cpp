#include "topic.hpp"

#include "../utf8.hpp"

namespace sse::core {

Outcome validate_topic(std::string_view topic) {
  if (topic.empty()) return {Status::invalid, "topic is empty"};
  if (topic.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos)
    return {Status::invalid, "topic contains CR, LF or NUL"};
  if (utf8::first_invalid(topic) != utf8::npos) return {Status::invalid, "topic is not valid UTF-8"};
  return {};
}

}  // namespace sse::core
