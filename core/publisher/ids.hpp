// Event ids of one hub: `<epoch>-<n>`, the epoch random per publisher so that ids tell
// hub restarts apart, n counting up. Ids of that shape are reserved for the hub.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "../status.hpp"

namespace sse::core {

// Largest generated id: an epoch of at most 64 bytes, '-', 20 digits.
inline constexpr std::size_t max_epoch_bytes = 64;
inline constexpr std::size_t max_generated_id_bytes = max_epoch_bytes + 1 + 20;

// A caller-given epoch: non-empty, at most max_epoch_bytes, UTF-8, no '-', CR, LF, NUL.
Outcome validate_epoch(std::string_view epoch);

// Writes a random epoch of 12 lowercase hex digits into `out` (13 bytes) and returns it.
std::string_view random_epoch(char (&out)[13]);

// `<epoch>-<n>` into `out`; returns the view.
std::string_view format_id(char (&out)[max_generated_id_bytes], std::string_view epoch,
                           std::uint64_t n);

// A caller-given id: non-empty and not of the hub's own `<epoch>-...` shape.
Outcome validate_caller_id(std::string_view id, std::string_view epoch);

// The parts of an id of the generated shape `<e>-<digits>`, if it has that shape.
struct GeneratedId {
  std::string_view epoch;
  std::uint64_t n;
};
std::optional<GeneratedId> parse_generated_id(std::string_view id);

}  // namespace sse::core
