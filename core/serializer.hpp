// Writes the event stream format (spec rule S8) so that it cannot be misread: values
// that would change the framing are refused, never altered, and a refused write
// leaves the output untouched.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory_resource>
#include <optional>
#include <string>
#include <string_view>

#include "status.hpp"

namespace sse::core {

struct OutgoingEvent {
  std::optional<std::string_view> type;  // absent or empty: no `event:` line
  std::optional<std::string_view> data;  // absent: no `data:` line (never dispatched)
  std::optional<std::string_view> id;    // present and empty: `id:` resets the client's id
};

class Serializer {
 public:
  Serializer(std::size_t max_pending_bytes, std::pmr::memory_resource *memory);

  Outcome write_event(const OutgoingEvent &event);
  Outcome write_comment(std::string_view text);
  Outcome write_keepalive();
  Outcome write_retry(std::uint64_t milliseconds);

  std::string_view pending() const;
  // Drops the first `n` pending bytes; the caller checks n <= pending().size().
  void consume(std::size_t n);
  void reset();

 private:
  // Reserves room for `bytes` more, or says why not. Reserving first is what makes
  // every write all-or-nothing, std::bad_alloc included.
  Outcome make_room(std::size_t bytes);
  void append_lines(std::string_view prefix_nonempty, std::string_view prefix_empty,
                    std::string_view text);

  std::size_t max_pending_bytes_;
  std::pmr::string buffer_;
  std::size_t head_ = 0;  // bytes of buffer_ already consumed
};

}  // namespace sse::core
