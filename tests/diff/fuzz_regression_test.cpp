// Regression test for inputs of the diff fuzz target (src/fuzz/diff_fuzz.cpp): every file in
// tests/data/diff/fuzz/ is read as two articles (the text before the first NUL byte is the old
// one, one block per line) and diffed the ways the fuzzer does; every diff must satisfy the
// invariants of src/fuzz/diff_invariants.hpp. The folder starts with pairs of the sample
// story's revisions and small hand-made cases (splits, merges, duplicates, kind changes, CJK,
// an empty side); every finding of tools/fuzz --target diff is added, minimised, so that once
// fixed it stays fixed.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "fuzz/diff_invariants.hpp"

namespace st {
namespace {

namespace fs = std::filesystem;

const fs::path kFuzzInputs = fs::path(STORYTRAIL_TEST_DATA) / "diff" / "fuzz";

TEST(DiffFuzzRegression, EveryInputGivesDiffsThatKeepTheInvariants) {
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(kFuzzInputs)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes(std::istreambuf_iterator<char>(in), {});
    const auto [from, to] = fuzz::articles_from_bytes(bytes);
    SCOPED_TRACE(entry.path().filename().string());
    for (const Granularity g : {Granularity::word, Granularity::sentence, Granularity::paragraph}) {
      EXPECT_EQ(fuzz::diff_violation(from, to, diff_articles(from, to, {g})), "");
    }
    EXPECT_EQ(fuzz::diff_violation(to, from, diff_articles(to, from)), "");
    EXPECT_EQ(fuzz::diff_violation(from, from, diff_articles(from, from)), "");
    ++files;
  }
  EXPECT_GE(files, 10u);
}

TEST(DiffFuzzRegression, InputsAreReadAsTwoArticles) {
  const auto [from, to] =
      fuzz::articles_from_bytes(std::string("Old\nDek\n#Head\n\n>Quote\n\0New\n\nText\n", 33));
  EXPECT_EQ(from.headline, "Old");
  EXPECT_EQ(from.standfirst, "Dek");
  EXPECT_EQ(from.body,
            (std::vector<Block>{{BlockKind::heading, "#Head"}, {BlockKind::quote, ">Quote"}}));
  EXPECT_EQ(to.headline, "New");
  EXPECT_EQ(to.body, (std::vector<Block>{{BlockKind::paragraph, "Text"}}));
}

TEST(DiffFuzzRegression, TheInvariantsCatchABrokenDiff) {
  const auto [from, to] =
      fuzz::articles_from_bytes(std::string("H\n\nA b c.\n\0H\n\nA b d.\n", 21));
  ArticleDiff diff = diff_articles(from, to);
  ASSERT_EQ(fuzz::diff_violation(from, to, diff), "");
  ArticleDiff wrong_count = diff;
  wrong_count.stats.edited += 1;
  EXPECT_NE(fuzz::diff_violation(from, to, wrong_count), "");
  ArticleDiff wrong_text = diff;
  wrong_text.blocks[0].tokens.back().text += "x";
  EXPECT_NE(fuzz::diff_violation(from, to, wrong_text), "");
  ArticleDiff missing = diff;
  missing.blocks.clear();
  EXPECT_NE(fuzz::diff_violation(from, to, missing), "");
}

}  // namespace
}  // namespace st
