// Capture times: seconds since the Unix epoch, UTC, shown as ISO 8601 ("2021-06-08T15:40:00Z").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace st {

using UnixSeconds = std::int64_t;

// Accepts "2021-06-08T15:40:00Z", "2021-06-08T15:40Z", "2021-06-08 15:40:00+02:00",
// "2021-06-08T15:40:00.123-0500". A time without a zone
// is taken as UTC; a date alone means its midnight, UTC. Fractions of a second are dropped.
Result<UnixSeconds> parse_time(std::string_view text);

// A date or time as a page states it, in ISO 8601: "2021-06-08", "2021-06-08T15:40:00" (no
// zone given), "2021-06-08T15:40:00Z" or "2021-06-08T15:40:00+02:00". Reads the forms
// parse_time accepts (also "+0200", "+02" and a space before the zone) and RFC 2822 / HTTP
// dates ("Tue, 08 Jun 2021 15:40:00 GMT"). The zone is kept as written, fractions of a
// second are dropped. Empty when `text` is none of these or not a real date.
std::string normalize_date_time(std::string_view text);

// "2021-06-08T15:40:00Z".
std::string format_time(UnixSeconds seconds);

// A capture time must not be before 1970-01-01T00:00:00Z: git's commit dates cannot hold
// earlier times (git fsck rejects them).
Result<void> check_capture_time(UnixSeconds seconds);

// The current time, whole seconds.
UnixSeconds now_seconds();

}  // namespace st
