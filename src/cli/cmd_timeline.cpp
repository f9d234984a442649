// `storytrail timeline`: a story's revisions, each with what it changed in one line.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/app.hpp"
#include "cli/data_dir.hpp"
#include "cli/files.hpp"
#include "cli/report.hpp"
#include "diff/diff.hpp"
#include "render/html_render.hpp"
#include "render/timeline_render.hpp"
#include "summary/blame.hpp"
#include "summary/summary.hpp"
#include "util/time.hpp"

namespace st::cli {

Result<TimelineView> build_timeline(const RevisionStore& store, std::string_view story,
                                    const HtmlTemplates* html,
                                    std::vector<RevisionInfo>* revisions_out) {
  auto revisions = store.revisions(story);
  if (!revisions) return std::move(revisions).error();
  TimelineView view;
  view.story = std::string(story);
  // For the HTML page, each card is rendered as soon as its entry is ready and its diff let
  // go, so a long story never holds every diff at once.
  std::optional<CardRenderer> cards;
  if (html != nullptr) {
    auto renderer = CardRenderer::create(*html);
    if (!renderer) return std::move(renderer).error();
    cards.emplace(std::move(*renderer));
  }
  Provenance provenance;  // the HTML page's "story so far"
  Article previous;
  ArticleFacts previous_facts;  // what the summaries need of the previous revision
  FactsCache facts_cache;
  for (const RevisionInfo& info : *revisions) {
    auto article = store.read_article(info);
    if (!article) return std::move(article).error();
    TimelineEntry entry;
    entry.revision = {info.number, info.id, format_time(info.captured_at), info.headline};
    entry.captured_at = info.captured_at;
    ArticleFacts facts = article_facts(*article, facts_cache);
    if (info.number == 1) {
      if (cards) provenance.add(*article);
      entry.summary = summarize_first_revision(*article);
    } else {
      ArticleDiff diff = diff_articles(previous, *article);
      if (cards) provenance.add(*article, &diff);
      entry.summary = summarize_revision(previous, *article, diff, previous_facts, facts);
      entry.stats = diff.stats;
      entry.headline_changed = diff.headline.has_value();
      if (cards) entry.diff = std::move(diff);
    }
    if (cards) {
      const std::int64_t first_time =
          view.entries.empty() ? entry.captured_at : view.entries.front().captured_at;
      auto card = cards->render(entry, first_time,
                                view.entries.empty() ? 0 : view.entries.back().revision.number);
      if (!card) return std::move(card).error();
      view.cards.push_back(std::move(*card));
      entry.diff.reset();
      view.bodies.push_back(article->body);
    }
    if (!info.url.empty()) view.url = info.url;
    view.entries.push_back(std::move(entry));
    previous = std::move(*article);
    previous_facts = std::move(facts);
  }
  if (cards) view.so_far = provenance.entries();
  if (revisions_out != nullptr) *revisions_out = std::move(*revisions);
  return view;
}

namespace {

struct TimelineOptions {
  std::string story;
  std::string output;  // -o FILE
  std::string format = "terminal";
  bool all = false;
  bool json = false;
  bool no_pager = false;
};

Result<void> run_timeline(const Context& context, const TimelineOptions& options) {
  auto store = context.open_store(RevisionStore::Access::read);
  if (!store) return std::move(store).error();
  const std::string format =
      options.json
          ? "json"
          : (!options.output.empty() && options.format == "terminal" ? "html" : options.format);
  std::vector<RevisionInfo> revisions;
  std::optional<HtmlTemplates> templates;
  if (format == "html") {
    auto loaded = load_html_templates();
    if (!loaded) return std::move(loaded).error();
    templates = std::move(*loaded);
  }
  auto view = build_timeline(*store, options.story, templates ? &*templates : nullptr, &revisions);
  if (!view) return std::move(view).error();
  if (templates) {
    auto html = render_timeline_html(*view, *templates);
    if (!html) return std::move(html).error();
    if (options.output.empty() || options.output == "-") {
      store->remember_revisions(options.story, revisions);
      std::fwrite(html->data(), 1, html->size(), stdout);
      return {};
    }
    if (auto written = write_file_atomically(options.output, *html); !written) return written;
    store->remember_revisions(options.story, revisions);
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(options.output, ec);
    fmt::print("wrote {} ({} revision{}, {} KB)\nopen it in a browser: file://{}\n", options.output,
               view->entries.size(), view->entries.size() == 1 ? "" : "s",
               (html->size() + 1023) / 1024,
               (ec ? std::filesystem::path(options.output) : absolute).string());
    return {};
  }
  if (!options.output.empty()) {
    return as_usage(fail("-o writes the HTML timeline; it does not go with --format {}", format));
  }
  const std::string out = format == "json" ? timeline_to_json(*view).dump(2) + "\n"
                          : format == "timelinejs"
                              ? timeline_to_timelinejs(*view).dump(2) + "\n"
                              : render_timeline_terminal(*view, context.out_style(), options.all);
  store->remember_revisions(options.story, revisions);
  write_paged(out, format == "terminal" && !options.no_pager);
  return {};
}

}  // namespace

void setup_timeline(CLI::App& app, Context& context) {
  auto options = std::make_shared<TimelineOptions>();
  CLI::App* sub = app.add_subcommand(
      "timeline", "Show how a story evolved: each revision with what it changed in one line");
  add_story_argument(*sub, options->story);
  sub->add_option("-o,--output", options->output,
                  "Write the timeline as one self-contained HTML page to FILE (- for standard "
                  "output)")
      ->type_name("FILE");
  CLI::Option* format =
      sub->add_option("--format", options->format,
                      "terminal (default), json, timelinejs (a Knight Lab TimelineJS document) or "
                      "html (the page -o writes)")
          ->check(CLI::IsMember({"terminal", "json", "timelinejs", "html"}))
          ->type_name("FORMAT");
  sub->add_flag("--json", options->json, "The same as --format json")->excludes(format);
  sub->add_flag("--all", options->all,
                "Show minor revisions too (typos, punctuation, a word or two); by default they "
                "are folded to a count");
  sub->add_flag("--no-pager", options->no_pager, "Never page the output");
  sub->footer(R"(Each revision shows its number, capture time (UTC, and since the first capture),
a bar of words added (+) and deleted (-), the headline when it changed, and one line saying
what changed: paragraphs added with the speakers they quote, figures corrected, moves, notices.
The heuristics behind that line are described in the README.

The HTML page (-o) is one file with its style and script inside: it opens from disk with no
network. Each revision is a card with its summary and, behind "Show the changes", its diff
against the revision before.

Examples:
  storytrail timeline harris-mexico
  storytrail timeline harris-mexico --all
  storytrail timeline harris-mexico -o harris.html
  storytrail timeline harris-mexico --format json)");
  sub->callback([&context, options] {
    context.action = [&context, options] { return run_timeline(context, *options); };
  });
}

}  // namespace st::cli
