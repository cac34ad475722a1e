#include "client_policy.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

#include "http_date.hpp"

namespace sse::core {

namespace {

// ASCII only, whatever the C locale says (in Latin-1 locales isalnum(0xE9) is true).
bool is_ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// RFC 9110 tchar.
bool is_tchar(char c) {
  if (is_ascii_alnum(c)) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

}  // namespace

bool iequals_ascii(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_event_stream(std::string_view content_type) {
  std::string_view essence = content_type.substr(0, content_type.find(';'));
  return iequals_ascii(trim_ows(essence), "text/event-stream");
}

std::optional<std::uint64_t> parse_retry_after(std::string_view value, std::int64_t now_unix_ms) {
  value = trim_ows(value);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(),
                  [](char c) { return c >= '0' && c <= '9'; })) {
    std::uint64_t seconds = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec != std::errc() || end != value.data() + value.size())
      seconds = std::numeric_limits<std::uint64_t>::max() / 1000;  // absurdly large: cap
    return std::min(seconds, std::numeric_limits<std::uint64_t>::max() / 1000) * 1000;
  }
  std::optional<std::int64_t> at_s = parse_http_date(value, now_unix_ms / 1000);
  if (!at_s) return std::nullopt;
  std::int64_t at_ms = *at_s * 1000;  // four-digit years: far from overflowing
  return at_ms > now_unix_ms ? static_cast<std::uint64_t>(at_ms - now_unix_ms) : 0;
}

bool is_safe_header_value(std::string_view value) {
  return value.find_first_of(std::string_view("\0\r\n", 3)) == std::string_view::npos;
}

bool is_header_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), is_tchar);
}

bool is_method_token(std::string_view method) { return is_header_name(method); }

Backoff::Backoff(Settings settings)
    : settings_(settings), rng_(static_cast<unsigned>(std::random_device{}())) {}

void Backoff::disconnected(std::uint64_t open_ms, bool delivered_events) {
  // A stream that stayed up long enough, or carried events, starts a fresh series.
  if (open_ms >= settings_.reset_after_ms || delivered_events)
    streak_ = 0;
  else
    ++streak_;
}

std::uint64_t Backoff::next_delay(std::uint64_t reconnection_ms) {
  std::uint64_t delay = reconnection_ms;
  for (std::uint64_t i = 1; i < streak_ && delay < settings_.max_backoff_ms; ++i)
    delay = delay > std::numeric_limits<std::uint64_t>::max() / 2 ? delay : delay * 2;
  std::uint64_t jitter_span = delay / 100 * settings_.jitter_percent +
                              delay % 100 * settings_.jitter_percent / 100;
  if (jitter_span > 0) delay += std::uniform_int_distribution<std::uint64_t>(0, jitter_span)(rng_);
  // The cap bounds the backoff, never the server's own `retry` (M7 step 2 waits at
  // least the reconnection time).
  return std::max(reconnection_ms, std::min(delay, settings_.max_backoff_ms));
}

}  // namespace sse::core
