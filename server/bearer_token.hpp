// Checking `Authorization: Bearer <token>` without leaking, through timing, how
// much of a guess was right.
#pragma once

#include <string_view>

namespace sse::server {

// True when `authorization` (the header value, may be empty) is `Bearer <token>`
// (scheme case-insensitive). The comparison takes the same time wherever the first
// difference is, and its duration depends only on the length of the guess.
bool bearer_token_matches(std::string_view authorization, std::string_view token);

}  // namespace sse::server
