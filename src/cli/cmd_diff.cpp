// `storytrail diff`: what changed between two revisions of a story.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/app.hpp"
#include "cli/data_dir.hpp"
#include "cli/terminal.hpp"
#include "diff/diff.hpp"
#include "render/diff_render.hpp"
#include "render/html_render.hpp"
#include "store/revspec.hpp"
#include "util/time.hpp"

namespace st::cli {
namespace {

struct DiffCommandOptions {
  std::string story;
  std::vector<std::string> revisions;  // none, one or two
  std::string format = "terminal";
  std::string granularity = "word";
  std::size_t context = 1;
  bool stat = false;
  bool json = false;
  bool no_pager = false;
};

Result<Granularity> parse_granularity(std::string_view text) {
  if (text == "word") return Granularity::word;
  if (text == "sentence") return Granularity::sentence;
  if (text == "paragraph") return Granularity::paragraph;
  return fail("unknown granularity '{}': use word, sentence or paragraph", text);
}

RevisionLabel label_of(const RevisionInfo& info) {
  return {info.number, info.id, format_time(info.captured_at), info.headline};
}

// The two revisions to compare: A and B as named; A alone is A against the one before it;
// neither is the latest against the one before it.
Result<std::pair<RevisionInfo, RevisionInfo>> pick_pair(
    const DiffCommandOptions& options, const std::vector<RevisionInfo>& revisions) {
  std::vector<RevisionInfo> named;
  for (const std::string& text : options.revisions) {
    auto spec = parse_revision_spec(text);
    if (!spec) return as_usage(std::move(spec).error());
    auto info = resolve_revision(*spec, options.story, revisions);
    if (!info) return std::move(info).error();
    named.push_back(std::move(*info));
  }
  if (named.size() == 2) return std::pair{named[0], named[1]};
  const RevisionInfo to = named.empty() ? revisions.back() : named[0];
  if (to.number == 1) {
    return fail(
        "{}@1 is the story's first revision: there is nothing before it to compare "
        "with (name two revisions: storytrail diff {} 1 2)",
        options.story, options.story);
  }
  return std::pair{revisions[static_cast<std::size_t>(to.number - 2)], to};
}

}  // namespace

Result<std::string> story_diff_text(const RevisionStore& store, std::string_view story,
                                    const RevisionInfo& from, const RevisionInfo& to,
                                    const Style& style, std::size_t context) {
  auto old_revision = store.read_article(from);
  if (!old_revision) return std::move(old_revision).error();
  auto new_revision = store.read_article(to);
  if (!new_revision) return std::move(new_revision).error();
  const ArticleDiff diff = diff_articles(*old_revision, *new_revision);
  const DiffView view{std::string(story), label_of(from), label_of(to), &diff};
  return render_diff_terminal(view, style, context);
}

namespace {

Result<void> run_diff(const Context& context, const DiffCommandOptions& options) {
  if (options.revisions.size() > 2) {
    return as_usage(fail("diff takes at most two revisions, not {}", options.revisions.size()));
  }
  auto granularity = parse_granularity(options.granularity);
  if (!granularity) return as_usage(std::move(granularity).error());
  const std::string format = options.json ? "json" : options.format;
  auto store = context.open_store(RevisionStore::Access::read);
  if (!store) return std::move(store).error();
  auto revisions = store->revisions(options.story);
  if (!revisions) return std::move(revisions).error();
  auto pair = pick_pair(options, *revisions);
  if (!pair) return std::move(pair).error();
  auto from = store->read_article(pair->first);
  if (!from) return std::move(from).error();
  auto to = store->read_article(pair->second);
  if (!to) return std::move(to).error();

  const ArticleDiff diff = diff_articles(*from, *to, {*granularity});
  const DiffView view{options.story, label_of(pair->first), label_of(pair->second), &diff};
  std::string out;
  if (format == "json") {
    out = diff_to_json(view).dump(2) + "\n";
  } else if (format == "html") {
    auto templates = load_html_templates();
    if (!templates) return std::move(templates).error();
    auto html = render_diff_html(view, *templates, options.context);
    if (!html) return std::move(html).error();
    out = std::move(*html);
  } else if (options.stat) {
    out = render_diff_stat(diff) + "\n";
  } else {
    out = render_diff_terminal(view, context.out_style(), options.context);
  }
  store->remember_revisions(options.story, *revisions);
  write_paged(out, format == "terminal" && !options.stat && !options.no_pager);
  return {};
}

}  // namespace

void setup_diff(CLI::App& app, Context& context) {
  auto options = std::make_shared<DiffCommandOptions>();
  CLI::App* sub = app.add_subcommand(
      "diff", "Show what changed between two revisions of a story, word by word");
  add_story_argument(*sub, options->story);
  sub->add_option("revisions", options->revisions,
                  "The revisions to compare, old then new (default: the latest and the one "
                  "before it; one revision: it and the one before it)")
      ->type_name("A [B]");
  CLI::Option* format =
      sub->add_option("--format", options->format, "terminal (default), json or html (a fragment)")
          ->check(CLI::IsMember({"terminal", "json", "html"}))
          ->type_name("FORMAT");
  CLI::Option* json = sub->add_flag("--json", options->json, "The same as --format json");
  json->excludes(format);
  sub->add_flag("--stat", options->stat,
                "Print one line of counts: paragraphs added, deleted, edited, moved; words added "
                "and deleted")
      ->excludes(format)
      ->excludes(json);
  sub->add_option("--context", options->context,
                  "Unchanged paragraphs shown around each change (default 1); the others are "
                  "folded to a count")
      ->type_name("N")
      ->check(CLI::Range(0, 1000000));
  sub->add_option("--granularity", options->granularity,
                  "How edited paragraphs are compared: word (default), sentence or paragraph")
      ->type_name("G");
  sub->add_flag("--no-pager", options->no_pager,
                "Never page the output (by default long output on a terminal goes through "
                "$PAGER, else less)");
  sub->footer(R"(A, B name revisions as in 'storytrail show': 3, latest, latest~1, a commit id, or
@TIME for the revision current at that time.

Without colour, deletions are marked [-like this-] and insertions {+like this+}. Moved
paragraphs are marked where they left ([moved to ¶N]) and where they arrived ([moved from ¶N]).
The JSON format is documented in the README.

Examples:
  storytrail diff harris-mexico
  storytrail diff harris-mexico 3 4
  storytrail diff harris-mexico @2021-06-08T15:00Z latest --stat
  storytrail diff harris-mexico 4 5 --format json)");
  sub->callback([&context, options] {
    context.action = [&context, options] { return run_diff(context, *options); };
  });
}

}  // namespace st::cli
