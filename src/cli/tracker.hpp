// Tracking live stories: one pass of checks over what is due (feeds first, then stories), each
// result stored and recorded in the tracking document. Used by `track`, `feed add` and `watch`.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fetch/http.hpp"
#include "store/revision_store.hpp"
#include "track/tracking.hpp"
#include "util/result.hpp"

namespace st::cli {

struct TrackerOptions {
  FetchOptions fetch;
  FetchPoliteness politeness;
  ScheduleOptions schedule;
  bool all = false;  // check every active entry, whether it is due or not
  // When set: check only the entries with these URLs (stories and feeds apart).
  struct Selection {
    std::set<std::string> stories, feeds;
  };
  std::optional<Selection> only;
  // Entries not in the tracking document yet (the first check of `track` and `feed add`):
  // checked in this pass, and written into the document unless their check fails for good
  // (CheckEvent::definitive), so that a refused URL leaves the document as it was. An entry
  // whose URL the document has already is not added again.
  std::vector<TrackedStory> new_stories;
  std::vector<TrackedFeed> new_feeds;
};

// One check's outcome, as `watch` reports it.
struct CheckEvent {
  std::string kind;  // "feed" or "story"
  std::string name;  // the story's slug, or the feed's URL
  std::string url;   // what was fetched
  CheckResult result = CheckResult::none;
  int revision = 0;    // stored or unchanged: the revision's number
  std::string reason;  // failed: the one line; feed: what it found
  long status = 0;     // the HTTP status, 0 when none
  std::chrono::milliseconds elapsed{0};
  UnixSeconds time = 0;     // when the answer came
  bool deferred = false;    // not sent: its host asked to wait (then `result` is none)
  bool definitive = false;  // failed for good reason: 404, 410, not HTML or not a feed, no
                            // article; a first check that fails so is not kept tracked
  bool refused = false;     // a new entry (TrackerOptions::new_stories) failed so: not written
};

struct PassSummary {
  int checked = 0, stored = 0, unchanged = 0, not_modified = 0, failed = 0;
  int deferred = 0;     // not sent: their host asked to wait
  int new_stories = 0;  // from feeds
  bool interrupted = false;
};

// Runs one pass starting at time `now` (each answer is dated `now` plus the time the pass has
// taken) over the tracking document of `store`: fetches what is due,
// stores new revisions, and writes the document back (merged into whatever another process
// wrote meanwhile). `on_event` hears of each check as it ends. When `stop` becomes true, no
// more checks start, the one being stored is finished, and the document is written with what
// was done.
Result<PassSummary> run_pass(RevisionStore& store, const TrackerOptions& options, UnixSeconds now,
                             const std::function<void(const CheckEvent&)>& on_event,
                             const std::atomic<bool>* stop = nullptr);

// The earliest next check of an active entry; 0 when nothing is active.
UnixSeconds next_due(const TrackingState& state);

// Reads the tracking document of `store`.
Result<TrackingState> read_tracking_state(const RevisionStore& store);

}  // namespace st::cli
