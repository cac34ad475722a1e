// Pure decisions of the reconnecting client (rules M4, M7, M10, H3), kept apart from
// the libcurl driver so they read as the rules they implement.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string_view>

namespace sse::core {

// 'A'-'Z' lowered, every other byte as is: never the C library's tolower, which
// follows the caller's locale (in tr_TR, 'I' does not lower to 'i').
constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
// ASCII case-insensitive equality, as HTTP compares header names and MIME types.
bool iequals_ascii(std::string_view a, std::string_view b);
// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
std::string_view trim_ows(std::string_view s);

// M4(d): true when the MIME essence of a Content-Type value is text/event-stream
// (type and subtype case-insensitive, parameters ignored, surrounding spaces allowed).
bool is_event_stream(std::string_view content_type);

// `Retry-After` as delta-seconds or an HTTP-date (any of RFC 9110's three forms, read
// the same under every locale), in milliseconds from `now_unix_ms`
// (never negative). nullopt when the value is neither.
std::optional<std::uint64_t> parse_retry_after(std::string_view value, std::int64_t now_unix_ms);

// H3 and header hygiene: a value may not contain NUL, CR or LF (it would split the
// request); a header name must be a non-empty HTTP token.
bool is_safe_header_value(std::string_view value);
bool is_header_name(std::string_view name);
bool is_method_token(std::string_view method);

// Reconnection delay (M7 step 2-3): the reconnection time, doubled for each
// consecutive unhealthy attempt, capped, plus random jitter; never below the
// reconnection time itself.
class Backoff {
 public:
  struct Settings {
    std::uint64_t max_backoff_ms;
    std::uint64_t reset_after_ms;
    unsigned jitter_percent;
  };
  explicit Backoff(Settings settings);

  // A failed attempt; or the end of a stream that was open for `open_ms`. A stream
  // that delivered events was healthy, however it ended: the next reconnection waits
  // only the reconnection time (M6), so a server that drops long streams now and then
  // is not pushed towards the cap. Streams that deliver nothing keep doubling until
  // one stays up for `reset_after_ms`.
  void failed() { ++streak_; }
  void disconnected(std::uint64_t open_ms, bool delivered_events);
  // The delay for the next attempt given the reconnection time in effect.
  std::uint64_t next_delay(std::uint64_t reconnection_ms);
  std::uint64_t streak() const { return streak_; }

 private:
  Settings settings_;
  std::uint64_t streak_ = 0;  // consecutive attempts since the last healthy stream
  std::minstd_rand rng_;
};

}  // namespace sse::core
