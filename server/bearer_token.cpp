#include "bearer_token.hpp"

#include <cstddef>

#include "ascii.hpp"

namespace sse::server {

bool bearer_token_matches(std::string_view authorization, std::string_view token) {
  static constexpr std::string_view kScheme = "Bearer ";
  if (token.empty() || authorization.size() < kScheme.size() ||
      !ascii_iequals(authorization.substr(0, kScheme.size()), kScheme))
    return false;
  std::string_view guess = authorization.substr(kScheme.size());
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
