// storytrail import: record a folder of captures described by a manifest, in one pass.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <fstream>
#include <memory>
#include <optional>
#include <thread>

#include "cli/capture.hpp"
#include "cli/import.hpp"
#include "cli/report.hpp"
#include "util/slug.hpp"
#include "util/time.hpp"

namespace st::cli {

namespace fs = std::filesystem;

Result<std::vector<ManifestEntry>> read_manifest(const fs::path& dir) {
  const fs::path path = dir / "manifest.json";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return fail("'{}' is not a directory", dir.string());
  auto bytes = read_capture_file(path.string());
  if (!bytes) return std::move(bytes).error();
  const auto json = nlohmann::json::parse(*bytes, nullptr, false);
  if (json.is_discarded()) return fail("{} is not valid JSON", path.string());
  if (!json.is_object() || !json.contains("captures") || !json["captures"].is_array()) {
    return fail("{} must be an object with a \"captures\" list", path.string());
  }
  std::vector<ManifestEntry> entries;
  std::size_t index = 0;
  for (const auto& item : json["captures"]) {
    ++index;
    const auto where = [&] { return fmt::format("{}: capture {}", path.string(), index); };
    if (!item.is_object()) return fail("{} is not an object", where());
    std::string wrong_type;
    const auto text = [&](const char* key) -> std::string {
      const auto it = item.find(key);
      if (it == item.end() || it->is_null()) return {};
      if (!it->is_string()) {
        wrong_type = key;
        return {};
      }
      return it->get<std::string>();
    };
    ManifestEntry entry{text("file"), text("story"), text("url"), 0};
    const std::string at = text("captured_at");
    if (!wrong_type.empty()) return fail("{}: \"{}\" is not a string", where(), wrong_type);
    if (entry.file.empty()) return fail("{} has no \"file\"", where());
    if (entry.story.empty() && !entry.url.empty()) entry.story = slug_from_url(entry.url);
    if (entry.story.empty()) return fail("{} has no \"story\" (nor a \"url\" to name it)", where());
    if (auto ok = check_slug(entry.story); !ok) {
      return fail("{}: {}", where(), ok.error().message);
    }
    if (!entry.url.empty()) {
      if (auto ok = check_url(entry.url); !ok) return fail("{}: {}", where(), ok.error().message);
    }
    if (at.empty()) return fail("{} has no \"captured_at\"", where());
    auto time = parse_time(at);
    if (!time) return fail("{}: {}", where(), time.error().message);
    if (auto ok = check_capture_time(*time); !ok) {
      return fail("{}: {}", where(), ok.error().message);
    }
    entry.captured_at = *time;
    entries.push_back(std::move(entry));
  }
  if (entries.empty()) return fail("{} lists no captures", path.string());
  return entries;
}

namespace {

class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled) {}
  void update(std::string_view phase, std::size_t done, std::size_t total) {
    if (!enabled_ || total == 0) return;
    constexpr std::size_t kWidth = 30;
    const std::size_t filled = done * kWidth / total;
    std::fprintf(stderr, "\r%-10.*s [%s%s] %zu/%zu", static_cast<int>(phase.size()), phase.data(),
                 std::string(filled, '#').c_str(), std::string(kWidth - filled, ' ').c_str(), done,
                 total);
    std::fflush(stderr);
  }
  void finish() {
    if (enabled_) std::fprintf(stderr, "\r\x1b[K");
  }

 private:
  bool enabled_;
};

}  // namespace

Result<std::vector<ImportedCapture>> import_directory(const Context& context, const fs::path& dir,
                                                      bool show_progress, const SiteRules* rules) {
  auto entries = read_manifest(dir);
  if (!entries) return std::move(entries).error();
  ProgressBar bar(show_progress);

  // Read and extract on every core; the first failure (in manifest order) is reported.
  std::vector<Result<NewCapture>> captures(entries->size(), Result<NewCapture>(Error{}));
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  const auto work = [&] {
    for (std::size_t i = next++; i < entries->size(); i = next++) {
      const ManifestEntry& e = (*entries)[i];
      const std::string file = (dir / e.file).string();
      auto bytes = read_capture_file(file);
      captures[i] =
          bytes ? make_capture(CaptureRequest{file, e.story, e.url, "", e.captured_at, rules, {}},
                               std::move(*bytes))
                : Result<NewCapture>(std::move(bytes).error());
      ++done;
    }
  };
  const unsigned threads = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  if (show_progress) {
    // The main thread draws the bar while the others work, then joins in.
    std::thread drawer([&] {
      while (done < entries->size()) {
        bar.update("reading", done, entries->size());
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
    work();
    drawer.join();
  } else {
    work();
  }
  for (std::thread& t : pool) t.join();
  std::vector<NewCapture> ready;
  ready.reserve(captures.size());
  for (auto& capture : captures) {
    if (!capture) {
      bar.finish();
      return std::move(capture).error();
    }
    ready.push_back(std::move(*capture));
  }

  auto store = context.open_store(RevisionStore::Access::write);
  if (!store) return std::move(store).error();
  auto results = store->import(
      ready, [&](std::size_t n, std::size_t total) { bar.update("storing", n, total); });
  bar.finish();
  if (!results) return std::move(results).error();
  std::vector<ImportedCapture> imported;
  for (std::size_t i = 0; i < results->size(); ++i) {
    imported.push_back(ImportedCapture{(*entries)[i], std::move((*results)[i])});
  }
  return imported;
}

namespace {

struct ImportOptions {
  std::string dir;
  std::string rules;
  bool json = false;
};

Result<void> run_import(const Context& context, const ImportOptions& options) {
  auto rules = load_site_rules(options.rules);
  if (!rules) return std::move(rules).error();
  auto imported = import_directory(context, options.dir, is_terminal(stderr) && !options.json,
                                   rules->has_value() ? &**rules : nullptr);
  if (!imported) return std::move(imported).error();
  std::size_t stored = 0;
  std::vector<std::string> stories;
  for (const ImportedCapture& c : *imported) {
    stored += c.result.outcome == AddResult::Outcome::stored;
    stories.push_back(c.result.story);
  }
  std::sort(stories.begin(), stories.end());
  stories.erase(std::unique(stories.begin(), stories.end()), stories.end());
  if (options.json) {
    auto list = nlohmann::ordered_json::array();
    for (const ImportedCapture& c : *imported) {
      auto item = add_result_json(c.result);
      item["file"] = c.entry.file;
      list.push_back(std::move(item));
    }
    fmt::print("{}\n", nlohmann::ordered_json{{"stored", stored},
                                              {"unchanged", imported->size() - stored},
                                              {"stories", stories.size()},
                                              {"captures", std::move(list)}}
                           .dump(2));
    return {};
  }
  fmt::print("imported {} capture{} into {} stor{}: {} stored, {} unchanged\n", imported->size(),
             imported->size() == 1 ? "" : "s", stories.size(), stories.size() == 1 ? "y" : "ies",
             stored, imported->size() - stored);
  return {};
}

}  // namespace

void setup_import(CLI::App& app, Context& context) {
  auto options = std::make_shared<ImportOptions>();
  CLI::App* sub = app.add_subcommand(
      "import", "Record a folder of captures listed in its manifest.json, in one pass");
  sub->add_option("dir", options->dir, "The folder holding manifest.json and the captures")
      ->required()
      ->type_name("DIR");
  add_rules_option(*sub, options->rules);
  sub->add_flag("--json", options->json, "Print the outcome of every capture as JSON");
  sub->footer(R"(DIR/manifest.json lists the captures, paths relative to DIR:
  {"captures": [
    {"file": "01.html", "story": "harris-mexico",
     "url": "https://...", "captured_at": "2021-06-08T13:32:00Z"},
    ...]}
"story" may be left out when "url" names it; "url" is optional.

Every capture is read and checked before anything is written; then all revisions go
into one pack and each story's ref moves once. Captures are placed in capture order
and deduplicated exactly as 'storytrail add' does.)");
  sub->callback([&context, options] {
    context.action = [&context, options] { return run_import(context, *options); };
  });
}

}  // namespace st::cli
