// One message to publish, as the core sees it (the C API's sse_message, converted).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sse::core {

struct OutgoingMessage {
  std::optional<std::string_view> type;
  std::optional<std::string_view> data;  // present: an event (gets an id, kept in history)
  std::optional<std::string_view> id;    // absent: the hub assigns one
  std::optional<std::uint64_t> retry_ms;
  std::optional<std::string_view> comment;

  bool is_event() const { return data.has_value(); }
};

}  // namespace sse::core
