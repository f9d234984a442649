// st_gbench_diff: Google Benchmark timings of the diff engine on one pair of revisions, for
// tools/bench/diff. The pair is read from two article.json files (st_bench_diff export writes
// them), so the articles are exactly the stored ones.
//
//   st_gbench_diff [--benchmark_...] OLD.json NEW.json
//
// Benchmarks:
//   diff_articles/word      st::diff_articles, word granularity: what `storytrail diff` does
//   diff_articles/sentence  the same with Granularity::sentence
//   tokenize/word           st::tokenize of the new revision's article.txt alone
//   diff_text/flat_word     st::diff_text of the two whole article.txt texts, word granularity:
//                           one flat token diff with no block alignment (for comparison)

#include <benchmark/benchmark.h>
#include <fmt/core.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "article/article.hpp"
#include "diff/diff.hpp"
#include "diff/tokens.hpp"

namespace {

[[noreturn]] void fatal(const std::string& message) {
  fmt::print(stderr, "st_gbench_diff: error: {}\n", message);
  std::exit(1);
}

st::Article load_article(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fatal(fmt::format("cannot open {}", path));
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const nlohmann::json json = nlohmann::json::parse(bytes, nullptr, false);
  if (json.is_discarded()) fatal(fmt::format("{} is not JSON", path));
  auto article = st::article_from_json(json);
  if (!article) fatal(fmt::format("{}: {}", path, article.error().message));
  return std::move(article).value();
}

void diff_articles(benchmark::State& state, const st::Article& from, const st::Article& to,
                   st::Granularity granularity) {
  for (auto _ : state) {
    st::ArticleDiff diff = st::diff_articles(from, to, {.granularity = granularity});
    benchmark::DoNotOptimize(diff);
  }
}

void tokenize_text(benchmark::State& state, const std::string& text) {
  std::size_t tokens = 0;
  for (auto _ : state) {
    std::vector<std::string> result = st::tokenize(text, st::Granularity::word);
    tokens = result.size();
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["tokens"] = static_cast<double>(tokens);
}

void diff_text(benchmark::State& state, const std::string& from, const std::string& to) {
  for (auto _ : state) {
    st::TextDiff diff = st::diff_text(from, to, st::Granularity::word);
    benchmark::DoNotOptimize(diff);
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Before benchmark::Initialize, which would answer --help with its own flags.
  if (argc == 2 && (std::string_view(argv[1]) == "-h" || std::string_view(argv[1]) == "--help")) {
    fmt::print(
        "usage: st_gbench_diff [--benchmark_...] OLD.json NEW.json\n\n"
        "Google Benchmark timings of st::diff_articles (word and sentence granularity),\n"
        "st::tokenize and a flat st::diff_text on one pair of articles in article.json form\n"
        "(st_bench_diff export writes them). The other flags are Google Benchmark's own, for\n"
        "example --benchmark_filter=REGEX, --benchmark_repetitions=N,\n"
        "--benchmark_out=FILE --benchmark_out_format=json.\n");
    return 0;
  }
  benchmark::Initialize(&argc, argv);  // takes the --benchmark_ flags out of argv
  if (argc != 3) {
    fmt::print(stderr, "st_gbench_diff: give OLD.json and NEW.json; see --help\n");
    return 2;
  }
  const st::Article from = load_article(argv[1]);
  const st::Article to = load_article(argv[2]);
  const std::string from_text = st::canonical_text(from);
  const std::string to_text = st::canonical_text(to);

  benchmark::RegisterBenchmark("diff_articles/word", diff_articles, from, to, st::Granularity::word)
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("diff_articles/sentence", diff_articles, from, to,
                               st::Granularity::sentence)
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("tokenize/word", tokenize_text, to_text)
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("diff_text/flat_word", diff_text, from_text, to_text)
      ->Unit(benchmark::kMicrosecond);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
