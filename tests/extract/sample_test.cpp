// The bundled sample story (samples/harris-mexico): what each capture extracts to, that the
// capture where only the page around the article changed gives the same text, and that the
// last capture gives exactly the article as published (the seed text beside the repository,
// ../shared/seed/harris-mexico.txt, read in place; that part is skipped without it).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "extract/extract.hpp"
#include "util/text.hpp"

namespace st {
namespace {

namespace fs = std::filesystem;

const fs::path kSample = fs::path(STORYTRAIL_SOURCE_DIR) / "samples" / "harris-mexico";
const fs::path kSeed =
    fs::path(STORYTRAIL_SOURCE_DIR) / ".." / "shared" / "seed" / "harris-mexico.txt";
constexpr const char* kUrl =
    "https://www.aljazeera.com/news/2021/6/8/"
    "harris-hails-new-era-with-mexico-during-lopez-obrador-meeting";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Article extract_capture(const std::string& file) {
  const auto result = extract_article({read_file(kSample / file), kUrl, "text/html"});
  EXPECT_TRUE(result.ok()) << file << ": " << (result.ok() ? "" : result.error().message);
  return result.ok() ? *result : Article{};
}

std::vector<std::string> paragraphs(const Article& article) {
  std::vector<std::string> out;
  for (const Block& block : article.body) {
    if (block.kind == BlockKind::paragraph) out.push_back(block.text);
  }
  return out;
}

TEST(SampleStory, EveryCaptureGivesItsHeadlineBylineTimesAndParagraphs) {
  struct Expected {
    const char* file;
    const char* headline;
    const char* modified;
    std::size_t paragraphs;
  };
  const char* first_headline =
      "Harris meets Lopez Obrador as US seeks Mexico\u2019s help on migration";
  const char* later_headline =
      "Harris hails \u2018new era\u2019 with Mexico during Lopez Obrador meeting";
  const std::vector<Expected> captures{
      {"01-first.html", first_headline, "2021-06-08T13:32:00Z", 7},
      {"02-expanded.html", first_headline, "2021-06-08T14:18:00Z", 23},
      {"03-headline.html", later_headline, "2021-06-08T15:02:00Z", 23},
      {"04-correction.html", later_headline, "2021-06-08T15:40:00Z", 23},
      {"05-clarification.html", later_headline, "2021-06-08T16:25:00Z", 26},
      {"06-chrome-only.html", later_headline, "2021-06-08T16:50:00Z", 26},
      {"07-moved.html", later_headline, "2021-06-08T17:45:00Z", 26},
  };
  for (const Expected& expected : captures) {
    SCOPED_TRACE(expected.file);
    const Article article = extract_capture(expected.file);
    EXPECT_EQ(article.headline, expected.headline);
    EXPECT_EQ(article.standfirst,
              "US and Mexico sign agreement to deepen bilateral cooperation on development in "
              "Central America.");
    EXPECT_EQ(article.bylines, std::vector<std::string>{"Al Jazeera and news agencies"});
    EXPECT_EQ(article.site, "Al Jazeera");
    EXPECT_EQ(article.canonical_url, kUrl);
    EXPECT_EQ(article.language, "en");
    EXPECT_EQ(article.published, "2021-06-08T13:25:00Z");
    EXPECT_EQ(article.modified, expected.modified);
    const std::vector<std::string> texts = paragraphs(article);
    ASSERT_EQ(texts.size(), expected.paragraphs);
    EXPECT_TRUE(texts.front().starts_with(
        "US Vice President Kamala Harris has said the United States\u2019 relationship"));
    EXPECT_EQ(texts.back(), "Source: Al Jazeera and news agencies");
    // The lead photo's caption and Ebrard's tweet, typed.
    ASSERT_GE(article.body.size(), 2u);
    EXPECT_EQ(article.body.front().kind, BlockKind::caption);
    EXPECT_EQ(std::count_if(article.body.begin(), article.body.end(),
                            [](const Block& b) { return b.kind == BlockKind::embed; }),
              1);
  }
}

TEST(SampleStory, AChromeOnlyCaptureGivesTheSameText) {
  EXPECT_EQ(canonical_text(extract_capture("05-clarification.html")),
            canonical_text(extract_capture("06-chrome-only.html")));
}

TEST(SampleStory, TheCorrectionChangesOneFigureInOneParagraph) {
  const std::vector<std::string> before = paragraphs(extract_capture("03-headline.html"));
  const std::vector<std::string> after = paragraphs(extract_capture("04-correction.html"));
  ASSERT_EQ(before.size(), after.size());
  std::size_t changed = 0;
  for (std::size_t i = 0; i < before.size(); ++i) {
    if (before[i] == after[i]) continue;
    ++changed;
    EXPECT_NE(before[i].find("$300m"), std::string::npos);
    EXPECT_NE(after[i].find("$310m"), std::string::npos);
  }
  EXPECT_EQ(changed, 1u);
}

TEST(SampleStory, TheLastCaptureIsThePublishedArticle) {
  if (!fs::is_regular_file(kSeed)) GTEST_SKIP() << "no seed text at " << kSeed;
  // The seed: headline, standfirst, then every block, one per line, blank lines between.
  std::vector<std::string> seed;
  const std::string text = read_file(kSeed);
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    if (std::string line = normalize_text(text.substr(pos, end - pos)); !line.empty()) {
      seed.push_back(std::move(line));
    }
    pos = end + 1;
  }
  const Article article = extract_capture("07-moved.html");
  std::vector<std::string> ours{article.headline, article.standfirst};
  for (const Block& block : article.body) ours.push_back(block.text);
  ASSERT_EQ(ours.size(), seed.size());
  for (std::size_t i = 0; i < seed.size(); ++i) {
    const bool embed = i >= 2 && article.body[i - 2].kind == BlockKind::embed;
    if (embed) {
      // The page shows the tweet with its attribution line, which the seed leaves out.
      EXPECT_TRUE(ours[i].starts_with(seed[i])) << ours[i];
      EXPECT_NE(ours[i].find("(@m_ebrard)"), std::string::npos);
    } else {
      EXPECT_EQ(ours[i], seed[i]) << "block " << i;
    }
  }
}

}  // namespace
}  // namespace st
