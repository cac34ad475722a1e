// What a hub and a subscriber are configured with (the C API's options, converted and
// checked).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "clock.hpp"
#include "frame_builder.hpp"
#include "message.hpp"

namespace sse::core {

enum class SlowPolicy { disconnect, drop_oldest, block };

// Values match the public sse_close_reason.
enum class CloseReason : int { none = 0, by_caller = 1, slow = 2, publisher = 3 };

struct HubSettings {
  std::size_t history_events = 1024;
  std::size_t history_bytes = 4u << 20;
  std::size_t queue_bytes = 1u << 20;
  SlowPolicy slow_policy = SlowPolicy::disconnect;
  std::uint32_t block_timeout_ms = 1000;
  std::uint64_t keep_alive_ms = 15000;  // 0: off
  GapStyle gap_notice = GapStyle::event;
  std::size_t max_event_bytes = 1u << 20;
  std::size_t max_subscribers = 100000;
  std::optional<std::string_view> epoch;  // absent: random
  Clock clock;
};

// Called on the empty -> non-empty edge and on a close by the hub (never with a lock of
// the subscriber held).
struct ReadyNotify {
  void (*fn)(void *context) = nullptr;
  void *context = nullptr;
};

struct SubscribeRequest {
  const std::string_view *topics = nullptr;
  std::size_t n_topics = 0;
  std::optional<std::string_view> last_event_id;  // absent or empty: live only
  const OutgoingMessage *initial = nullptr;
  std::optional<std::uint64_t> retry_ms;
  std::size_t queue_bytes = 0;                  // 0: the hub's
  std::optional<SlowPolicy> slow_policy;        // absent: the hub's
  std::optional<std::uint64_t> keep_alive_ms;   // absent: the hub's; 0: off
  ReadyNotify on_ready;
};

struct HubStats {
  std::uint64_t subscribers = 0;
  std::uint64_t published = 0;
  std::uint64_t delivered = 0;
  std::uint64_t dropped = 0;
  std::uint64_t disconnected_slow = 0;
  std::uint64_t bytes_queued = 0;
  std::uint64_t history_events = 0;
  std::uint64_t history_bytes = 0;
};

}  // namespace sse::core
