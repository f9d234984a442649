#include "store/revspec.hpp"

#include <gtest/gtest.h>

namespace st {
namespace {

std::vector<RevisionInfo> three() {
  return {RevisionInfo{1, "aaaaaaa111", 100, "one", ""}, RevisionInfo{2, "bbbbbbb222", 200, "two", ""},
          RevisionInfo{3, "aaaaaaa333", 300, "three", ""}};
}

int resolve(std::string_view text) {
  auto spec = parse_revision_spec(text);
  if (!spec) return -1;
  auto info = resolve_revision(*spec, "s", three());
  return info ? info->number : 0;
}

TEST(RevisionSpec, Forms) {
  EXPECT_EQ(resolve("2"), 2);
  EXPECT_EQ(resolve("latest"), 3);
  EXPECT_EQ(resolve("latest~2"), 1);
  EXPECT_EQ(resolve("latest~3"), 0);
  EXPECT_EQ(resolve("4"), 0);
  EXPECT_EQ(resolve("0"), -1);
  EXPECT_EQ(resolve("bbbbbbb"), 2);
  EXPECT_EQ(resolve("aaaaaaa"), 0);  // ambiguous
  EXPECT_EQ(resolve("aaaaaaa3"), 3);
  EXPECT_EQ(resolve("abc"), -1);  // too short for an id
  EXPECT_EQ(resolve("latest~x"), -1);
}

TEST(RevisionSpec, TimesPickTheRevisionCurrentThen) {
  auto spec = parse_revision_spec("@2021-06-08T15:00Z");
  ASSERT_TRUE(spec.ok());
  EXPECT_EQ(spec->kind, RevisionSpec::Kind::time);
  std::vector<RevisionInfo> revisions = {
      RevisionInfo{1, "a", *parse_time("2021-06-08T13:32:00Z"), "", ""},
      RevisionInfo{2, "b", *parse_time("2021-06-08T15:00:00Z"), "", ""},
      RevisionInfo{3, "c", *parse_time("2021-06-08T15:02:00Z"), "", ""}};
  EXPECT_EQ(resolve_revision(*spec, "s", revisions)->number, 2);
  auto bare = parse_revision_spec("2021-06-08T14:00:00Z");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(resolve_revision(*bare, "s", revisions)->number, 1);
  auto before = parse_revision_spec("@2021-06-08");
  ASSERT_TRUE(before.ok());
  auto missing = resolve_revision(*before, "s", revisions);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("first was captured at 2021-06-08T13:32:00Z"),
            std::string::npos);
}

TEST(StoryRevision, SplitsSlugAndRevision) {
  auto ref = parse_story_revision("harris-mexico@3");
  ASSERT_TRUE(ref.ok());
  EXPECT_EQ(ref->story, "harris-mexico");
  EXPECT_EQ(ref->revision.number, 3);
  EXPECT_EQ(parse_story_revision("harris-mexico")->revision.kind, RevisionSpec::Kind::latest);
  EXPECT_EQ(parse_story_revision("harris-mexico@@2021-06-08T15:00Z")->revision.kind,
            RevisionSpec::Kind::time);
  EXPECT_FALSE(parse_story_revision("Harris@3").ok());
  EXPECT_FALSE(parse_story_revision("harris@").ok());
}

}  // namespace
}  // namespace st
