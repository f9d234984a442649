// The reading commands: stories, log, show. None of them changes a story; `stories` may
// refresh the store's summary cache (see store/README.md).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iterator>
#include <memory>

#include "cli/app.hpp"
#include "cli/report.hpp"
#include "store/revspec.hpp"
#include "util/slug.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace st::cli {

Result<void> print_log(const RevisionStore& store, std::string_view story, bool json,
                       const Style& style) {
  auto revisions = store.revisions(story);
  if (!revisions) return std::move(revisions).error();
  std::vector<std::size_t> words;
  for (const RevisionInfo& info : *revisions) {
    auto stored = store.read(info);
    if (!stored) return std::move(stored).error();
    words.push_back(count_words(stored->text));
  }
  if (json) {
    auto list = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < revisions->size(); ++i) {
      const RevisionInfo& r = (*revisions)[i];
      list.push_back({{"number", r.number},
                      {"id", r.id},
                      {"captured_at", format_time(r.captured_at)},
                      {"headline", r.headline},
                      {"url", r.url},
                      {"words", words[i]}});
    }
    fmt::print("{}\n",
               nlohmann::ordered_json{{"story", story}, {"revisions", std::move(list)}}.dump(2));
    store.remember_revisions(story, *revisions);
    return {};
  }
  std::string out;
  for (std::size_t i = 0; i < revisions->size(); ++i) {
    const RevisionInfo& r = (*revisions)[i];
    out +=
        fmt::format("{:>3}  {}  {}  {:>5} words  {}\n", style.bold(std::to_string(r.number)),
                    style.yellow(short_id(r.id)), format_time(r.captured_at), words[i], r.headline);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  store.remember_revisions(story, *revisions);
  return {};
}

namespace {

// ---- stories -----------------------------------------------------------------------------

struct StoriesOptions {
  bool json = false;
};

Result<void> run_stories(const Context& context, const StoriesOptions& options) {
  auto store = context.open_store(RevisionStore::Access::read);
  if (!store) return std::move(store).error();
  auto stories = store->stories();
  if (!stories) return std::move(stories).error();
  if (options.json) {
    auto list = nlohmann::ordered_json::array();
    for (const StorySummary& s : *stories) {
      list.push_back({{"story", s.story},
                      {"revisions", s.revisions},
                      {"first_captured_at", format_time(s.first_captured_at)},
                      {"last_captured_at", format_time(s.last_captured_at)},
                      {"headline", s.headline}});
    }
    fmt::print("{}\n", nlohmann::ordered_json{{"stories", std::move(list)}}.dump(2));
    return {};
  }
  if (stories->empty()) {
    fmt::print("no stories in {} yet\n", store->path().string());
    return {};
  }
  const Style style = context.out_style();
  std::size_t width = 5;
  for (const StorySummary& s : *stories) width = std::max(width, s.story.size());
  fmt::memory_buffer out;
  fmt::format_to(std::back_inserter(out), "{:<{}}  {:>4}  {:<20}  {:<20}  {}\n", "STORY", width,
                 "REVS", "FIRST CAPTURE", "LAST CAPTURE", "LATEST HEADLINE");
  for (const StorySummary& s : *stories) {
    fmt::format_to(std::back_inserter(out), "{}{:{}}  {:>4}  {}  {}  {}\n", style.bold(s.story), "",
                   width - s.story.size(), s.revisions, format_time(s.first_captured_at),
                   format_time(s.last_captured_at), s.headline);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return {};
}

// ---- log ---------------------------------------------------------------------------------

struct LogOptions {
  std::string story;
  bool json = false;
};

Result<void> run_log(const Context& context, const LogOptions& options) {
  auto store = context.open_store(RevisionStore::Access::read);
  if (!store) return std::move(store).error();
  return print_log(*store, options.story, options.json, context.out_style());
}

// ---- show --------------------------------------------------------------------------------

struct ShowOptions {
  std::string target;
  bool json = false;
};

Result<void> run_show(const Context& context, const ShowOptions& options) {
  auto named = open_named_revision(context, options.target);
  if (!named) return std::move(named).error();
  const std::string& story = named->story;
  const RevisionInfo* info = &named->info;
  auto stored = named->store.read(*info);
  if (!stored) return std::move(stored).error();
  if (options.json) {
    nlohmann::ordered_json json{{"story", story},
                                {"number", info->number},
                                {"id", info->id},
                                {"captured_at", format_time(info->captured_at)},
                                {"url", info->url},
                                {"words", count_words(stored->text)},
                                {"article", article_to_json(stored->article)}};
    fmt::print("{}\n", json.dump(2));
    named->store.remember_revisions(named->story, named->revisions);
    return {};
  }
  std::fwrite(stored->text.data(), 1, stored->text.size(), stdout);
  named->store.remember_revisions(named->story, named->revisions);
  return {};
}

}  // namespace

Result<NamedRevision> open_named_revision(const Context& context, std::string_view target) {
  auto parsed = parse_story_revision(target);
  if (!parsed) return as_usage(std::move(parsed).error());
  auto store = context.open_store(RevisionStore::Access::read);
  if (!store) return std::move(store).error();
  auto revisions = store->revisions(parsed->story);
  if (!revisions) return std::move(revisions).error();
  auto info = resolve_revision(parsed->revision, parsed->story, *revisions);
  if (!info) return std::move(info).error();
  return NamedRevision{std::move(*store), parsed->story, std::move(*revisions), std::move(*info)};
}

void setup_stories(CLI::App& app, Context& context) {
  auto options = std::make_shared<StoriesOptions>();
  CLI::App* sub = app.add_subcommand(
      "stories", "List every story: revisions, first and last capture, latest headline");
  sub->add_flag("--json", options->json, "Print {\"stories\": [...]} as JSON");
  sub->callback([&context, options] {
    context.action = [&context, options] { return run_stories(context, *options); };
  });
}

void setup_log(CLI::App& app, Context& context) {
  auto options = std::make_shared<LogOptions>();
  CLI::App* sub = app.add_subcommand(
      "log", "List the revisions of a story, oldest first: number, id, time, words, headline");
  add_story_argument(*sub, options->story);
  sub->add_flag("--json", options->json, "Print {\"story\", \"revisions\": [...]} as JSON");
  sub->callback([&context, options] {
    context.action = [&context, options] { return run_log(context, *options); };
  });
}

void setup_show(CLI::App& app, Context& context) {
  auto options = std::make_shared<ShowOptions>();
  CLI::App* sub = app.add_subcommand("show", "Print the text of one revision of a story");
  sub->add_option("target", options->target, "The story and revision (default: the latest)")
      ->required()
      ->type_name("SLUG[@REV]");
  sub->add_flag("--json", options->json, "Print the revision and its structured article as JSON");
  sub->footer(R"(REV is one of:
  3            the third revision (revisions are numbered from 1 in capture order)
  latest       the newest; latest~1 is the one before it
  1a2b3c4      a commit id, or a prefix of at least 7 hex digits
  @2021-06-08T15:00Z
               the revision current at that time (the newest captured at or before it)

Examples:
  storytrail show harris-mexico
  storytrail show harris-mexico@3
  storytrail show harris-mexico@latest~1 --json)");
  sub->callback([&context, options] {
    context.action = [&context, options] { return run_show(context, *options); };
  });
}

}  // namespace st::cli
