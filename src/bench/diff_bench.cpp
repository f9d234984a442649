// st_bench_diff: times the diff engine on revisions read from a store, for tools/bench/diff.
//
//   pairs STORE SLUG    every revision of a story read in one process, then every consecutive
//                       pair diffed: what the timeline does. Read and diff are timed apart.
//   pair STORE SLUG A B one pair diffed over and over (the complete rewrite).
//   export STORE SLUG A B DIR
//                       writes the pair's articles (old.json, new.json: article.json format) and
//                       the word tokens of their article.txt (tokens.json), for
//                       st_gbench_diff and the difflib reference.
//
// Times are wall time (steady_clock) in one thread. Nothing is printed or written while the
// clock runs.

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "article/article.hpp"
#include "bench/bench_cli.hpp"
#include "diff/diff.hpp"
#include "diff/tokens.hpp"
#include "store/revision_store.hpp"
#include "util/text.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kUsage = R"(usage: st_bench_diff pairs STORE SLUG [options]
       st_bench_diff pair STORE SLUG A B [options]
       st_bench_diff export STORE SLUG A B DIR

Times st::diff_articles on revisions from a storytrail store. A and B are revision numbers
(1 is the oldest).

  pairs    opens the store, lists the story, then REPS times: reads every revision (article.json
           parsed into an Article), and diffs every consecutive pair (1-2, 2-3, ...). Prints the
           open and list times, the read and diff times of the repetitions (first, median,
           fastest), and per pair (its fastest repetition) the median, p90 and slowest pair.
  pair     reads revisions A and B, diffs them once untimed, then REPS times; prints the median
           and fastest time, what the diff found and the notes of the limits that applied.
  export   writes DIR/old.json and DIR/new.json (the two articles, article.json format) and
           DIR/tokens.json: {"old": [...], "new": [...]}, the word tokens (st::tokenize) of
           each revision's article.txt.

options:
  -n, --reps N          repetitions (default: 5)
  --granularity G       word, sentence or paragraph (default: word)
  --results FILE        append the figures to FILE as NAME.key=value lines
  --name NAME           the prefix of those lines (default: the story's slug)
  -q, --quiet           print nothing but errors
  -h, --help            this help
)";

struct Options {
  std::string command;
  std::vector<std::string> args;
  int reps = 5;
  st::Granularity granularity = st::Granularity::word;
  std::string results_file;
  std::string name;
  bool quiet = false;
};

using st::bench::fatal;
using st::bench::parse_count;
using st::bench::usage_error;

Options parse_options(int argc, char** argv) {
  Options options;
  std::vector<std::string> positional;
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
    } else if (arg == "--granularity") {
      const std::string_view g = value();
      if (g == "word") {
        options.granularity = st::Granularity::word;
      } else if (g == "sentence") {
        options.granularity = st::Granularity::sentence;
      } else if (g == "paragraph") {
        options.granularity = st::Granularity::paragraph;
      } else {
        usage_error(fmt::format("--granularity takes word, sentence or paragraph, not '{}'", g));
      }
    } else if (arg == "--results") {
      options.results_file = value();
    } else if (arg == "--name") {
      options.name = value();
    } else if (arg == "-q" || arg == "--quiet") {
      options.quiet = true;
    } else if (arg.starts_with("-") && arg.size() > 1) {
      usage_error(fmt::format("unknown option '{}'", arg));
    } else {
      positional.emplace_back(arg);
    }
  }
  if (positional.empty()) usage_error("no command given");
  options.command = positional.front();
  options.args.assign(positional.begin() + 1, positional.end());
  const std::size_t wanted = options.command == "pairs"    ? 2
                             : options.command == "pair"   ? 4
                             : options.command == "export" ? 5
                                                           : 0;
  if (wanted == 0) usage_error(fmt::format("unknown command '{}'", options.command));
  if (options.args.size() != wanted) {
    usage_error(
        fmt::format("{} takes {} arguments, not {}", options.command, wanted, options.args.size()));
  }
  if (options.name.empty()) options.name = options.args[1];
  return options;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

double minimum(const std::vector<double>& values) {
  return *std::min_element(values.begin(), values.end());
}

std::string ms(double seconds) {
  return fmt::format("{:.3f} ms", seconds * 1e3);
}

// The figures written with --results, in the order they were recorded.
class Results {
 public:
  explicit Results(std::string prefix) : prefix_(std::move(prefix)) {}
  void add(std::string_view key, double value) {
    lines_ += fmt::format("{}.{}={:.9g}\n", prefix_, key, value);
  }
  void write(const std::string& file) const {
    if (file.empty()) return;
    std::ofstream out(file, std::ios::app);
    out << lines_;
    if (!out) fatal(fmt::format("cannot write {}", file));
  }

 private:
  std::string prefix_;
  std::string lines_;
};

st::RevisionStore open_store(const std::string& path) {
  auto store = st::RevisionStore::open(path, st::RevisionStore::Access::read);
  if (!store) fatal(store.error().message);
  return std::move(store).value();
}

std::vector<st::RevisionInfo> list_revisions(const st::RevisionStore& store,
                                             const std::string& slug) {
  auto revisions = store.revisions(slug);
  if (!revisions) fatal(revisions.error().message);
  return std::move(revisions).value();
}

st::StoredRevision read_revision(const st::RevisionStore& store, const st::RevisionInfo& info) {
  auto revision = store.read(info);
  if (!revision) fatal(revision.error().message);
  return std::move(revision).value();
}

// Revision `number` (1-based) of the story, read from the store.
st::StoredRevision read_number(const st::RevisionStore& store,
                               const std::vector<st::RevisionInfo>& revisions,
                               const std::string& slug, const std::string& text) {
  const int number = parse_count("a revision", text, 1);
  if (static_cast<std::size_t>(number) > revisions.size()) {
    fatal(fmt::format("{} has {} revisions, not {}", slug, revisions.size(), number));
  }
  return read_revision(store, revisions[static_cast<std::size_t>(number) - 1]);
}

std::string_view granularity_name(st::Granularity granularity) {
  switch (granularity) {
    case st::Granularity::word:
      return "word";
    case st::Granularity::sentence:
      return "sentence";
    case st::Granularity::paragraph:
      return "paragraph";
  }
  return "word";
}

// Written through a volatile so the compiler cannot drop the diffs whose results nobody reads.
volatile std::size_t g_sink = 0;

void consume(const st::ArticleDiff& diff) {
  g_sink = g_sink + diff.blocks.size() + diff.stats.words_added + diff.notes.size();
}

std::size_t body_words(const st::Article& article) {
  std::size_t words = st::count_words(article.headline);
  for (const st::Block& block : article.body) words += st::count_words(block.text);
  return words;
}

// What a diff found, in one line: "3 edited, 1 inserted, 1 moved; +42 -17 words".
std::string describe(const st::ArticleDiff& diff) {
  const st::DiffStats& s = diff.stats;
  std::string text;
  const auto part = [&](std::size_t n, std::string_view what) {
    if (n == 0) return;
    if (!text.empty()) text += ", ";
    text += fmt::format("{} {}", n, what);
  };
  part(s.edited, "edited");
  part(s.added, "inserted");
  part(s.deleted, "removed");
  part(s.moved, "moved");
  part(s.split, "split");
  part(s.merged, "merged");
  if (diff.headline) part(1, "headline");
  if (text.empty()) text = "no block changed";
  return fmt::format("{}; +{} -{} words", text, s.words_added, s.words_deleted);
}

int run_pairs(const Options& options) {
  const std::string& slug = options.args[1];
  const Clock::time_point open_start = Clock::now();
  const st::RevisionStore store = open_store(options.args[0]);
  const double open_s = seconds_since(open_start);
  const Clock::time_point list_start = Clock::now();
  const std::vector<st::RevisionInfo> revisions = list_revisions(store, slug);
  const double list_s = seconds_since(list_start);
  if (revisions.size() < 2) fatal(fmt::format("{} has fewer than two revisions", slug));
  const std::size_t pairs = revisions.size() - 1;

  std::vector<double> read_times, diff_times, total_times;
  std::vector<double> pair_best(pairs, 0.0);  // each pair's fastest repetition, seconds
  std::vector<std::string> pair_found(pairs);
  std::size_t pairs_with_notes = 0;
  std::vector<double> words;
  // What each pair found and the articles' lengths are worked out only for a report: a quiet
  // run without --results is timed as a whole process and does nothing else.
  const bool describe_pairs = !options.quiet || !options.results_file.empty();
  if (!describe_pairs) {
    // The whole-process measure: as the timeline reads a story, one revision at a time, each
    // diffed with the one before and then let go.
    for (int rep = 0; rep < options.reps; ++rep) {
      st::Article previous;
      for (std::size_t i = 0; i < revisions.size(); ++i) {
        auto article = store.read_article(revisions[i]);
        if (!article) fatal(article.error().message);
        if (i > 0) {
          consume(st::diff_articles(previous, *article, {.granularity = options.granularity}));
        }
        previous = std::move(*article);
      }
    }
    return 0;
  }
  for (int rep = 0; rep < options.reps; ++rep) {
    std::vector<st::StoredRevision> read;
    read.reserve(revisions.size());
    const Clock::time_point read_start = Clock::now();
    for (const st::RevisionInfo& info : revisions) {
      // As the timeline reads them: the article alone, not article.txt.
      auto article = store.read_article(info);
      if (!article) fatal(article.error().message);
      read.push_back(st::StoredRevision{info, std::move(*article), {}});
    }
    const double read_s = seconds_since(read_start);

    std::vector<st::ArticleDiff> diffs(pairs);
    const Clock::time_point diff_start = Clock::now();
    for (std::size_t i = 0; i < pairs; ++i) {
      const Clock::time_point start = Clock::now();
      diffs[i] = st::diff_articles(read[i].article, read[i + 1].article,
                                   {.granularity = options.granularity});
      const double took = seconds_since(start);
      if (rep == 0 || took < pair_best[i]) pair_best[i] = took;
    }
    const double diff_s = seconds_since(diff_start);
    read_times.push_back(read_s);
    diff_times.push_back(diff_s);
    total_times.push_back(read_s + diff_s);
    if (rep == 0 && describe_pairs) {
      for (std::size_t i = 0; i < pairs; ++i) {
        pair_found[i] = describe(diffs[i]);
        pairs_with_notes += diffs[i].notes.empty() ? 0 : 1;
      }
      for (const st::StoredRevision& r : read)
        words.push_back(static_cast<double>(body_words(r.article)));
    }
    for (const st::ArticleDiff& d : diffs) consume(d);
  }

  // The pairs ordered by time: the median one is "a typical pair".
  std::vector<std::size_t> order(pairs);
  for (std::size_t i = 0; i < pairs; ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t x, std::size_t y) { return pair_best[x] < pair_best[y]; });
  const std::size_t typical = order[(pairs - 1) / 2];
  const std::size_t p90 = order[std::min(pairs - 1, (pairs * 9) / 10)];
  const std::size_t slowest = order.back();

  Results results(options.name);
  results.add("revisions", static_cast<double>(revisions.size()));
  results.add("pairs", static_cast<double>(pairs));
  results.add("words_median", words.empty() ? 0.0 : median(words));
  results.add("open_s", open_s);
  results.add("list_s", list_s);
  results.add("read_first_s", read_times.front());
  results.add("read_s", median(read_times));
  results.add("diff_s", median(diff_times));
  results.add("diff_min_s", minimum(diff_times));
  results.add("total_s", median(total_times));
  results.add("pair_median_s", pair_best[typical]);
  results.add("pair_median_from", static_cast<double>(typical + 1));
  results.add("pair_p90_s", pair_best[p90]);
  results.add("pair_max_s", pair_best[slowest]);
  results.add("pair_max_from", static_cast<double>(slowest + 1));
  results.add("pairs_with_notes", static_cast<double>(pairs_with_notes));
  results.write(options.results_file);
  if (options.quiet) return 0;

  fmt::print(
      "st_bench_diff pairs: {}, {} revisions (median {:.0f} words), {} pairs, {} "
      "repetitions, {} granularity\n",
      slug, revisions.size(), median(words), pairs, options.reps,
      granularity_name(options.granularity));
  fmt::print("  open the store (libgit2 start-up)   {}\n", ms(open_s));
  fmt::print("  list the revisions                  {}\n", ms(list_s));
  fmt::print("  read every revision                 first {}, median {}, fastest {}\n",
             ms(read_times.front()), ms(median(read_times)), ms(minimum(read_times)));
  fmt::print("  diff every pair                     median {}, fastest {} ({:.1f} us a pair)\n",
             ms(median(diff_times)), ms(minimum(diff_times)),
             median(diff_times) / static_cast<double>(pairs) * 1e6);
  fmt::print("  read + diff                         median {}\n", ms(median(total_times)));
  const auto pair_line = [&](std::string_view label, std::size_t i) {
    fmt::print("  {:<35} {} ({} -> {}: {})\n", label, ms(pair_best[i]), i + 1, i + 2,
               pair_found[i]);
  };
  pair_line("pair, median (fastest repetition)", typical);
  pair_line("pair, p90", p90);
  pair_line("pair, slowest", slowest);
  fmt::print("  pairs where a limit applied         {}\n", pairs_with_notes);
  return 0;
}

int run_pair(const Options& options) {
  const std::string& slug = options.args[1];
  const st::RevisionStore store = open_store(options.args[0]);
  const std::vector<st::RevisionInfo> revisions = list_revisions(store, slug);
  const st::StoredRevision a = read_number(store, revisions, slug, options.args[2]);
  const st::StoredRevision b = read_number(store, revisions, slug, options.args[3]);
  const st::DiffOptions diff_options{.granularity = options.granularity};

  const st::ArticleDiff first = st::diff_articles(a.article, b.article, diff_options);
  std::vector<double> times;
  for (int rep = 0; rep < options.reps; ++rep) {
    const Clock::time_point start = Clock::now();
    const st::ArticleDiff diff = st::diff_articles(a.article, b.article, diff_options);
    times.push_back(seconds_since(start));
    consume(diff);
  }

  Results results(options.name);
  results.add("words_old", static_cast<double>(body_words(a.article)));
  results.add("words_new", static_cast<double>(body_words(b.article)));
  results.add("diff_s", median(times));
  results.add("diff_min_s", minimum(times));
  results.add("notes", static_cast<double>(first.notes.size()));
  results.write(options.results_file);
  if (options.quiet) return 0;

  fmt::print(
      "st_bench_diff pair: {} {} -> {} ({} and {} words, {} and {} blocks), {} "
      "repetitions after one untimed\n",
      slug, a.info.number, b.info.number, body_words(a.article), body_words(b.article),
      a.article.body.size(), b.article.body.size(), options.reps);
  fmt::print("  diff_articles   median {}, fastest {}\n", ms(median(times)), ms(minimum(times)));
  fmt::print("  found           {}\n", describe(first));
  for (const std::string& note : first.notes) fmt::print("  limit           {}\n", note);
  if (first.notes.empty()) fmt::print("  limit           none applied\n");
  return 0;
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) fatal(fmt::format("cannot write {}", path.string()));
}

int run_export(const Options& options) {
  const std::string& slug = options.args[1];
  const st::RevisionStore store = open_store(options.args[0]);
  const std::vector<st::RevisionInfo> revisions = list_revisions(store, slug);
  const st::StoredRevision a = read_number(store, revisions, slug, options.args[2]);
  const st::StoredRevision b = read_number(store, revisions, slug, options.args[3]);
  const fs::path dir = options.args[4];
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) fatal(fmt::format("cannot create {}: {}", dir.string(), error.message()));
  write_text(dir / "old.json", st::article_to_json(a.article).dump(1) + "\n");
  write_text(dir / "new.json", st::article_to_json(b.article).dump(1) + "\n");
  const nlohmann::json tokens = {{"old", st::tokenize(a.text, st::Granularity::word)},
                                 {"new", st::tokenize(b.text, st::Granularity::word)}};
  write_text(dir / "tokens.json", tokens.dump() + "\n");
  if (!options.quiet) {
    fmt::print("st_bench_diff export: {} {} -> {} in {} ({} and {} tokens)\n", slug, a.info.number,
               b.info.number, dir.string(), tokens["old"].size(), tokens["new"].size());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse_options(argc, argv);
  if (options.command == "pairs") return run_pairs(options);
  if (options.command == "pair") return run_pair(options);
  return run_export(options);
}
