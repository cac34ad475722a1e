// The value the parser dispatches: views valid only during the handler call.
#pragma once

#include <string_view>

namespace sse::core {

struct Event {
  std::string_view type;  // "message" unless the stream named a type (P24)
  std::string_view data;  // data lines joined with LF (P17, P23)
  std::string_view id;    // last event ID string at dispatch (P21)
};

}  // namespace sse::core
