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
  EXPECT_FALSE(
      article_from_json(nlohmann::json::parse(R"({"body": [{"type": "poem", "text": "x"}]})"))
          .ok());
  EXPECT_TRUE(article_from_json(nlohmann::json::parse(R"({"body": []})")).ok());
}

}  // namespace
}  // namespace st

namespace st {
namespace {

TEST(ArticleJsonText, ReadsWhatArticleToJsonWritesAndAnythingValidTheOtherWay) {
  Article article;
  article.url = "https://x.org/a?q=\"1\"";
  article.headline = "Harris hails \u2018new era\u2019 \\ \t tab \U0001F600 and \x01 control";
  article.standfirst = "";
  article.bylines = {"Ana Costa", "Luis \"Lu\" Moreno"};
  article.body = {{BlockKind::paragraph, "First / paragraph."},
                  {BlockKind::quote, "A \"quote\"."},
                  {BlockKind::embed, "\u4EBA\u5DE5\u667A\u80FD"}};
  article.extractor = "storytrail-html/2";
  for (const int indent : {-1, 0, 2}) {
    const std::string text = article_to_json(article).dump(indent);
    auto read = article_from_json_text(text);
    ASSERT_TRUE(read.ok()) << read.error().message;
    EXPECT_EQ(*read, article) << text;
  }
  // Escapes the writer does not use, other key orders, nulls and keys of later formats.
  auto other = article_from_json_text(
      R"({"body":[{"text":"caf\u00e9 \ud83d\ude00","type":"heading"}],"headline":null,)"
      R"("bylines":[],"later_key":{"a":[1,2]}})");
  ASSERT_TRUE(other.ok()) << other.error().message;
  EXPECT_EQ(other->body, (std::vector<Block>{{BlockKind::heading, "caf\u00e9 \U0001F600"}}));
  for (const char* bad : {"", "{", "[]", R"({"body":[{"type":"nonsense","text":"x"}]})",
                          R"({"headline":"no body"})", R"({"body":[{"type":"paragraph"}]})"}) {
    EXPECT_FALSE(article_from_json_text(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace st
