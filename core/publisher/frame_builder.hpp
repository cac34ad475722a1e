// Serializing once: messages and gap notices become frames through the
// injection-proof serializer.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "../status.hpp"
#include "frame.hpp"
#include "message.hpp"

namespace sse::core {

// Checks `m` and serializes it (with `id` for an event) into a new frame of at most
// `max_bytes`. On success `*out` holds one reference.
Outcome build_frame(SharedResource &memory, const OutgoingMessage &m, std::string_view id,
                    std::string_view topics_joined, std::size_t max_bytes, Frame **out);

// A `retry:` hint followed by the initial message, as one frame (neither is an event of
// the history). nullptr when there is nothing to send.
Outcome build_preamble(SharedResource &memory, std::optional<std::uint64_t> retry_ms,
                       const OutgoingMessage *initial, std::size_t max_bytes, Frame **out);

enum class GapStyle { event, comment, off };
enum class GapReason { expired, unknown, epoch, dropped };

// The notice that events were missed after `last_id` (nullopt: none), or nullptr for
// GapStyle::off. Throws std::bad_alloc.
Frame *build_gap_notice(SharedResource &memory, GapStyle style, GapReason reason,
                        std::optional<std::string_view> last_id);

}  // namespace sse::core
