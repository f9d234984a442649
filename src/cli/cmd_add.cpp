// storytrail add: record one saved page or text as the next revision of a story.
#include <CLI/CLI.hpp>
#include <memory>
#include <optional>

#include "cli/app.hpp"
#include "cli/capture.hpp"
#include "cli/report.hpp"
#include "util/slug.hpp"
#include "util/time.hpp"

namespace st::cli {

std::string describe_add(const AddResult& result, const Style& style) {
  const std::string where = fmt::format("{}@{}", result.story, result.number);
  if (result.outcome == AddResult::Outcome::unchanged) {
    return fmt::format("{}: same text as {} ({})", style.dim("unchanged"), where,
                       style.yellow(short_id(result.id)));
  }
  std::string line =
      fmt::format("{} {} ({}, {})", style.green("stored"), style.bold(where),
                  style.yellow(short_id(result.id)), format_time(result.captured_at));
  if (result.rebuilt > 0) {
    line += fmt::format(", placed before {} later revision{}", result.rebuilt,
                        result.rebuilt == 1 ? "" : "s");
  }
  if (result.replaced_later) line += ", in place of a later capture of the same text";
  return line;
}

nlohmann::ordered_json add_result_json(const AddResult& result) {
  return {{"story", result.story},
          {"outcome", result.outcome == AddResult::Outcome::stored ? "stored" : "unchanged"},
          {"number", result.number},
          {"id", result.id},
          {"captured_at", format_time(result.captured_at)},
          {"rebuilt", result.rebuilt},
          {"replaced_later", result.replaced_later}};
}

namespace {

struct AddOptions {
  std::string file;
  std::string story;
  std::string url;
  std::string at;
  std::string type;
  std::string rules;
  bool json = false;
};

Result<void> run_add(const Context& context, const AddOptions& options) {
  auto rules = load_site_rules(options.rules);
  if (!rules) return std::move(rules).error();
  CaptureRequest request{options.file,
                         options.story,
                         options.url,
                         options.type,
                         0,
                         rules->has_value() ? &**rules : nullptr,
                         {}};
  if (options.at.empty()) {
    request.captured_at = now_seconds();
  } else {
    auto at = parse_time(options.at);
    if (!at) return as_usage(std::move(at).error());
    request.captured_at = *at;
  }
  if (auto ok = check_capture_time(request.captured_at); !ok) {
    return as_usage(fail("--at: {}", ok.error().message));
  }
  if (!options.url.empty()) {
    if (auto ok = check_url(options.url); !ok)
      return as_usage(fail("--url: {}", ok.error().message));
  }
  if (!options.story.empty()) {
    if (auto ok = check_slug(options.story); !ok) return as_usage(std::move(ok).error());
  }
  // Everything about the input is checked before the store is opened, so bad input never
  // creates or touches a store.
  auto bytes = read_capture_file(options.file);
  if (!bytes) return std::move(bytes).error();
  auto capture = make_capture(request, std::move(*bytes));
  if (!capture) return std::move(capture).error();

  auto store = context.open_store(RevisionStore::Access::write);
  if (!store) return std::move(store).error();
  auto result = store->add(*capture);
  if (!result) return std::move(result).error();
  if (options.json) {
    fmt::print("{}\n", add_result_json(*result).dump());
  } else {
    fmt::print("{}\n", describe_add(*result, context.out_style()));
  }
  return {};
}

}  // namespace

void setup_add(CLI::App& app, Context& context) {
  auto options = std::make_shared<AddOptions>();
  CLI::App* sub = app.add_subcommand(
      "add", "Record a saved page (HTML) or plain text as a revision of a story");
  sub->add_option("file", options->file, "The saved page or text file; - reads standard input")
      ->required()
      ->type_name("FILE");
  sub->add_option("--story", options->story,
                  "The story's name (a slug: a-z, 0-9, hyphens); default: from --url, else from "
                  "the headline")
      ->type_name("SLUG");
  add_url_option(*sub, options->url);
  sub->add_option("--at", options->at,
                  "When it was captured, ISO 8601 (2021-06-08T15:40:00Z); default: now")
      ->type_name("TIME");
  add_type_option(*sub, options->type);
  add_rules_option(*sub, options->rules);
  sub->add_flag("--json", options->json, "Print the outcome as one JSON object");
  sub->footer(R"(A capture whose text equals the revision current at its time is not stored: the
command prints "unchanged" and exits 0. A capture older than the latest revision is
placed in capture order, and the revisions after it are renumbered.

Example:
  storytrail add saved-page.html --story harris-mexico \
      --url https://www.aljazeera.com/news/... --at 2021-06-08T15:40:00Z)");
  sub->callback([&context, options] {
    context.action = [&context, options] { return run_add(context, *options); };
  });
}

}  // namespace st::cli
