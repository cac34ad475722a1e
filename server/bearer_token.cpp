#include "bearer_token.hpp"

#include <cstddef>

namespace sse::server {

namespace {
bool scheme_is_bearer(std::string_view s) {
  static constexpr std::string_view kBearer = "bearer ";
  if (s.size() < kBearer.size()) return false;
  for (std::size_t i = 0; i < kBearer.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kBearer[i]) return false;
  }
  return true;
}
}  // namespace

bool bearer_token_matches(std::string_view authorization, std::string_view token) {
  if (token.empty() || !scheme_is_bearer(authorization)) return false;
  std::string_view guess = authorization.substr(7);
  // Every byte of the guess is compared (against the token cyclically), so neither
  // an early mismatch nor the token's length shows in the time taken.
  unsigned diff = guess.size() == token.size() ? 0u : 1u;
  for (std::size_t i = 0; i < guess.size(); ++i)
    diff |= static_cast<unsigned char>(guess[i]) ^ static_cast<unsigned char>(token[i % token.size()]);
  // `volatile` keeps the compiler from turning the loop into an early exit.
  volatile unsigned result = diff;
  return result == 0;
}

}  // namespace sse::server
