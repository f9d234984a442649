// What storytrail tracks (stories by URL, and feeds), when each is checked next, and what the
// last check found. A pure core: the tracking document's values, its JSON form (kept in the
// store, see store/README.md) and the schedule, with the time and the randomness handed in.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"
#include "util/time.hpp"

namespace st {

// The result of one check, as `status` and `watch --json` name it.
enum class CheckResult {
  none,          // never checked
  stored,        // a new revision was stored
  unchanged,     // fetched, and the text equals the latest revision
  not_modified,  // the server answered 304 to the validators
  failed,        // a fault: nothing was stored (see `last_error`)
};

// "none", "stored", "unchanged", "not-modified", "failed".
std::string_view check_result_name(CheckResult result);

// Whatever is checked on a schedule: a story's page or a feed.
struct CheckState {
  UnixSeconds added_at = 0;
  UnixSeconds last_check = 0;   // 0: never
  UnixSeconds last_change = 0;  // the last stored revision (or new feed entry); 0: none yet
  UnixSeconds next_check = 0;
  CheckResult last_result = CheckResult::none;
  std::string last_error;  // the last failure's one line (kept after a later success)
  int failures = 0;        // consecutive failed checks
  int gone = 0;            // consecutive 410 Gone answers
  std::string etag;        // the validators of the last 200 answer
  std::string last_modified;
  bool active = true;   // false: no longer checked (see `stopped`)
  std::string stopped;  // why it is no longer checked
};

struct TrackedStory {
  std::string story;          // the slug, refs/stories/<story>
  std::string url;            // what is fetched: the URL in its identity form (normalize_url)
  std::string canonical_url;  // the page's own canonical URL, once a capture gave one
  std::string feed;           // the feed it came from; empty when tracked by hand
  int revisions = 0;          // revisions stored by tracking
  CheckState check;
};

struct TrackedFeed {
  std::string url;  // identity form
  std::string title;
  int entries = 0;  // entries that became tracked stories
  CheckState check;
};

struct TrackingState {
  std::vector<TrackedStory> stories;
  std::vector<TrackedFeed> feeds;

  TrackedStory* find_story_by_url(std::string_view url);
  TrackedStory* find_story(std::string_view story);
  TrackedFeed* find_feed(std::string_view url);
};

// `base`, or `base-2`, `base-3`...: the first name that no story of `state` and none of `taken`
// (the stories of the store) has; none after 999 tries.
std::optional<std::string> free_story_name(std::string_view base, const TrackingState& state,
                                           const std::set<std::string>& taken);

// The JSON document (format in store/README.md): {"version": 1, "stories": [...], "feeds":
// [...]}. An empty text is an empty state.
std::string tracking_to_json(const TrackingState& state);
Result<TrackingState> tracking_from_json(std::string_view text);

// How often things are checked.
struct ScheduleOptions {
  // Stop checking a story when it has not changed for this long (and was checked since).
  UnixSeconds quiet_period = 7 * 24 * 3600;
  UnixSeconds feed_interval = 15 * 60;          // feeds are checked at this fixed pace
  double jitter = 0.1;                          // each interval is stretched or shrunk by up to 10%
  int gone_limit = 3;                           // stop after this many 410 Gone in a row
  UnixSeconds max_backoff = 24 * 3600;          // longest wait after repeated failures
  UnixSeconds max_retry_after = 7 * 24 * 3600;  // longest Retry-After honoured
};

// The pace of checks for a story, by how long ago it last changed (or was added, before its
// first change), after NewsDiffs: every 15 minutes within 3 hours, hourly within a day, every 3
// hours within a week, and every 12 hours after that (until the quiet period stops it).
UnixSeconds story_interval(UnixSeconds since_change);

// Records a check made at `now` in `state` and sets the next one:
//   - stored: last_change = now;
//   - failed: one more failure; the next check waits the usual interval times 2^failures (at
//     most max_backoff), or until `retry_after` seconds when the server said so (429, 503);
//     `gone` counts 410 answers in a row, and at gone_limit the entry stops;
//   - any success resets failures and gone;
//   - a story that has not changed (nor been added again) for the quiet period stops ("quiet
//     for 7 days"), and so does a feed that has been failing that long.
// `random` in [0, 1) picks the jitter. `feed` selects the feed pace.
void record_check(CheckState& state, CheckResult result, UnixSeconds now,
                  const ScheduleOptions& options, double random, bool feed,
                  std::optional<UnixSeconds> retry_after = std::nullopt, bool gone = false,
                  std::string_view error = {});

// Whether an active entry is due at `now`.
bool is_due(const CheckState& state, UnixSeconds now);

}  // namespace st
