# Benchmark programs (tools/bench). Built with the normal build, so CI compiles them with the
# same warning flags as the rest of the project; the drivers in tools/bench run them.

# st_bench_extract: the extraction benchmark (tools/bench/extract). Times gumbo's own parse of
# a set of pages against st::extract_article on the same bytes, and writes each page's article
# as JSON for scoring. It calls gumbo directly for the parse-only anchor.
add_executable(st_bench_extract src/bench/extract_bench.cpp)
target_link_libraries(st_bench_extract PRIVATE st_extract PkgConfig::GUMBO)
