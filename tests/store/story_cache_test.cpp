#include "store/story_cache.hpp"

#include <gtest/gtest.h>

namespace st {
namespace {

TEST(StoryCache, FormatsAndParsesBack) {
  std::vector<CachedStory> stories = {
      {std::string(40, 'a'),
       StorySummary{"alpha", 3, 100, 300, "Harris hails ‘new era’ with spaces"}},
      {std::string(40, 'b'), StorySummary{"beta", 1, -5, -5, ""}}};
  const auto parsed = parse_story_cache(format_story_cache(stories));
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed[0].tip, stories[0].tip);
  EXPECT_EQ(parsed[0].summary.headline, "Harris hails ‘new era’ with spaces");
  EXPECT_EQ(parsed[0].summary.revisions, 3);
  EXPECT_EQ(parsed[1].summary.first_captured_at, -5);
  EXPECT_EQ(parsed[1].summary.headline, "");
}

TEST(StoryCache, SkipsWhatDoesNotParse) {
  EXPECT_TRUE(parse_story_cache("some other file\n").empty());
  const auto parsed =
      parse_story_cache("storytrail stories cache 1\nshort 1 2 3 x h\n" + std::string(40, 'c') +
                        " x 2 3 s h\n" + std::string(40, 'd') + " 1 2 3 ok Headline\n");
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed[0].summary.story, "ok");
}

TEST(ChainCache, FormatsAndParsesBackOnlyForItsTip) {
  const std::string a(40, 'a'), b(40, 'b');
  const std::vector<RevisionInfo> revisions{{1, a, 100, "First headline", "https://x.org/1"},
                                            {2, b, 200, "Second \u2018headline\u2019", ""}};
  const std::string text = format_chain_cache(b, revisions);
  const auto parsed = parse_chain_cache(text, b);
  ASSERT_TRUE(parsed.has_value());
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[1].number, 2);
  EXPECT_EQ((*parsed)[1].headline, "Second \u2018headline\u2019");
  EXPECT_EQ((*parsed)[0].url, "https://x.org/1");
  EXPECT_EQ((*parsed)[0].captured_at, 100);
  // Another tip, a cut-short file, a damaged line: not used.
  EXPECT_FALSE(parse_chain_cache(text, a).has_value());
  EXPECT_FALSE(parse_chain_cache(text.substr(0, text.size() - 1), b).has_value());
  EXPECT_FALSE(parse_chain_cache("tip " + b + "\n" + b + "\tx\t\th\n", b).has_value());
  EXPECT_FALSE(parse_chain_cache("", b).has_value());
}

}  // namespace
}  // namespace st
