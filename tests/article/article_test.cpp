#include "article/article.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace st {
namespace {

Article sample() {
  Article a;
  a.url = "https://example.org/a";
  a.headline = "Harris hails ‘new era’";
  a.standfirst = "US and Mexico sign agreement.";
  a.bylines = {"Jane Roe", "John Doe", "Al Jazeera Staff"};
  a.published = "2021-06-08T13:25:00Z";
  a.language = "en";
  a.body = {{BlockKind::caption, "A caption [Reuters]"},
            {BlockKind::paragraph, "First paragraph."},
            {BlockKind::quote, "A quote."},
            {BlockKind::embed, "A tweet."}};
  a.extractor = "test/1";
  return a;
}

TEST(Article, CanonicalTextIsBlocksSeparatedByBlankLines) {
  EXPECT_EQ(canonical_text(sample()),
            "Harris hails ‘new era’\n\nUS and Mexico sign agreement.\n\n"
            "By Jane Roe, John Doe and Al Jazeera Staff\n\nA caption [Reuters]\n\n"
            "First paragraph.\n\nA quote.\n\nA tweet.\n");
  Article bare;
  bare.headline = "Only";
  EXPECT_EQ(canonical_text(bare), "Only\n");
}

TEST(Article, CanonicalTextIgnoresTimesAndUrls) {
  Article a = sample();
  Article b = sample();
  b.modified = "2021-06-08T16:50:00Z";
  b.url = "https://example.org/a?utm_source=x";
  EXPECT_EQ(canonical_text(a), canonical_text(b));
}

TEST(Article, JsonRoundTripKeepsEverythingInFixedOrder) {
  const Article a = sample();
  const auto json = article_to_json(a);
  const std::string dumped = json.dump();
  EXPECT_LT(dumped.find("\"url\""), dumped.find("\"headline\""));
  EXPECT_LT(dumped.find("\"body\""), dumped.find("\"extractor\""));
  auto back = article_from_json(nlohmann::json::parse(dumped));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, a);
}

TEST(Article, RejectsMalformedJson) {
  EXPECT_FALSE(article_from_json(nlohmann::json::parse(R"([1,2])")).ok());
  EXPECT_FALSE(article_from_json(nlohmann::json::parse(R"({"headline": 3, "body": []})")).ok());
  EXPECT_FALSE(article_from_json(nlohmann::json::parse(R"({"body": [{"type": "poem", "text": "x"}]})")).ok());
  EXPECT_TRUE(article_from_json(nlohmann::json::parse(R"({"body": []})")).ok());
}

}  // namespace
}  // namespace st
