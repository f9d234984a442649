#include "util/time.hpp"

#include <chrono>
#include <ctime>

namespace st {
namespace {

// Reads exactly `digits` decimal digits at `pos`.
bool read_number(std::string_view s, std::size_t& pos, int digits, int& out) {
  if (pos + static_cast<std::size_t>(digits) > s.size()) return false;
  out = 0;
  for (int i = 0; i < digits; ++i) {
    const char c = s[pos + static_cast<std::size_t>(i)];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += static_cast<std::size_t>(digits);
  return true;
}

bool accept(std::string_view s, std::size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's civil algorithm).
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * static_cast<unsigned>(m + (m > 2 ? -3 : 9)) + 2) / 5 +
                       static_cast<unsigned>(d) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

}  // namespace

Result<UnixSeconds> parse_time(std::string_view text) {
  const auto bad = [&] {
    return fail("invalid time '{}': expected ISO 8601 such as 2021-06-08T15:40:00Z", text);
  };
  std::size_t pos = 0;
  int year, month, day, hour = 0, minute = 0, second = 0;
  if (!read_number(text, pos, 4, year) || !accept(text, pos, '-') ||
      !read_number(text, pos, 2, month) || !accept(text, pos, '-') ||
      !read_number(text, pos, 2, day)) {
    return bad();
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return bad();
  int offset_seconds = 0;
  if (pos < text.size()) {
    if (!accept(text, pos, 'T') && !accept(text, pos, 't') && !accept(text, pos, ' ')) {
      return bad();
    }
    if (!read_number(text, pos, 2, hour) || !accept(text, pos, ':') ||
        !read_number(text, pos, 2, minute)) {
      return bad();
    }
    if (accept(text, pos, ':')) {
      if (!read_number(text, pos, 2, second)) return bad();
      if (accept(text, pos, '.') || accept(text, pos, ',')) {
        const std::size_t start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
        if (pos == start) return bad();
      }
    }
    if (hour > 23 || minute > 59 || second > 60) return bad();
    if (accept(text, pos, 'Z') || accept(text, pos, 'z')) {
      // UTC
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
      const int sign = text[pos] == '-' ? -1 : 1;
      ++pos;
      int oh, om = 0;
      if (!read_number(text, pos, 2, oh)) return bad();
      accept(text, pos, ':');
      if (pos < text.size() && !read_number(text, pos, 2, om)) return bad();
      if (oh > 23 || om > 59) return bad();
      offset_seconds = sign * (oh * 3600 + om * 60);
    }
    if (pos != text.size()) return bad();
  }
  if (second == 60) second = 59;  // a leap second is held at the minute's last second
  const std::int64_t days = days_from_civil(year, month, day);
  return UnixSeconds{days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds};
}

std::string format_time(UnixSeconds seconds) {
  // Plain arithmetic rather than gmtime_r, which takes the time zone lock on every call:
  // listings format two times per story.
  std::int64_t days = seconds / 86400;
  std::int64_t rest = seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  // Howard Hinnant's civil_from_days.
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", year, month, day, rest / 3600,
                     rest / 60 % 60, rest % 60);
}

Result<void> check_capture_time(UnixSeconds seconds) {
  if (seconds >= 0) return {};
  return fail("capture time {} is before 1970-01-01T00:00:00Z, which git cannot record",
              format_time(seconds));
}

UnixSeconds now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace st
