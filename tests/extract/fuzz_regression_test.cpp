// Regression test for inputs that are hard on the extractor: every file in
// tests/data/extract/fuzz/ goes through st::extract_article in each way the fuzz target uses
// (src/fuzz/extract_invariants.hpp: sniffed, as HTML, as text, with a charset picked by the
// first byte). None may crash or throw; where extraction succeeds, the article must satisfy
// the same invariants the fuzzer checks (valid UTF-8, non-empty normalized blocks, a canonical
// text ending in a newline, a JSON round trip to an equal Article) and come out the same when
// extracted again.
//
// The folder starts with hand-made nasty inputs (unterminated comments, scripts, styles and
// SVG; markup nested 10,000 deep; NUL bytes; a lone '<'; byte order marks with nothing or
// broken UTF-16 after them; huge attributes; "</script" at the end of the input...). Every
// crash, timeout or invariant violation found by tools/fuzz is copied here too, minimised
// (tools/fuzz --minimize FILE), one file per finding, named after what it triggers
// ("html-body-overflow-on-empty-li.html"), so that once fixed it stays fixed. Inputs are
// small: keep each file under about 200 KB.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz/extract_invariants.hpp"

namespace st {
namespace {

namespace fs = std::filesystem;

const fs::path kFuzzInputs = fs::path(STORYTRAIL_TEST_DATA) / "extract" / "fuzz";

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<fs::path> fuzz_input_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kFuzzInputs)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(FuzzRegression, EveryInputExtractsWithoutBreakingAnInvariant) {
  const std::vector<fs::path> files = fuzz_input_files();
  ASSERT_GE(files.size(), 10u) << "the inputs in " << kFuzzInputs << " are missing";
  for (const fs::path& file : files) {
    const std::string bytes = read_bytes(file);
    for (const fuzz::ExtractCase& c : fuzz::extract_cases(bytes)) {
      const std::string problem = fuzz::extraction_violation(c.input, /*twice=*/true);
      EXPECT_EQ(problem, "") << file.filename().string() << " (case '" << c.label
                             << "', content type '" << c.input.content_type << "')";
    }
  }
}

// The checks themselves: an article that breaks an invariant is caught, so a passing test
// above means something.
TEST(FuzzRegression, InvariantsCatchBrokenArticles) {
  Article good;
  good.headline = "Headline";
  good.body = {Block{BlockKind::paragraph, "A paragraph."}};
  good.extractor = "test";
  EXPECT_EQ(fuzz::article_violation(good), "");

  Article bad_utf8 = good;
  bad_utf8.headline = "Head\xC3line";
  EXPECT_NE(fuzz::article_violation(bad_utf8), "");

  Article empty_block = good;
  empty_block.body.push_back(Block{BlockKind::quote, ""});
  EXPECT_NE(fuzz::article_violation(empty_block), "");

  Article unnormalized = good;
  unnormalized.body.front().text = "two\n\nlines ";
  EXPECT_NE(fuzz::article_violation(unnormalized), "");

  Article broken_headline = good;
  broken_headline.headline = "Head\nline";
  EXPECT_NE(fuzz::article_violation(broken_headline), "");
}

TEST(FuzzRegression, CasesCoverSniffedHtmlTextAndCharset) {
  const std::string bytes = "\x02<p>x</p>";
  const std::vector<fuzz::ExtractCase> cases = fuzz::extract_cases(bytes);
  ASSERT_EQ(cases.size(), 4u);
  EXPECT_EQ(cases[0].input.content_type, "");
  EXPECT_EQ(cases[1].input.content_type, "text/html");
  EXPECT_EQ(cases[2].input.content_type, "text/plain");
  EXPECT_EQ(cases[3].input.content_type, "text/html; charset=windows-1252");
  EXPECT_EQ(cases[3].input.bytes, "<p>x</p>");
  EXPECT_EQ(fuzz::extract_cases("").size(), 3u);
}

}  // namespace
}  // namespace st
