// Provenance: where each paragraph and sentence of a revision came from.

#include "summary/blame.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "support/sample_story.hpp"

namespace st {
namespace {

Article article_of(const std::vector<std::string>& texts) {
  Article a;
  a.headline = "H";
  for (const std::string& t : texts) a.body.push_back({BlockKind::paragraph, t});
  return a;
}

// (introduced, last_changed) of each entry.
std::vector<std::pair<int, int>> origins(const std::vector<BlameEntry>& entries) {
  std::vector<std::pair<int, int>> out;
  for (const BlameEntry& e : entries) out.push_back({e.introduced, e.last_changed});
  return out;
}

TEST(Blame, NewEditedMovedAndRestoredParagraphs) {
  const std::vector<Article> revisions{
      article_of({"Alpha paragraph about the meeting.", "Beta paragraph about the aid money.",
                  "Gamma paragraph about the border."}),
      article_of({"Alpha paragraph about the meeting.", "Beta paragraph about the aid money today.",
                  "Gamma paragraph about the border.", "Delta paragraph, new in two."}),
      article_of({"Gamma paragraph about the border.", "Alpha paragraph about the meeting.",
                  "Beta paragraph about the aid money today.", "Delta paragraph, new in two."}),
      article_of({"Alpha paragraph about the meeting.", "Beta paragraph about the aid money today.",
                  "Delta paragraph, new in two."}),
      article_of({"Alpha paragraph about the meeting.", "Beta paragraph about the aid money today.",
                  "Delta paragraph, new in two.", "Gamma paragraph about the border."}),
  };
  EXPECT_EQ(origins(blame(revisions, 1)),
            (std::vector<std::pair<int, int>>{{1, 1}, {1, 1}, {1, 1}}));
  EXPECT_EQ(origins(blame(revisions, 2)),
            (std::vector<std::pair<int, int>>{{1, 1}, {1, 2}, {1, 1}, {2, 2}}));
  // Revision 3 moves Gamma: still from 1.
  EXPECT_EQ(origins(blame(revisions, 3)),
            (std::vector<std::pair<int, int>>{{1, 1}, {1, 1}, {1, 2}, {2, 2}}));
  // Revision 5 restores Gamma, removed in 4: its first appearance, not 5.
  const std::vector<BlameEntry> last = blame(revisions, 5);
  EXPECT_EQ(origins(last), (std::vector<std::pair<int, int>>{{1, 1}, {1, 2}, {2, 2}, {1, 1}}));
  EXPECT_EQ(last[3].text, "Gamma paragraph about the border.");
  EXPECT_EQ(last[3].block, 3u);
}

TEST(Blame, BySentence) {
  const std::vector<Article> revisions{
      article_of({"First sentence of the story. Second sentence of the story."}),
      article_of({"First sentence of the story. Second sentence of the story. A third one "
                  "added."}),
      article_of({"First sentence of the tale. Second sentence of the story. A third one "
                  "added."}),
  };
  const std::vector<BlameEntry> entries = blame(revisions, 3, BlameUnit::sentence);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(origins(entries), (std::vector<std::pair<int, int>>{{1, 3}, {1, 1}, {2, 2}}));
  EXPECT_EQ(entries[2].text, "A third one added.");
  for (const BlameEntry& e : entries) EXPECT_EQ(e.block, 0u);
}

TEST(SampleStory, WhereEachParagraphOfTheLastRevisionCameFrom) {
  std::vector<Article> revisions;
  for (const std::string& f : test::kSampleRevisionFiles) {
    revisions.push_back(test::sample_capture(f));
  }
  const std::vector<BlameEntry> entries = blame(revisions, revisions.size());
  ASSERT_EQ(entries.size(), revisions.back().body.size());
  const auto origin_of = [&](std::string_view start) {
    for (const BlameEntry& e : entries) {
      if (e.text.starts_with(start)) return std::pair{e.introduced, e.last_changed};
    }
    return std::pair{0, 0};
  };
  EXPECT_EQ(origin_of("US Vice President Kamala Harris has said"), (std::pair{1, 1}));
  EXPECT_EQ(origin_of("The meeting on Tuesday came after Harris met"),
            (std::pair{2, 2}));                                        // moved in 6
  EXPECT_EQ(origin_of("Harris, tasked by Biden"), (std::pair{2, 4}));  // the $310m correction
  EXPECT_EQ(origin_of("The White House sought to clarify"), (std::pair{5, 5}));
  EXPECT_EQ(origin_of("Source: Al Jazeera and news agencies"), (std::pair{1, 1}));
}

// The timeline builds provenance one revision at a time from the diffs it has already made;
// that must give what blame() gives at every revision.
TEST(SampleStory, ProvenanceFromGivenDiffsIsBlame) {
  std::vector<Article> revisions;
  for (const std::string& f : test::kSampleRevisionFiles) {
    revisions.push_back(test::sample_capture(f));
  }
  Provenance provenance;
  for (std::size_t r = 0; r < revisions.size(); ++r) {
    if (r == 0) {
      provenance.add(revisions[r]);
    } else {
      const ArticleDiff diff = diff_articles(revisions[r - 1], revisions[r]);
      provenance.add(revisions[r], &diff);
    }
    EXPECT_EQ(provenance.entries(), blame(revisions, r + 1)) << "at revision " << r + 1;
  }
  // Somewhere along the story, a paragraph must come from before the revision it is in.
  const std::vector<BlameEntry> last = provenance.entries();
  EXPECT_TRUE(
      std::any_of(last.begin(), last.end(), [](const BlameEntry& e) { return e.introduced == 1; }));
}

}  // namespace
}  // namespace st
