// Runs the extractor over the readability test corpus (real pages saved from news sites and
// blogs) when it sits next to the repository, at ../shared/corpus/readability. Checks that no
// page crashes it and that nearly every page gives a headline and a body; the pages are not
// part of the repository, so the test is skipped without them.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "extract/extract.hpp"

namespace st {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus =
    fs::path(STORYTRAIL_SOURCE_DIR) / ".." / "shared" / "corpus" / "readability";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Result<Article> extract_page(const std::string& name) {
  const std::string bytes = read_file(kCorpus / name / "source.html");
  return extract_article({bytes, "http://fakehost/test/page.html", ""});
}

TEST(ReadabilityCorpus, EveryPageExtractsAndNearlyAllHaveHeadlineAndBody) {
  if (!fs::is_directory(kCorpus)) GTEST_SKIP() << "no corpus at " << kCorpus;
  std::vector<std::string> pages;
  for (const auto& entry : fs::directory_iterator(kCorpus)) {
    if (fs::is_regular_file(entry.path() / "source.html")) {
      pages.push_back(entry.path().filename().string());
    }
  }
  ASSERT_GE(pages.size(), 100u);
  std::size_t with_headline = 0;
  std::size_t with_body = 0;
  for (const std::string& name : pages) {
    const auto result = extract_page(name);
    if (!result.ok()) {
      ADD_FAILURE() << name << ": " << result.error().message;
      continue;
    }
    if (!result->headline.empty()) ++with_headline;
    if (!result->body.empty()) ++with_body;
    EXPECT_EQ(canonical_text(*result).back(), '\n') << name;
  }
  // A handful of the corpus pages are bare test fixtures without any title.
  EXPECT_GE(with_headline * 100, pages.size() * 95) << with_headline << " of " << pages.size();
  EXPECT_GE(with_body * 100, pages.size() * 95) << with_body << " of " << pages.size();
}

TEST(ReadabilityCorpus, CommentsLoadedLaterDoNotChangeTheArticle) {
  if (!fs::is_directory(kCorpus)) GTEST_SKIP() << "no corpus at " << kCorpus;
  const auto before = extract_page("lifehacker-working");
  const auto after = extract_page("lifehacker-post-comment-load");
  ASSERT_TRUE(before.ok() && after.ok());
  EXPECT_EQ(canonical_text(*before), canonical_text(*after));
  EXPECT_EQ(before->headline, "How to Program Your Mind to Stop Buying Crap You Don\u2019t Need");
  EXPECT_GE(before->body.size(), 20u);
}

TEST(ReadabilityCorpus, NewsPagesGiveTheirHeadlines) {
  if (!fs::is_directory(kCorpus)) GTEST_SKIP() << "no corpus at " << kCorpus;
  const std::vector<std::pair<std::string, std::string>> expected{
      {"bbc-1", "Obama admits US gun laws are his 'biggest frustration'"},
      {"nytimes-1", "United States to Lift Sudan Sanctions"},
      {"wapo-1", "Attack stokes instability fears in North Africa"},
      {"guardian-1",
       "'What is the sea telling us?': M\u0101ori tribes fearful over whale strandings"},
      {"cnn", "The 'birth lottery' and economic mobility"},
  };
  for (const auto& [name, headline] : expected) {
    const auto result = extract_page(name);
    ASSERT_TRUE(result.ok()) << name;
    EXPECT_EQ(result->headline, headline) << name;
    EXPECT_GE(result->body.size(), 5u) << name;
  }
}

}  // namespace
}  // namespace st
