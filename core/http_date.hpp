// HTTP-date (RFC 9110 section 5.6.7), parsed without the C library: no locale (day
// and month names are English whatever LC_TIME says) and no time zone (HTTP dates are
// always GMT).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sse::core {

// Seconds since the Unix epoch for any of the three forms, the whole of `text`:
//   IMF-fixdate            Sun, 06 Nov 1994 08:49:37 GMT   (what senders must use)
//   obsolete RFC 850 form  Sunday, 06-Nov-94 08:49:37 GMT
//   obsolete asctime form  Sun Nov  6 08:49:37 1994
// Names are matched ASCII case-insensitively (recipients should be robust); the
// weekday is not checked against the date. An RFC 850 two-digit year is the year
// with those digits nearest to `now_unix_s`, no more than 50 years ahead of it (RFC
// 9110: a date more than 50 years in the future is in the previous century).
// nullopt for anything else, including impossible dates such as 31 Apr.
std::optional<std::int64_t> parse_http_date(std::string_view text, std::int64_t now_unix_s);

}  // namespace sse::core
