// Outputs of a story's timeline: one entry per revision with its summary. Pure: the entries
// in, text out.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "render/diff_render.hpp"
#include "render/style.hpp"
#include "summary/blame.hpp"
#include "summary/summary.hpp"

namespace st {

struct TimelineEntry {
  RevisionLabel revision;
  std::int64_t captured_at = 0;  // seconds since the epoch, for relative times
  RevisionSummary summary;
  DiffStats stats;  // against the revision before; zero for the first
  bool headline_changed = false;
  std::optional<ArticleDiff> diff;  // against the revision before (for HTML); none for the first
};

struct TimelineView {
  std::string story;
  std::string url;                     // the latest revision's source URL, may be empty
  std::vector<TimelineEntry> entries;  // oldest first
  // For the HTML page: every revision's body (to compare any two in the page) and the latest
  // revision's provenance ("the story so far"). Empty for the other outputs.
  std::vector<std::vector<Block>> bodies;
  std::vector<BlameEntry> so_far;
  // Each entry's card, when the caller rendered them as it went (CardRenderer) and dropped the
  // diffs; empty otherwise.
  std::vector<std::string> cards;
};

// The terminal timeline: a header (story, source, first and last capture, number of
// revisions), then one entry per revision: number, capture time in UTC and relative to the
// first, a bar of words added and deleted, the first headline, and the summary line (which
// gives the new headline when it changed).
// Minor revisions are folded to a count unless `all`.
std::string render_timeline_terminal(const TimelineView& view, const Style& style, bool all);

// {"story", "revisions": [{"number", "id", "captured_at", "headline", "summary",
// "significance", "stats", "quotes_added": [{"speaker", "text"}], "names_added",
// "numbers_changed": [{"from", "to"}]}]} (documented in the README).
nlohmann::ordered_json timeline_to_json(const TimelineView& view);

// The story as a Knight Lab TimelineJS document: a title slide and one event per revision.
// TimelineJS shows its text fields as HTML, so they are escaped (html_escape).
nlohmann::ordered_json timeline_to_timelinejs(const TimelineView& view);

}  // namespace st
