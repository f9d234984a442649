// storytrail demo: record the bundled Harris-Mexico sample story, show its history, timeline
// and the clarification's diff, and write its HTML timeline.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>

#include "cli/data_dir.hpp"
#include "cli/files.hpp"
#include "cli/import.hpp"
#include "cli/report.hpp"
#include "render/html_render.hpp"

namespace st::cli {
namespace {

constexpr std::string_view kSampleStory = "harris-mexico";

Result<void> run_demo(const Context& context) {
  auto data = find_data_dir();
  if (!data) return std::move(data).error();
  const auto sample = *data / "samples" / std::string(kSampleStory);
  const Style style = context.out_style();
  std::error_code ec;
  const auto store_dir = std::filesystem::absolute(context.store_path(), ec);
  fmt::print(
      "Recording the sample story '{}' (captures of an Al Jazeera report, 8 June 2021)\n"
      "into the store at {}\n\n",
      kSampleStory, (ec ? context.store_path() : store_dir).string());
  auto imported = import_directory(context, sample, false);
  if (!imported) return std::move(imported).error();
  for (const ImportedCapture& c : *imported) {
    fmt::print("  {:<24} {}\n", c.entry.file, describe_add(c.result, style));
  }
  fmt::print("\n{}\n", style.bold(fmt::format("$ storytrail log {}", kSampleStory)));
  auto store = context.open_store(RevisionStore::Access::read);
  if (!store) return std::move(store).error();
  if (auto ok = print_log(*store, kSampleStory, false, style); !ok) return ok;

  // The timeline: what each revision changed, in one line.
  auto templates = load_html_templates();
  if (!templates) return std::move(templates).error();
  auto timeline = build_timeline(*store, kSampleStory, &*templates);
  if (!timeline) return std::move(timeline).error();
  fmt::print("\n{}\n", style.bold(fmt::format("$ storytrail timeline {}", kSampleStory)));
  const std::string text = render_timeline_terminal(*timeline, style, false);
  std::fwrite(text.data(), 1, text.size(), stdout);

  // What the fifth capture changed: the White House clarification.
  auto revisions = store->revisions(kSampleStory);
  if (!revisions) return std::move(revisions).error();
  if (revisions->size() >= 5) {
    fmt::print("{}\n",
               style.bold(fmt::format("$ storytrail diff {} 4 5 --context 0", kSampleStory)));
    auto diff = story_diff_text(*store, kSampleStory, (*revisions)[3], (*revisions)[4], style, 0);
    if (!diff) return std::move(diff).error();
    std::fwrite(diff->data(), 1, diff->size(), stdout);
  }

  // The HTML timeline, beside the store.
  const std::filesystem::path page =
      (ec ? context.store_path() : store_dir).parent_path() / (std::string(kSampleStory) + ".html");
  auto html = render_timeline_html(*timeline, *templates);
  if (!html) return std::move(html).error();
  if (auto written = write_file_atomically(page, *html); !written) return written;
  fmt::print("{}\nwrote {}\nopen it in a browser: file://{}\n\n",
             style.bold(fmt::format("$ storytrail timeline {} -o {}", kSampleStory, page.string())),
             page.string(), page.string());
  fmt::print(
      "Next: storytrail diff {} 3 4, storytrail blame {}, or look at the store with git:\n"
      "git --git-dir={} log --stat refs/stories/{}\n",
      kSampleStory, kSampleStory, context.store_path().string(), kSampleStory);
  return {};
}

}  // namespace

void setup_demo(CLI::App& app, Context& context) {
  CLI::App* sub = app.add_subcommand(
      "demo",
      "Record the bundled sample story (Harris meets Lopez Obrador), show its log, timeline and "
      "a diff, and write its HTML timeline");
  sub->footer(R"(The sample is seven captures of one article taken over an afternoon: a first
version, added paragraphs, a new headline, a corrected figure, an added White House
clarification, a capture that differs only in page chrome (ads, most-read list; it
is not stored), and a moved paragraph. Running the demo again stores nothing new.

Use --store DIR to record it somewhere other than the default store.)");
  sub->callback([&context] { context.action = [&context] { return run_demo(context); }; });
}

}  // namespace st::cli
