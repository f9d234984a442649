// libFuzzer target for the diff engine: every input is read as two articles
// (articles_from_bytes) and diffed at each granularity, both ways and against itself; every
// diff must satisfy diff_violation()'s invariants. A violation prints what broke and aborts,
// which libFuzzer records as a crash; sanitizer reports and uncaught exceptions do the same,
// and an input slower than tools/fuzz's --timeout is recorded as a timeout.
//
// Built only with -DSTORYTRAIL_FUZZ=ON and clang (cmake/fuzz.cmake); run it with
// tools/fuzz --target diff. Findings go into tests/data/diff/fuzz/ so the regression test keeps
// them fixed.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz/diff_invariants.hpp"

namespace {

void check(const st::Article& from, const st::Article& to, st::Granularity granularity,
           const char* label) {
  const st::ArticleDiff diff = st::diff_articles(from, to, {granularity});
  const std::string problem = st::fuzz::diff_violation(from, to, diff);
  if (!problem.empty()) {
    std::fprintf(stderr, "\nst_fuzz_diff: invariant violated (%s, granularity %d): %s\n", label,
                 static_cast<int>(granularity), problem.c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto [from, to] = st::fuzz::articles_from_bytes(bytes);
  for (const st::Granularity g :
       {st::Granularity::word, st::Granularity::sentence, st::Granularity::paragraph}) {
    check(from, to, g, "old to new");
  }
  check(to, from, st::Granularity::word, "new to old");
  check(from, from, st::Granularity::word, "old to itself");
  return 0;
}
