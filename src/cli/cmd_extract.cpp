// storytrail extract: show what the extractor sees in a page, for debugging a site. Touches no
// store.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/app.hpp"
#include "cli/capture.hpp"
#include "extract/extract.hpp"
#include "util/slug.hpp"
#include "util/text.hpp"

namespace st::cli {
namespace {

struct ExtractOptions {
  std::string file;
  std::string url;
  std::string type;
  std::string rules;
  bool json = false;
};

// The article as a person reads it: each metadata field on its own line, then the body, each
// block marked with its type unless it is a paragraph.
std::string describe_article(const Article& article, const Style& style) {
  fmt::memory_buffer out;
  const auto field = [&](std::string_view name, std::string_view value) {
    if (value.empty()) return;
    // Padded before styling, so escape codes do not count towards the width.
    fmt::format_to(std::back_inserter(out), "{}{}\n",
                   style.dim(fmt::format("{:<15}", fmt::format("{}:", name))), value);
  };
  field("Headline", article.headline);
  field("Standfirst", article.standfirst);
  std::string bylines;
  for (const std::string& name : article.bylines) bylines += (bylines.empty() ? "" : "; ") + name;
  field("Byline", bylines);
  field("Site", article.site);
  field("URL", article.url);
  field("Canonical URL", article.canonical_url);
  field("Published", article.published);
  field("Modified", article.modified);
  field("Language", article.language);
  field("Extractor", article.extractor);
  std::size_t words = 0;
  for (const Block& block : article.body) words += count_words(block.text);
  fmt::format_to(std::back_inserter(out), "{}{} blocks, {} words\n",
                 style.dim(fmt::format("{:<15}", "Body:")), article.body.size(), words);
  for (const Block& block : article.body) {
    out.push_back('\n');
    if (block.kind != BlockKind::paragraph) {
      fmt::format_to(std::back_inserter(out), "{} ",
                     style.cyan(fmt::format("[{}]", block_kind_name(block.kind))));
    }
    fmt::format_to(std::back_inserter(out), "{}\n", block.text);
  }
  return fmt::to_string(out);
}

Result<void> run_extract(const Context& context, const ExtractOptions& options) {
  if (!options.url.empty()) {
    if (auto ok = check_url(options.url); !ok)
      return as_usage(fail("--url: {}", ok.error().message));
  }
  auto bytes = read_capture_file(options.file);
  if (!bytes) return std::move(bytes).error();
  if (bytes->empty()) return fail("'{}' is empty", options.file);
  auto rules = load_site_rules(options.rules);
  if (!rules) return std::move(rules).error();
  ExtractInput input{*bytes, options.url, content_type_for(options.type),
                     rules->has_value() ? &**rules : nullptr};
  auto article = extract_article(input);
  if (!article) return fail("{}: {}", options.file, article.error().message);
  if (options.json) {
    fmt::print("{}\n", article_to_json(*article).dump(2));
  } else {
    const std::string text = describe_article(*article, context.out_style());
    std::fwrite(text.data(), 1, text.size(), stdout);
  }
  return {};
}

}  // namespace

void setup_extract(CLI::App& app, Context& context) {
  auto options = std::make_shared<ExtractOptions>();
  CLI::App* sub = app.add_subcommand(
      "extract", "Show the article the extractor finds in a saved page (stores nothing)");
  sub->add_option("file", options->file, "The saved page or text file; - reads standard input")
      ->required()
      ->type_name("FILE");
  add_url_option(*sub, options->url);
  add_type_option(*sub, options->type);
  add_rules_option(*sub, options->rules);
  sub->add_flag("--json", options->json,
                "Print the structured article (the article.json of a revision) as JSON");
  sub->footer(R"(Use it to see why a site's pages extract as they do: the metadata found, then every
body block in reading order, typed ([heading], [quote], [list_item], [caption],
[embed]; paragraphs are unmarked). What is shown is exactly what 'storytrail add'
would store.

Example:
  storytrail extract saved-page.html --url https://www.aljazeera.com/news/...)");
  sub->callback([&context, options] {
    context.action = [&context, options] { return run_extract(context, *options); };
  });
}

}  // namespace st::cli
