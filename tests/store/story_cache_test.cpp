#include "store/story_cache.hpp"

#include <gtest/gtest.h>

namespace st {
namespace {

TEST(StoryCache, FormatsAndParsesBack) {
  std::vector<CachedStory> stories = {
      {std::string(40, 'a'), StorySummary{"alpha", 3, 100, 300, "Harris hails ‘new era’ with spaces"}},
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
  const auto parsed = parse_story_cache("storytrail stories cache 1\nshort 1 2 3 x h\n" +
                                        std::string(40, 'c') + " x 2 3 s h\n" +
                                        std::string(40, 'd') + " 1 2 3 ok Headline\n");
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed[0].summary.story, "ok");
}

}  // namespace
}  // namespace st
