#include "http_date.hpp"

#include <array>

#include "client_policy.hpp"

namespace sse::core {
namespace {

constexpr std::array<std::string_view, 7> kDayNames = {"Mon", "Tue", "Wed", "Thu",
                                                        "Fri", "Sat", "Sun"};
constexpr std::array<std::string_view, 7> kLongDayNames = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
constexpr std::array<std::string_view, 12> kMonthNames = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct DateTime {
  std::int64_t year = 0;
  int month = 0;  // 1..12
  int day = 0, hour = 0, minute = 0, second = 0;
};

// Reads the grammar's pieces left to right; any mismatch makes it fail for good.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : rest_(text) {}

  Cursor &lit(std::string_view s) {
    if (ok_ && rest_.substr(0, s.size()) == s)
      rest_.remove_prefix(s.size());
    else
      ok_ = false;
    return *this;
  }

  // One of `names`; `index` gets its position.
  template <std::size_t N>
  Cursor &name(const std::array<std::string_view, N> &names, int &index) {
    if (!ok_) return *this;
    for (std::size_t i = 0; i < N; ++i) {
      if (rest_.size() >= names[i].size() &&
          iequals_ascii(rest_.substr(0, names[i].size()), names[i])) {
        rest_.remove_prefix(names[i].size());
        index = static_cast<int>(i);
        return *this;
      }
    }
    ok_ = false;
    return *this;
  }

  // Exactly `n` ASCII digits.
  template <typename Int>
  Cursor &digits(int n, Int &out) {
    if (!ok_ || rest_.size() < static_cast<std::size_t>(n)) {
      ok_ = false;
      return *this;
    }
    out = 0;
    for (int i = 0; i < n; ++i) {
      char c = rest_[static_cast<std::size_t>(i)];
      if (c < '0' || c > '9') {
        ok_ = false;
        return *this;
      }
      out = static_cast<Int>(out * 10 + (c - '0'));
    }
    rest_.remove_prefix(static_cast<std::size_t>(n));
    return *this;
  }

  // time-of-day = hour ":" minute ":" second
  Cursor &time(DateTime &t) {
    return digits(2, t.hour).lit(":").digits(2, t.minute).lit(":").digits(2, t.second);
  }

  Cursor &month(DateTime &t) {
    int index = 0;
    name(kMonthNames, index);
    t.month = index + 1;
    return *this;
  }

  bool at_end() const { return ok_ && rest_.empty(); }
  bool starts_with(char c) const { return ok_ && !rest_.empty() && rest_.front() == c; }

 private:
  std::string_view rest_;
  bool ok_ = true;
};

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's
// days_from_civil).
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// The civil year of a day count (the inverse of days_from_civil, year only).
std::int64_t year_of_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  return yoe + era * 400 + (mp >= 10 ? 1 : 0);
}

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool is_valid(const DateTime &t) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int days = kDays[t.month - 1] + (t.month == 2 && is_leap(t.year) ? 1 : 0);
  // second 60 is a leap second (RFC 9110 time-of-day).
  return t.day >= 1 && t.day <= days && t.hour <= 23 && t.minute <= 59 && t.second <= 60;
}

// RFC 850's two-digit year: the nearest year with those digits that is no more than
// 50 years after `now_year`.
std::int64_t full_year(int two_digits, std::int64_t now_year) {
  std::int64_t year = now_year - now_year % 100 + two_digits;
  if (year > now_year + 50) year -= 100;
  else if (year <= now_year - 50) year += 100;
  return year;
}

// IMF-fixdate: day-name "," SP day SP month SP year SP time-of-day SP "GMT"
std::optional<DateTime> imf_fixdate(std::string_view text) {
  DateTime t;
  int weekday = 0;
  Cursor c(text);
  c.name(kDayNames, weekday).lit(", ").digits(2, t.day).lit(" ").month(t).lit(" ");
  c.digits(4, t.year).lit(" ").time(t).lit(" GMT");
  return c.at_end() ? std::optional(t) : std::nullopt;
}

// rfc850-date: day-name-l "," SP day "-" month "-" 2DIGIT SP time-of-day SP "GMT"
std::optional<DateTime> rfc850_date(std::string_view text, std::int64_t now_unix_s) {
  DateTime t;
  int weekday = 0, yy = 0;
  Cursor c(text);
  c.name(kLongDayNames, weekday).lit(", ").digits(2, t.day).lit("-").month(t).lit("-");
  c.digits(2, yy).lit(" ").time(t).lit(" GMT");
  if (!c.at_end()) return std::nullopt;
  t.year = full_year(yy, year_of_days(now_unix_s / 86400));
  return t;
}

// asctime-date: day-name SP month SP ( 2DIGIT / ( SP 1DIGIT ) ) SP time-of-day SP year
std::optional<DateTime> asctime_date(std::string_view text) {
  DateTime t;
  int weekday = 0;
  Cursor c(text);
  c.name(kDayNames, weekday).lit(" ").month(t).lit(" ");
  if (c.starts_with(' '))
    c.lit(" ").digits(1, t.day);
  else
    c.digits(2, t.day);
  c.lit(" ").time(t).lit(" ").digits(4, t.year);
  return c.at_end() ? std::optional(t) : std::nullopt;
}

}  // namespace

std::optional<std::int64_t> parse_http_date(std::string_view text, std::int64_t now_unix_s) {
  std::optional<DateTime> t = imf_fixdate(text);
  if (!t) t = rfc850_date(text, now_unix_s);
  if (!t) t = asctime_date(text);
  if (!t || !is_valid(*t)) return std::nullopt;
  return (days_from_civil(t->year, t->month, t->day) * 24 + t->hour) * 3600 + t->minute * 60 +
         t->second;
}

}  // namespace sse::core
