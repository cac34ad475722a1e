#include "ids.hpp"

#include <sys/random.h>

#include <charconv>
#include <cstring>

#include "../utf8.hpp"
#include "clock.hpp"

namespace sse::core {

Outcome validate_epoch(std::string_view epoch) {
  if (epoch.empty()) return {Status::invalid, "epoch is empty (leave it absent for a random one)"};
  if (epoch.size() > max_epoch_bytes) return {Status::invalid, "epoch is longer than 64 bytes"};
  if (epoch.find_first_of(std::string_view("-\r\n\0", 4)) != std::string_view::npos)
    return {Status::invalid, "epoch contains '-', CR, LF or NUL"};
  if (utf8::first_invalid(epoch) != utf8::npos) return {Status::invalid, "epoch is not valid UTF-8"};
  return {};
}

std::string_view random_epoch(char (&out)[13]) {
  unsigned char bytes[6];
  if (getrandom(bytes, sizeof bytes, GRND_NONBLOCK) != static_cast<ssize_t>(sizeof bytes)) {
    // No entropy yet (early boot): the time still tells restarts apart.
    std::uint64_t t = monotonic_ms() ^ reinterpret_cast<std::uintptr_t>(&out);
    std::memcpy(bytes, &t, sizeof bytes);
  }
  static const char hex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < sizeof bytes; ++i) {
    out[2 * i] = hex[bytes[i] >> 4];
    out[2 * i + 1] = hex[bytes[i] & 15];
  }
  out[12] = '\0';
  return {out, 12};
}

std::string_view format_id(char (&out)[max_generated_id_bytes], std::string_view epoch,
                           std::uint64_t n) {
  std::memcpy(out, epoch.data(), epoch.size());
  out[epoch.size()] = '-';
  char *end = std::to_chars(out + epoch.size() + 1, out + sizeof out, n).ptr;
  return {out, static_cast<std::size_t>(end - out)};
}

Outcome validate_caller_id(std::string_view id, std::string_view epoch) {
  if (id.empty()) return {Status::invalid, "id is empty (leave it absent for a generated one)"};
  if (id.size() > epoch.size() && id.substr(0, epoch.size()) == epoch && id[epoch.size()] == '-')
    return {Status::invalid, "ids starting with '<epoch>-' are reserved for generated ids"};
  return {};
}

std::optional<GeneratedId> parse_generated_id(std::string_view id) {
  std::size_t dash = id.find('-');
  if (dash == 0 || dash == std::string_view::npos || dash + 1 == id.size()) return std::nullopt;
  std::uint64_t n = 0;
  const char *first = id.data() + dash + 1, *last = id.data() + id.size();
  auto [end, ec] = std::from_chars(first, last, n);
  if (ec != std::errc() || end != last) return std::nullopt;
  return GeneratedId{id.substr(0, dash), n};
}

}  // namespace sse::core
