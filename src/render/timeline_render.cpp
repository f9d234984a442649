#include "render/timeline_render.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace st {
namespace {

// "+0:46", "+1d 2:05": the time since the first capture.
std::string relative_time(std::int64_t seconds) {
  const std::int64_t minutes = seconds / 60;
  const std::int64_t days = minutes / (24 * 60);
  if (days > 0) return fmt::format("+{}d {}:{:02}", days, minutes / 60 % 24, minutes % 60);
  return fmt::format("+{}:{:02}", minutes / 60, minutes % 60);
}

// A bar of words added (+) and deleted (-), at most `width` characters, scaled to the largest
// change of the story.
std::string stat_bar(const DiffStats& stats, std::size_t largest, const Style& style) {
  constexpr std::size_t width = 24;
  const std::size_t total = stats.words_added + stats.words_deleted;
  if (total == 0) return {};
  const std::size_t scale = std::max(largest, width);
  const auto cells = [&](std::size_t words) {
    return words == 0 ? 0 : std::max<std::size_t>(1, words * width / scale);
  };
  return style.green(std::string(cells(stats.words_added), '+')) +
         style.red(std::string(cells(stats.words_deleted), '-')) +
         fmt::format(" +{} -{}", stats.words_added, stats.words_deleted);
}

nlohmann::ordered_json stats_json(const DiffStats& s) {
  return {{"added", s.added},
          {"deleted", s.deleted},
          {"edited", s.edited},
          {"moved", s.moved},
          {"split", s.split},
          {"merged", s.merged},
          {"words_added", s.words_added},
          {"words_deleted", s.words_deleted}};
}

}  // namespace

std::string render_timeline_terminal(const TimelineView& view, const Style& style, bool all) {
  std::string out;
  if (view.entries.empty()) return fmt::format("{}: no revisions\n", view.story);
  const TimelineEntry& first = view.entries.front();
  const TimelineEntry& last = view.entries.back();
  out += style.bold(fmt::format("{}: {} revision{}, {} to {}", view.story, view.entries.size(),
                                view.entries.size() == 1 ? "" : "s", first.revision.captured_at,
                                last.revision.captured_at)) +
         "\n";
  if (!view.url.empty()) out += fmt::format("source: {}\n", view.url);
  out += "\n";
  std::size_t largest = 0;
  for (const TimelineEntry& e : view.entries) {
    largest = std::max(largest, e.stats.words_added + e.stats.words_deleted);
  }
  std::size_t folded = 0;
  const auto flush_folded = [&] {
    if (folded == 0) return;
    out += style.dim(fmt::format("       \u22EF {} minor revision{} folded (--all shows them)",
                                 folded, folded == 1 ? "" : "s")) +
           "\n\n";
    folded = 0;
  };
  for (const TimelineEntry& e : view.entries) {
    if (!all && !e.summary.first && e.summary.significance == Significance::minor) {
      ++folded;
      continue;
    }
    flush_folded();
    // Padded before it is coloured: the colour codes would count as width.
    std::string heading =
        fmt::format("{}  {}  {:<9} {}", style.bold(fmt::format("{:>4}", e.revision.number)),
                    e.revision.captured_at, relative_time(e.captured_at - first.captured_at),
                    stat_bar(e.stats, largest, style));
    heading.erase(heading.find_last_not_of(' ') + 1);  // no bar: no trailing spaces
    out += heading + "\n";
    // The first headline; later ones are in the summary line when they change.
    if (e.summary.first) out += fmt::format("      {}\n", style.bold(e.revision.headline));
    const std::string line =
        e.summary.significance == Significance::minor ? style.dim(e.summary.line) : e.summary.line;
    out += fmt::format("      {}\n\n", line);
  }
  flush_folded();
  return out;
}

nlohmann::ordered_json timeline_to_json(const TimelineView& view) {
  auto revisions = nlohmann::ordered_json::array();
  for (const TimelineEntry& e : view.entries) {
    auto quotes = nlohmann::ordered_json::array();
    for (const QuoteChange& q : e.summary.quotes) {
      if (q.kind == QuoteChangeKind::added) {
        quotes.push_back({{"speaker", q.quote.speaker}, {"text", q.quote.text}});
      }
    }
    auto numbers = nlohmann::ordered_json::array();
    for (const NumberChange& n : e.summary.numbers_changed) {
      numbers.push_back({{"from", n.from}, {"to", n.to}});
    }
    revisions.push_back({{"number", e.revision.number},
                         {"id", e.revision.id},
                         {"captured_at", e.revision.captured_at},
                         {"headline", e.revision.headline},
                         {"headline_changed", e.headline_changed},
                         {"summary", e.summary.line},
                         {"significance", significance_name(e.summary.significance)},
                         {"stats", stats_json(e.stats)},
                         {"quotes_added", std::move(quotes)},
                         {"names_added", e.summary.names_added},
                         {"names_removed", e.summary.names_removed},
                         {"numbers_changed", std::move(numbers)},
                         {"notices", e.summary.notices}});
  }
  return {{"story", view.story}, {"url", view.url}, {"revisions", std::move(revisions)}};
}

nlohmann::ordered_json timeline_to_timelinejs(const TimelineView& view) {
  const auto date = [](const std::string& iso) {
    // "2021-06-08T13:32:00Z" -> TimelineJS's date object.
    const auto part = [&](std::size_t at, std::size_t len) { return iso.substr(at, len); };
    return nlohmann::ordered_json{{"year", part(0, 4)},    {"month", part(5, 2)},
                                  {"day", part(8, 2)},     {"hour", part(11, 2)},
                                  {"minute", part(14, 2)}, {"second", part(17, 2)}};
  };
  auto events = nlohmann::ordered_json::array();
  for (const TimelineEntry& e : view.entries) {
    events.push_back({{"start_date", date(e.revision.captured_at)},
                      {"text",
                       {{"headline", fmt::format("Revision {}", e.revision.number)},
                        {"text", html_escape(e.summary.line)}}},
                      {"group", significance_name(e.summary.significance)},
                      {"unique_id", fmt::format("revision-{}", e.revision.number)}});
  }
  const std::string headline =
      view.entries.empty() ? view.story : view.entries.back().revision.headline;
  return {{"title",
           {{"text",
             {{"headline", html_escape(headline)},
              {"text",
               html_escape(fmt::format("{} revisions of {}", view.entries.size(), view.story))}}}}},
          {"events", std::move(events)}};
}

}  // namespace st
