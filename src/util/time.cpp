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
  const unsigned doy =
      (153 * static_cast<unsigned>(m + (m > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(d) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// The parts of a date and time as written.
struct DateTime {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  bool has_time = false;
  bool has_zone = false;
  int offset_minutes = 0;  // east of UTC
};

bool valid_date(const DateTime& t) {
  return t.month >= 1 && t.month <= 12 && t.day >= 1 && t.day <= days_in_month(t.year, t.month);
}

// "HH:MM[:SS[.fraction]]" at `pos`.
bool read_clock(std::string_view s, std::size_t& pos, DateTime& t) {
  if (!read_number(s, pos, 2, t.hour) || !accept(s, pos, ':') ||
      !read_number(s, pos, 2, t.minute)) {
    return false;
  }
  if (accept(s, pos, ':')) {
    if (!read_number(s, pos, 2, t.second)) return false;
    if (accept(s, pos, '.') || accept(s, pos, ',')) {
      const std::size_t start = pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      if (pos == start) return false;
    }
  }
  t.has_time = true;
  return t.hour <= 23 && t.minute <= 59 && t.second <= 60;
}

// "Z", "+HH:MM", "+HHMM" or "+HH" at `pos`; nothing is no zone.
bool read_zone(std::string_view s, std::size_t& pos, DateTime& t) {
  if (accept(s, pos, 'Z') || accept(s, pos, 'z')) {
    t.has_zone = true;
    return true;
  }
  if (pos >= s.size() || (s[pos] != '+' && s[pos] != '-')) return true;
  const int sign = s[pos] == '-' ? -1 : 1;
  ++pos;
  int oh = 0, om = 0;
  if (!read_number(s, pos, 2, oh)) return false;
  accept(s, pos, ':');
  if (pos < s.size() && !read_number(s, pos, 2, om)) return false;
  if (oh > 14 || om > 59) return false;
  t.has_zone = true;
  t.offset_minutes = sign * (oh * 60 + om);
  return true;
}

// ISO 8601 as pages and people write it: "2021-06-08", "2021-06-08T15:40Z",
// "2021-06-08 15:40:00.123+0200". The whole text must be read.
bool read_iso(std::string_view s, DateTime& t) {
  std::size_t pos = 0;
  if (!read_number(s, pos, 4, t.year) || !accept(s, pos, '-') || !read_number(s, pos, 2, t.month) ||
      !accept(s, pos, '-') || !read_number(s, pos, 2, t.day) || !valid_date(t)) {
    return false;
  }
  if (pos == s.size()) return true;
  if (!accept(s, pos, 'T') && !accept(s, pos, 't') && !accept(s, pos, ' ')) return false;
  if (!read_clock(s, pos, t)) return false;
  accept(s, pos, ' ');
  return read_zone(s, pos, t) && pos == s.size();
}

// RFC 2822 and HTTP dates: "Tue, 08 Jun 2021 15:40:00 GMT", "8 Jun 2021 15:40:00 +0200".
bool read_rfc2822(std::string_view s, DateTime& t) {
  std::size_t pos = 0;
  if (const std::size_t comma = s.find(','); comma != std::string_view::npos && comma <= 9) {
    pos = comma + 1;
  }
  while (pos < s.size() && s[pos] == ' ') ++pos;
  if (!read_number(s, pos, 2, t.day) && !read_number(s, pos, 1, t.day)) return false;
  if (!accept(s, pos, ' ') || pos + 3 > s.size()) return false;
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  std::string month(s.substr(pos, 3));
  for (char& c : month) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  for (int m = 0; m < 12; ++m) {
    if (month == kMonths[m]) t.month = m + 1;
  }
  pos += 3;
  if (t.month == 0 || !accept(s, pos, ' ') || !read_number(s, pos, 4, t.year) || !valid_date(t)) {
    return false;
  }
  if (pos == s.size()) return true;
  if (!accept(s, pos, ' ') || !read_clock(s, pos, t)) return false;
  if (pos == s.size()) return true;
  if (!accept(s, pos, ' ')) return false;
  const std::string_view zone = s.substr(pos);
  if (zone == "GMT" || zone == "UTC" || zone == "UT") {
    t.has_zone = true;
    return true;
  }
  return read_zone(s, pos, t) && t.has_zone && pos == s.size();
}

}  // namespace

Result<UnixSeconds> parse_time(std::string_view text) {
  DateTime t;
  if (!read_iso(text, t)) {
    return fail("invalid time '{}': expected ISO 8601 such as 2021-06-08T15:40:00Z", text);
  }
  const int second = t.second == 60 ? 59 : t.second;  // a leap second is held at the last one
  const std::int64_t days = days_from_civil(t.year, t.month, t.day);
  return UnixSeconds{days * 86400 + t.hour * 3600 + t.minute * 60 + second - t.offset_minutes * 60};
}

std::string normalize_date_time(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  DateTime t;
  if (!read_iso(text, t)) {
    t = DateTime{};
    if (!read_rfc2822(text, t)) return {};
  }
  if (t.year < 1) return {};
  std::string out = fmt::format("{:04}-{:02}-{:02}", t.year, t.month, t.day);
  if (!t.has_time) return out;
  out += fmt::format("T{:02}:{:02}:{:02}", t.hour, t.minute, t.second == 60 ? 59 : t.second);
  if (!t.has_zone) return out;
  if (t.offset_minutes == 0) return out + "Z";
  const int offset = t.offset_minutes < 0 ? -t.offset_minutes : t.offset_minutes;
  return out +
         fmt::format("{}{:02}:{:02}", t.offset_minutes < 0 ? '-' : '+', offset / 60, offset % 60);
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
