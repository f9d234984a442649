// `storytrail site DIR`: an HTML page per story and an index of them all.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>

#include "cli/app.hpp"
#include "cli/data_dir.hpp"
#include "cli/files.hpp"
#include "cli/report.hpp"
#include "render/html_render.hpp"
#include "util/time.hpp"

namespace st::cli {
namespace {

namespace fs = std::filesystem;

struct SiteOptions {
  std::string dir;
};

Result<void> run_site(const Context& context, const SiteOptions& options) {
  const fs::path dir = options.dir;
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    return fail("{} exists and is not a folder", dir.string());
  }
  auto templates = load_html_templates();
  if (!templates) return std::move(templates).error();
  auto store = context.open_store(RevisionStore::Access::read);
  if (!store) return std::move(store).error();
  auto stories = store->stories();
  if (!stories) return std::move(stories).error();
  fs::create_directories(dir, ec);
  if (ec) return fail("cannot create {}: {}", dir.string(), ec.message());
  std::vector<SiteStory> index;
  for (const StorySummary& summary : *stories) {
    std::vector<RevisionInfo> revisions;
    auto view = build_timeline(*store, summary.story, &*templates, &revisions);
    if (!view) return std::move(view).error();
    auto html = render_timeline_html(*view, *templates);
    if (!html) return std::move(html).error();
    // A story named "index" must not take the site index's place; "_" is in no slug, so its
    // page's name cannot be another story's.
    const std::string file =
        summary.story == "index" ? "index_story.html" : summary.story + ".html";
    if (auto written = write_file_atomically(dir / file, *html); !written) return written;
    store->remember_revisions(summary.story, revisions);
    index.push_back({summary.story, file, summary.headline, summary.revisions,
                     format_time(summary.last_captured_at),
                     view->entries.empty() ? "" : view->entries.back().summary.line});
  }
  auto html = render_index_html(index, *templates);
  if (!html) return std::move(html).error();
  if (auto written = write_file_atomically(dir / "index.html", *html); !written) return written;
  const fs::path absolute = fs::absolute(dir / "index.html", ec);
  fmt::print("wrote {} stor{} and index.html to {}\nopen it in a browser: file://{}\n",
             index.size(), index.size() == 1 ? "y" : "ies", dir.string(),
             (ec ? dir / "index.html" : absolute).string());
  return {};
}

}  // namespace

void setup_site(CLI::App& app, Context& context) {
  auto options = std::make_shared<SiteOptions>();
  CLI::App* sub = app.add_subcommand(
      "site", "Write an HTML timeline page for every story and an index of them, into a folder");
  sub->add_option("dir", options->dir, "The folder to write (created when missing)")
      ->required()
      ->type_name("DIR");
  sub->footer(R"(Writes DIR/index.html (every story: latest headline, revisions, last change) and
DIR/SLUG.html for each story (index_story.html for a story named "index"; the page 'storytrail timeline SLUG -o FILE' writes). Pages in DIR
with other names are left alone. Every page is self-contained and opens from disk.

Example:
  storytrail site out/)");
  sub->callback([&context, options] {
    context.action = [&context, options] { return run_site(context, *options); };
  });
}

}  // namespace st::cli
