// `storytrail timeline`: a story's revisions, each with what it changed in one line.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/app.hpp"
#include "cli/report.hpp"
#include "diff/diff.hpp"
#include "render/timeline_render.hpp"
#include "summary/summary.hpp"
#include "util/time.hpp"

namespace st::cli {

Result<TimelineView> build_timeline(const RevisionStore& store, std::string_view story) {
  auto revisions = store.revisions(story);
  if (!revisions) return std::move(revisions).error();
  TimelineView view;
  view.story = std::string(story);
  Article previous;
  for (const RevisionInfo& info : *revisions) {
    auto stored = store.read(info);
    if (!stored) return std::move(stored).error();
    TimelineEntry entry;
    entry.revision = {info.number, info.id, format_time(info.captured_at), info.headline};
    entry.captured_at = info.captured_at;
    if (info.number == 1) {
      entry.summary = summarize_first_revision(stored->article);
    } else {
      const ArticleDiff diff = diff_articles(previous, stored->article);
      entry.summary = summarize_revision(previous, stored->article, diff);
      entry.stats = diff.stats;
      entry.headline_changed = diff.headline.has_value();
    }
    if (!info.url.empty()) view.url = info.url;
    view.entries.push_back(std::move(entry));
    previous = std::move(stored->article);
  }
  return view;
}

namespace {

struct TimelineOptions {
  std::string story;
  std::string format = "terminal";
  bool all = false;
  bool json = false;
  bool no_pager = false;
};

Result<void> run_timeline(const Context& context, const TimelineOptions& options) {
  auto store = context.open_store(RevisionStore::Access::read);
  if (!store) return std::move(store).error();
  auto view = build_timeline(*store, options.story);
  if (!view) return std::move(view).error();
  const std::string format = options.json ? "json" : options.format;
  if (format == "json") {
    fmt::print("{}\n", timeline_to_json(*view).dump(2));
  } else if (format == "timelinejs") {
    fmt::print("{}\n", timeline_to_timelinejs(*view).dump(2));
  } else {
    write_paged(render_timeline_terminal(*view, context.out_style(), options.all),
                !options.no_pager);
  }
  return {};
}

}  // namespace

void setup_timeline(CLI::App& app, Context& context) {
  auto options = std::make_shared<TimelineOptions>();
  CLI::App* sub = app.add_subcommand(
      "timeline", "Show how a story evolved: each revision with what it changed in one line");
  sub->add_option("story", options->story, "The story's name")->required()->type_name("SLUG");
  sub->add_option("--format", options->format,
                  "terminal (default), json, or timelinejs (a Knight Lab TimelineJS document)")
      ->check(CLI::IsMember({"terminal", "json", "timelinejs"}))
      ->type_name("FORMAT");
  sub->add_flag("--json", options->json, "The same as --format json");
  sub->add_flag("--all", options->all,
                "Show minor revisions too (typos, punctuation, a word or two); by default they "
                "are folded to a count");
  sub->add_flag("--no-pager", options->no_pager, "Never page the output");
  sub->footer(R"(Each revision shows its number, capture time (UTC, and since the first capture),
a bar of words added (+) and deleted (-), the headline when it changed, and one line saying
what changed: paragraphs added with the speakers they quote, figures corrected, moves, notices.
The heuristics behind that line are described in the README.

Examples:
  storytrail timeline harris-mexico
  storytrail timeline harris-mexico --all
  storytrail timeline harris-mexico --format json)");
  sub->callback([&context, options] {
    context.action = [&context, options] { return run_timeline(context, *options); };
  });
}

}  // namespace st::cli
