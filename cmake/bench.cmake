# Benchmark programs (tools/bench). Built with the normal build, so CI compiles them with the
# same warning flags as the rest of the project; the drivers in tools/bench run them.

# st_bench_extract: the extraction benchmark (tools/bench/extract). Times gumbo's own parse of
# a set of pages against st::extract_article on the same bytes, and writes each page's article
# as JSON for scoring. It calls gumbo directly for the parse-only anchor.
add_executable(st_bench_extract src/bench/extract_bench.cpp)
target_link_libraries(st_bench_extract PRIVATE st_extract PkgConfig::GUMBO)

# st_bench_diff: the diff benchmark's driver (tools/bench/diff). Reads revisions from a store and
# times st::diff_articles on every consecutive pair, or on one pair; exports a pair for the
# Google Benchmark program and the difflib reference.
add_executable(st_bench_diff src/bench/diff_bench.cpp)
target_link_libraries(st_bench_diff PRIVATE st_store st_diff)

# st_gbench_diff: Google Benchmark timings of the diff engine on one pair (tools/bench/diff).
# Optional: built only when Google Benchmark is installed (Debian: libbenchmark-dev, which
# tools/setup installs); tools/bench/diff skips that part without it.
find_package(benchmark QUIET)
if(benchmark_FOUND)
  add_executable(st_gbench_diff src/bench/diff_gbench.cpp)
  target_link_libraries(st_gbench_diff PRIVATE st_diff benchmark::benchmark)
else()
  message(STATUS "Google Benchmark not found: st_gbench_diff is not built")
endif()
