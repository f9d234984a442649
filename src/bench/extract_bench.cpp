// st_bench_extract: times article extraction against the HTML parser's own time, on the same
// pages in the same run, and writes each page's extracted article as JSON for scoring.
//
// Two passes over pages held in memory (nothing is read from disk while the clock runs):
//   (a) parse only: charset detection and decoding to UTF-8, then gumbo_parse_with_options
//       with kGumboDefaultOptions and gumbo_destroy_output; no pruning. This is the anchor: the
//       time any extractor built on gumbo must spend anyway.
//   (b) st::extract_article on the same bytes: everything the extractor does.
// Each timed repetition runs (a) over every page, then (b) over every page. The program is
// single-threaded on purpose, so the figures are one core's and compare with gumbo's.
//
// tools/bench/extract drives it and scores the JSON against reference extractions.

#include <gumbo.h>

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "article/article.hpp"
#include "bench/bench_cli.hpp"
#include "extract/charset.hpp"
#include "extract/extract.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kUsage = R"(usage: st_bench_extract [options] PATH...

Times HTML parsing alone against full article extraction on the same pages, in one run,
single-threaded (one core, no worker threads), and writes each page's article as JSON.

PATH is a page file, a page folder holding source.html, or a corpus folder whose sub-folders
hold source.html (each such sub-folder is one page, named after it). A page given as a file
is named after the file without its extension. Every page is read into memory before timing.

Passes, each run over every page once per repetition:
  (a) parse only: charset detection and decoding, gumbo_parse_with_options with
      kGumboDefaultOptions, gumbo_destroy_output (no pruning): the parser's own time
  (b) st::extract_article on the same bytes (no URL, no Content-Type)
One untimed warm-up of each pass comes first; pass (b)'s warm-up produces the JSON output.
Figures: the median and the minimum of the repetitions' pass times, MB/s (1 MB = 10^6 bytes)
from the median, and the ratio (b)/(a) of the medians.

options:
  -n, --reps N        timed repetitions of each pass (default: 5)
  -o, --out DIR       write DIR/<page>.json per page: {page, source, bytes, parse_s,
                      extract_s, ok, article (article_to_json), canonical_text} or error
  --summary FILE      write the timing figures as JSON
  --top K             list the K pages with the most extraction time (default: 10; 0: none)
  -h, --help          this help
)";

struct Page {
  std::string name;
  std::string path;
  std::string bytes;
  double parse_best = 0;    // the fastest repetition of pass (a) on this page, seconds
  double extract_best = 0;  // the same for pass (b)
};

struct Options {
  int reps = 5;
  std::string out_dir;
  std::string summary_file;
  int top = 10;
  std::vector<std::string> paths;
};

using st::bench::fatal;
using st::bench::parse_count;
using st::bench::usage_error;

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const auto value = [&]() -> std::string_view {
      if (i + 1 >= argc) usage_error(fmt::format("{} needs a value", arg));
      return argv[++i];
    };
    if (arg == "-h" || arg == "--help") {
      fmt::print("{}", kUsage);
      std::exit(0);
    } else if (arg == "-n" || arg == "--reps") {
      options.reps = parse_count(arg, value(), 1);
    } else if (arg == "-o" || arg == "--out") {
      options.out_dir = value();
    } else if (arg == "--summary") {
      options.summary_file = value();
    } else if (arg == "--top") {
      options.top = parse_count(arg, value(), 0);
    } else if (arg == "--") {
      for (++i; i < argc; ++i) options.paths.emplace_back(argv[i]);
    } else if (arg.starts_with("-") && arg.size() > 1) {
      usage_error(fmt::format("unknown option '{}'", arg));
    } else {
      options.paths.emplace_back(arg);
    }
  }
  if (options.paths.empty()) usage_error("no pages given");
  return options;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fatal(fmt::format("cannot open {}", path.string()));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) fatal(fmt::format("cannot read {}", path.string()));
  return bytes;
}

// The name of a page file: a source.html is named after its folder ("bbc-1"), any other file
// after itself without the extension.
std::string page_name(const fs::path& file) {
  const fs::path full = fs::absolute(file).lexically_normal();
  if (full.filename() == "source.html") return full.parent_path().filename().string();
  return full.stem().string();
}

// The page files a command-line path stands for.
std::vector<fs::path> expand_path(const fs::path& path) {
  std::error_code error;
  if (fs::is_regular_file(path, error)) return {path};
  if (!fs::is_directory(path, error)) {
    fatal(fmt::format("no such file or folder: {}", path.string()));
  }
  if (fs::is_regular_file(path / "source.html", error)) return {path / "source.html"};
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(path)) {
    if (entry.is_directory() && fs::is_regular_file(entry.path() / "source.html", error)) {
      files.push_back(entry.path() / "source.html");
    }
  }
  if (files.empty()) fatal(fmt::format("{} holds no */source.html pages", path.string()));
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<Page> load_pages(const std::vector<std::string>& paths) {
  std::vector<Page> pages;
  std::set<std::string> taken;
  for (const std::string& arg : paths) {
    for (const fs::path& file : expand_path(arg)) {
      std::string name = page_name(file);
      if (name.empty()) name = "page";
      std::string unique = name;  // two files of the same name get "-2", "-3"...
      for (int n = 2; taken.contains(unique); ++n) unique = fmt::format("{}-{}", name, n);
      taken.insert(unique);
      pages.push_back(Page{unique, file.string(), read_file(file)});
    }
  }
  return pages;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Pass (a) on one page. Returns something derived from the tree so the work is observable.
std::size_t parse_only(std::string_view bytes) {
  const std::string charset = st::html_charset(bytes, "");
  const st::ByteOrderMark bom = st::detect_byte_order_mark(bytes);
  const std::string text = st::decode_to_utf8(bytes.substr(bom.length), charset);
  GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, text.data(), text.size());
  const std::size_t children = output->root->v.element.children.length;
  gumbo_destroy_output(&kGumboDefaultOptions, output);
  return children + text.size();
}

st::Result<st::Article> extract(std::string_view bytes) {
  st::ExtractInput input;
  input.bytes = bytes;
  return st::extract_article(input);
}

// One timed pass of `work` over every page; each page keeps its fastest time.
template <typename Work>
double timed_pass(std::vector<Page>& pages, double Page::*best, bool first, Work&& work,
                  std::size_t& sink) {
  const Clock::time_point pass_start = Clock::now();
  for (Page& page : pages) {
    const Clock::time_point start = Clock::now();
    sink += work(page.bytes);
    const double took = seconds_since(start);
    if (first || took < page.*best) page.*best = took;
  }
  return seconds_since(pass_start);
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

struct PassFigures {
  double median_s = 0;
  double min_s = 0;
  double mb_per_s = 0;
};

PassFigures figures(const std::vector<double>& times, std::size_t bytes) {
  PassFigures f;
  f.median_s = median(times);
  f.min_s = *std::min_element(times.begin(), times.end());
  f.mb_per_s = f.median_s > 0 ? static_cast<double>(bytes) / 1e6 / f.median_s : 0;
  return f;
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) fatal(fmt::format("cannot write {}", path.string()));
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse_options(argc, argv);
  std::vector<Page> pages = load_pages(options.paths);
  std::size_t total_bytes = 0;
  for (const Page& page : pages) total_bytes += page.bytes.size();

  // Warm-up: one untimed pass of each; the extraction results are the ones written out.
  std::size_t sink = 0;
  for (const Page& page : pages) sink += parse_only(page.bytes);
  std::vector<std::optional<st::Article>> articles(pages.size());
  std::map<std::string, std::string> failures;  // page name -> message
  for (std::size_t i = 0; i < pages.size(); ++i) {
    auto result = extract(pages[i].bytes);
    if (result) {
      articles[i] = std::move(result).value();
    } else {
      failures[pages[i].name] = result.error().message;
    }
  }

  std::vector<double> parse_times;
  std::vector<double> extract_times;
  for (int rep = 0; rep < options.reps; ++rep) {
    const bool first = rep == 0;
    parse_times.push_back(timed_pass(pages, &Page::parse_best, first, parse_only, sink));
    extract_times.push_back(timed_pass(
        pages, &Page::extract_best, first,
        [](std::string_view bytes) -> std::size_t {
          const auto result = extract(bytes);
          return result ? result->body.size() + 1 : 0;
        },
        sink));
  }

  const PassFigures parse = figures(parse_times, total_bytes);
  const PassFigures full = figures(extract_times, total_bytes);
  const double ratio = parse.median_s > 0 ? full.median_s / parse.median_s : 0;
  const double ratio_min = parse.min_s > 0 ? full.min_s / parse.min_s : 0;

  fmt::print("st_bench_extract: {} pages, {:.1f} MB ({} bytes), {} timed repetitions after a "
             "warm-up, single-threaded\n",
             pages.size(), static_cast<double>(total_bytes) / 1e6, total_bytes, options.reps);
  fmt::print("  {:<40} {:>9} {:>9} {:>9}\n", "pass (all pages)", "median s", "min s",
             "MB/s");
  fmt::print("  {:<40} {:>9.3f} {:>9.3f} {:>9.1f}\n",
             "(a) parse only: decode + gumbo (default)", parse.median_s, parse.min_s,
             parse.mb_per_s);
  fmt::print("  {:<40} {:>9.3f} {:>9.3f} {:>9.1f}\n", "(b) st::extract_article", full.median_s,
             full.min_s, full.mb_per_s);
  fmt::print("  ratio (b)/(a): {:.2f} (medians), {:.2f} (minimums)\n", ratio, ratio_min);
  fmt::print("  extraction failures: {} of {} pages\n", failures.size(), pages.size());
  for (const auto& [name, message] : failures) fmt::print("    {}: {}\n", name, message);

  if (options.top > 0) {
    std::vector<const Page*> order;
    for (const Page& page : pages) order.push_back(&page);
    std::sort(order.begin(), order.end(), [](const Page* a, const Page* b) {
      return a->extract_best > b->extract_best;
    });
    order.resize(std::min(order.size(), static_cast<std::size_t>(options.top)));
    fmt::print("  most extraction time (fastest repetition per page):\n");
    fmt::print("    {:<36} {:>9} {:>9} {:>9} {:>6}\n", "page", "KB", "parse ms", "extract ms",
               "ratio");
    for (const Page* page : order) {
      fmt::print("    {:<36} {:>9.1f} {:>9.2f} {:>9.2f} {:>6.2f}\n", page->name,
                 static_cast<double>(page->bytes.size()) / 1e3, page->parse_best * 1e3,
                 page->extract_best * 1e3,
                 page->parse_best > 0 ? page->extract_best / page->parse_best : 0.0);
    }
  }

  if (!options.out_dir.empty()) {
    std::error_code error;
    fs::create_directories(options.out_dir, error);
    if (error) fatal(fmt::format("cannot create {}: {}", options.out_dir, error.message()));
    for (std::size_t i = 0; i < pages.size(); ++i) {
      const Page& page = pages[i];
      nlohmann::ordered_json json;
      json["page"] = page.name;
      json["source"] = page.path;
      json["bytes"] = page.bytes.size();
      json["parse_s"] = page.parse_best;
      json["extract_s"] = page.extract_best;
      json["ok"] = articles[i].has_value();
      if (articles[i]) {
        json["article"] = st::article_to_json(*articles[i]);
        json["canonical_text"] = st::canonical_text(*articles[i]);
      } else {
        json["error"] = failures[page.name];
      }
      write_text(fs::path(options.out_dir) / (page.name + ".json"), json.dump(1) + "\n");
    }
  }

  if (!options.summary_file.empty()) {
    const auto pass_json = [](const PassFigures& f) {
      return nlohmann::ordered_json{
          {"median_s", f.median_s}, {"min_s", f.min_s}, {"mb_per_s", f.mb_per_s}};
    };
    nlohmann::ordered_json summary;
    summary["pages"] = pages.size();
    summary["bytes"] = total_bytes;
    summary["reps"] = options.reps;
    summary["threads"] = 1;
    summary["parse"] = pass_json(parse);
    summary["extract"] = pass_json(full);
    summary["ratio"] = ratio;
    summary["ratio_min"] = ratio_min;
    summary["parse_times_s"] = parse_times;
    summary["extract_times_s"] = extract_times;
    summary["failures"] = failures;
    write_text(options.summary_file, summary.dump(1) + "\n");
  }
  // The sink keeps both passes' results live; print it where nobody looks.
  fmt::print(stderr, "{}", sink == 0 ? "(no work was done)\n" : "");
  return 0;
}
