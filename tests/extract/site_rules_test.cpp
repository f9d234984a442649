#include "extract/site_rules.hpp"

#include <gtest/gtest.h>

#include "extract/extract.hpp"

namespace st {
namespace {

TEST(SiteRules, ParsesAndMatchesHostsAndSubdomains) {
  auto rules = SiteRules::parse(R"({"sites": [
      {"domains": ["example.org"], "body": ".story", "drop": ".promo"},
      {"domains": ["news.other.net", "Other.COM"]}]})",
                                "rules.json");
  ASSERT_TRUE(rules.ok()) << rules.error().message;
  ASSERT_NE(rules->for_host("example.org"), nullptr);
  ASSERT_NE(rules->for_host("www.example.org"), nullptr);
  EXPECT_TRUE(rules->for_host("www.example.org")->body.has_value());
  EXPECT_EQ(rules->for_host("badexample.org"), nullptr);
  EXPECT_EQ(rules->for_host("other.net"), nullptr);
  EXPECT_NE(rules->for_host("a.other.com"), nullptr);
  EXPECT_EQ(rules->for_host(""), nullptr);
}

TEST(SiteRules, RejectsBadFilesWithTheirPlace) {
  EXPECT_FALSE(SiteRules::parse("{", "r.json").ok());
  EXPECT_FALSE(SiteRules::parse(R"({"sites": {}})", "r.json").ok());
  auto no_domains = SiteRules::parse(R"({"sites": [{"body": "p"}]})", "r.json");
  ASSERT_FALSE(no_domains.ok());
  EXPECT_NE(no_domains.error().message.find("r.json: site 1"), std::string::npos);
  auto bad_selector =
      SiteRules::parse(R"({"sites": [{"domains": ["a.org"], "drop": "p:hover"}]})", "r.json");
  ASSERT_FALSE(bad_selector.ok());
  EXPECT_NE(bad_selector.error().message.find("invalid selector"), std::string::npos);
}

TEST(SiteRules, TheBuiltInRulesParse) { EXPECT_FALSE(SiteRules::built_in().empty()); }

TEST(SiteRules, UrlHost) {
  EXPECT_EQ(url_host("https://www.Example.org:8080/a?b#c"), "www.example.org");
  EXPECT_EQ(url_host("http://user@host.net"), "host.net");
  EXPECT_EQ(url_host("not a url"), "");
}

// A page the heuristics read wrong: the longest text is a comment thread, the article is
// short. A rule names the body and drops a box inside it.
constexpr std::string_view kStubbornPage = R"(<html><head><title>Short story</title></head><body>
<div class="thing-a"><p>The real article has one paragraph that is long enough to count, with
several clauses, commas, and words, so that it reads like news.</p>
<div class="box-x"><p>Subscribe to our daily briefing and never miss a story, ever, again, now.</p></div>
</div>
<div class="thing-b">
<p>First reader remark, quite long, with commas, more commas, and yet more words to weigh.</p>
<p>Second reader remark, quite long, with commas, more commas, and yet more words to weigh.</p>
<p>Third reader remark, quite long, with commas, more commas, and yet more words to weigh.</p>
</div></body></html>)";

TEST(SiteRules, ARuleChoosesTheBodyAndDropsBoxes) {
  auto without = extract_article(ExtractInput{kStubbornPage, "https://stubborn.example/a", {}});
  ASSERT_TRUE(without.ok());
  auto rules = SiteRules::parse(
      R"({"sites": [{"domains": ["stubborn.example"], "body": ".thing-a", "drop": ".box-x"}]})",
      "rules.json");
  ASSERT_TRUE(rules.ok());
  auto with = extract_article(ExtractInput{kStubbornPage, "https://stubborn.example/a", {}, &*rules});
  ASSERT_TRUE(with.ok());
  ASSERT_EQ(with->body.size(), 1u);
  EXPECT_TRUE(with->body[0].text.starts_with("The real article"));
  EXPECT_NE(without->body, with->body);
  // Another host: the rule does not apply.
  auto elsewhere = extract_article(ExtractInput{kStubbornPage, "https://other.example/a", {}, &*rules});
  ASSERT_TRUE(elsewhere.ok());
  EXPECT_EQ(elsewhere->body, without->body);
}

}  // namespace
}  // namespace st
