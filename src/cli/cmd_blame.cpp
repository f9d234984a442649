// `storytrail blame`: where each paragraph of a revision came from.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/app.hpp"
#include "render/blame_render.hpp"
#include "summary/blame.hpp"
#include "util/time.hpp"

namespace st::cli {
namespace {

struct BlameOptions {
  std::string target;
  bool sentences = false;
  bool json = false;
  bool no_pager = false;
};

Result<void> run_blame(const Context& context, const BlameOptions& options) {
  auto named = open_named_revision(context, options.target);
  if (!named) return std::move(named).error();
  const RevisionInfo& info = named->info;

  BlameView view;
  view.story = named->story;
  view.sentences = options.sentences;
  std::vector<Article> articles;
  for (const RevisionInfo& r : named->revisions) {
    if (r.number > info.number) break;
    auto article = named->store.read_article(r);
    if (!article) return std::move(article).error();
    articles.push_back(std::move(*article));
    view.history.push_back({r.number, r.id, format_time(r.captured_at), r.headline});
  }
  view.revision = view.history.back();
  view.entries =
      blame(articles, articles.size(), options.sentences ? BlameUnit::sentence : BlameUnit::block);
  const std::string out = options.json ? blame_to_json(view).dump(2) + "\n"
                                       : render_blame_terminal(view, context.out_style());
  named->store.remember_revisions(named->story, named->revisions);
  write_paged(out, !options.json && !options.no_pager);
  return {};
}

}  // namespace

void setup_blame(CLI::App& app, Context& context) {
  auto options = std::make_shared<BlameOptions>();
  CLI::App* sub = app.add_subcommand(
      "blame",
      "Show where each paragraph of a revision came from: when it first appeared and "
      "when it last changed");
  sub->add_option("target", options->target, "The story and revision (default: the latest)")
      ->required()
      ->type_name("SLUG[@REV]");
  sub->add_flag("--sentences", options->sentences,
                "Annotate each sentence rather than each "
                "paragraph");
  sub->add_flag("--json", options->json,
                "Print {\"story\", \"revision\", \"unit\", \"blocks\": [{\"text\", \"introduced\", "
                "\"last_changed\", ...}]} as JSON");
  sub->add_flag("--no-pager", options->no_pager, "Never page the output");
  sub->footer(R"(Each line gives the revision (and its capture time, UTC) where the text first
appeared, then the revision where it last changed, then the text. A paragraph that moved keeps
its origin; one that was removed and later restored keeps its first appearance.

Examples:
  storytrail blame harris-mexico
  storytrail blame harris-mexico@4 --sentences
  storytrail blame harris-mexico --json)");
  sub->callback([&context, options] {
    context.action = [&context, options] { return run_blame(context, *options); };
  });
}

}  // namespace st::cli
