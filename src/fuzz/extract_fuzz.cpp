// libFuzzer target for the article extractor: every input is handed to st::extract_article in
// each of the ways extract_cases() lists (sniffed, as HTML, as text, with a charset picked by the
// first byte), and every successful extraction must satisfy article_violation()'s invariants.
// A violation prints what broke and aborts, which libFuzzer records as a crash; sanitizer
// reports (AddressSanitizer, UndefinedBehaviorSanitizer) and uncaught exceptions do the same.
//
// Built only with -DSTORYTRAIL_FUZZ=ON and clang (cmake/fuzz.cmake); run it with tools/fuzz.
// Inputs it finds go into tests/data/extract/fuzz/ so the regression test keeps them fixed.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz/extract_invariants.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const st::fuzz::ExtractCase& c : st::fuzz::extract_cases(bytes)) {
    // The determinism check costs a second extraction, so only the first case pays it.
    const bool twice = c.label == "as given";
    const std::string problem = st::fuzz::extraction_violation(c.input, twice);
    if (!problem.empty()) {
      std::fprintf(stderr,
                   "\nst_fuzz_extract: invariant violated (case '%.*s', content type '%s'):\n"
                   "  %s\n",
                   static_cast<int>(c.label.size()), c.label.data(), c.input.content_type.c_str(),
                   problem.c_str());
      std::abort();
    }
  }
  return 0;
}
