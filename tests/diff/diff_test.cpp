// Article diffs: edit kinds on small cases, the sample story, the two hard properties on random
// articles, and the limits.

#include "diff/diff.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "support/sample_story.hpp"

namespace st {
namespace {

Article article_of(const std::vector<std::string>& paragraphs, const std::string& headline = "H") {
  Article article;
  article.headline = headline;
  for (const std::string& p : paragraphs) article.body.push_back({BlockKind::paragraph, p});
  return article;
}

// The changes in reading order as "op from->to" ("edit 2->2", "insert ->3").
std::vector<std::string> ops(const ArticleDiff& diff, bool with_equal = false) {
  std::vector<std::string> out;
  for (const BlockChange& c : diff.blocks) {
    if (c.op == BlockOp::equal && !with_equal) continue;
    const auto index = [](std::size_t i) {
      return i == kNoIndex ? std::string() : std::to_string(i);
    };
    out.push_back(std::string(block_op_name(c.op)) + " " + index(c.from_index) + "->" +
                  index(c.to_index));
  }
  return out;
}

void expect_rebuilds(const Article& from, const Article& to, const ArticleDiff& diff) {
  EXPECT_EQ(old_body(diff), from.body);
  EXPECT_EQ(new_body(diff), to.body);
}

const std::vector<std::string> kBase{
    "Harris met Lopez Obrador in Mexico City on Tuesday to discuss migration.",
    "The two leaders signed a memorandum on development in Central America.",
    "The White House pledged $300m in aid to the region over three years.",
    "Harris told potential migrants not to come to the United States border.",
    "Lopez Obrador said relations with the northern neighbour were very good.",
};

TEST(DiffArticles, IdenticalArticlesGiveAnEmptyDiff) {
  const Article a = article_of(kBase);
  const ArticleDiff diff = diff_articles(a, a);
  EXPECT_TRUE(diff.empty());
  EXPECT_EQ(diff.stats, DiffStats{});
  EXPECT_EQ(diff.blocks.size(), kBase.size());
  EXPECT_TRUE(diff.notes.empty());
  expect_rebuilds(a, a, diff);
}

TEST(DiffArticles, ACorrectedFigureIsAnEditWithOneWordChange) {
  std::vector<std::string> changed = kBase;
  changed[2] = "The White House pledged $310m in aid to the region over three years.";
  const Article from = article_of(kBase), to = article_of(changed);
  const ArticleDiff diff = diff_articles(from, to);
  EXPECT_EQ(ops(diff), std::vector<std::string>{"edit 2->2"});
  const BlockChange& edit = diff.blocks[2];
  EXPECT_EQ(edit.tokens, (std::vector<TokenChange>{
                             {TokenOp::equal, "The White House pledged "},
                             {TokenOp::remove, "$300m"},
                             {TokenOp::insert, "$310m"},
                             {TokenOp::equal, " in aid to the region over three years."}}));
  EXPECT_EQ(diff.stats.edited, 1u);
  // 12 of 13 words shared: numbers with their signs count as words.
  EXPECT_NEAR(edit.similarity, 24.0 / 26.0, 1e-9);
  EXPECT_NEAR(block_similarity("Cost: $300m.", "cost $300m"), 1.0, 1e-9);
  EXPECT_EQ(block_similarity("", ""), 0.0);
  EXPECT_EQ(diff.stats.words_added, 1u);
  EXPECT_EQ(diff.stats.words_deleted, 1u);
  expect_rebuilds(from, to, diff);
}

TEST(DiffArticles, AddedRemovedAndRewrittenParagraphs) {
  std::vector<std::string> changed = kBase;
  changed.insert(changed.begin() + 3, "A new paragraph quoting Jen Psaki on the remarks.");
  changed.erase(changed.begin() + 1);
  changed.back() = "Completely different words appear here now instead.";
  const Article from = article_of(kBase), to = article_of(changed);
  const ArticleDiff diff = diff_articles(from, to);
  EXPECT_EQ(ops(diff),
            (std::vector<std::string>{"delete 1->", "insert ->2", "delete 4->", "insert ->4"}));
  EXPECT_EQ(diff.stats.added, 2u);
  EXPECT_EQ(diff.stats.deleted, 2u);
  expect_rebuilds(from, to, diff);
}

TEST(DiffArticles, AMovedParagraphIsAMoveEvenWhenItChanged) {
  std::vector<std::string> moved{kBase[0], kBase[2], kBase[3], kBase[1], kBase[4]};
  const Article from = article_of(kBase), to = article_of(moved);
  ArticleDiff diff = diff_articles(from, to);
  EXPECT_EQ(ops(diff), std::vector<std::string>{"move 1->3"});
  EXPECT_TRUE(diff.blocks[3].tokens.empty());
  expect_rebuilds(from, to, diff);

  moved[3] = "The two leaders signed a memorandum on development in Central America on Tuesday.";
  const Article changed = article_of(moved);
  diff = diff_articles(from, changed);
  EXPECT_EQ(ops(diff), std::vector<std::string>{"move 1->3"});
  EXPECT_FALSE(diff.blocks[3].tokens.empty());
  EXPECT_EQ(diff.stats.moved, 1u);
  EXPECT_EQ(diff.stats.words_added, 2u);
  expect_rebuilds(from, changed, diff);
}

TEST(DiffArticles, SplitAndMergedParagraphs) {
  const std::vector<std::string> split{kBase[0],
                                       kBase[1],
                                       "The White House pledged $300m in aid to the region.",
                                       "The aid is to be spent over three years.",
                                       kBase[3],
                                       kBase[4]};
  const Article from = article_of(kBase), to = article_of(split);
  ArticleDiff diff = diff_articles(from, to);
  EXPECT_EQ(ops(diff), std::vector<std::string>{"split 2->2"});
  EXPECT_EQ(diff.blocks[2].to_count, 2u);
  EXPECT_EQ(diff.stats.split, 1u);
  expect_rebuilds(from, to, diff);

  diff = diff_articles(to, from);
  EXPECT_EQ(ops(diff), std::vector<std::string>{"merge 2->2"});
  EXPECT_EQ(diff.blocks[2].from_count, 2u);
  EXPECT_EQ(diff.stats.merged, 1u);
  expect_rebuilds(to, from, diff);
}

TEST(DiffArticles, HeadlineStandfirstAndBylineAreComparedOnTheirOwn) {
  Article from = article_of(kBase, "Harris meets Lopez Obrador");
  Article to = article_of(kBase, "Harris hails new era with Mexico");
  to.standfirst = "US and Mexico sign an agreement.";
  to.bylines = {"Al Jazeera"};
  const ArticleDiff diff = diff_articles(from, to);
  ASSERT_TRUE(diff.headline.has_value());
  EXPECT_EQ(diff.headline->from, "Harris meets Lopez Obrador");
  EXPECT_EQ(diff.headline->to, "Harris hails new era with Mexico");
  ASSERT_TRUE(diff.standfirst.has_value());
  ASSERT_TRUE(diff.byline.has_value());
  EXPECT_EQ(diff.byline->to, "By Al Jazeera");
  EXPECT_TRUE(ops(diff).empty());
  EXPECT_FALSE(diff.empty());
}

TEST(DiffArticles, CaseQuotesAndKindChangesAreEdits) {
  Article from = article_of(kBase);
  Article to = from;
  to.body[0].text = "harris met Lopez Obrador in Mexico City on Tuesday to discuss migration.";
  to.body[1].kind = BlockKind::heading;
  const ArticleDiff diff = diff_articles(from, to);
  EXPECT_EQ(ops(diff), (std::vector<std::string>{"edit 0->0", "edit 1->1"}));
  EXPECT_EQ(diff.blocks[1].from_kind, BlockKind::paragraph);
  EXPECT_EQ(diff.blocks[1].kind, BlockKind::heading);
  expect_rebuilds(from, to, diff);
}

// ---- the sample story ----

TEST(SampleStory, TheClarificationIsExactlyThreeAddedParagraphs) {
  const Article before = test::sample_capture("04-correction.html"),
                after = test::sample_capture("05-clarification.html");
  const ArticleDiff diff = diff_articles(before, after);
  EXPECT_EQ(ops(diff), (std::vector<std::string>{"insert ->25", "insert ->26", "insert ->27"}));
  EXPECT_FALSE(diff.headline || diff.standfirst || diff.byline);
  EXPECT_NE(diff.blocks[25].text.find("The White House sought to clarify"), std::string::npos);
  EXPECT_EQ(diff.stats.added, 3u);
  EXPECT_EQ(diff.stats.deleted + diff.stats.edited + diff.stats.moved, 0u);
  expect_rebuilds(before, after, diff);
}

TEST(SampleStory, TheCorrectedFigureIsAWordChangeInsideItsParagraph) {
  const ArticleDiff diff = diff_articles(test::sample_capture("03-headline.html"),
                                         test::sample_capture("04-correction.html"));
  ASSERT_EQ(ops(diff).size(), 1u);
  for (const BlockChange& c : diff.blocks) {
    if (c.op != BlockOp::edit) continue;
    std::vector<TokenChange> changed;
    for (const TokenChange& t : c.tokens) {
      if (t.op != TokenOp::equal) changed.push_back(t);
    }
    EXPECT_EQ(changed,
              (std::vector<TokenChange>{{TokenOp::remove, "$300m"}, {TokenOp::insert, "$310m"}}));
  }
}

TEST(SampleStory, TheMovedParagraphIsAMoveAndTheHeadlineAChange) {
  const ArticleDiff moved = diff_articles(test::sample_capture("05-clarification.html"),
                                          test::sample_capture("07-moved.html"));
  ASSERT_EQ(ops(moved).size(), 1u);
  EXPECT_EQ(ops(moved)[0].substr(0, 5), "move ");
  const ArticleDiff headline = diff_articles(test::sample_capture("02-expanded.html"),
                                             test::sample_capture("03-headline.html"));
  EXPECT_TRUE(headline.headline.has_value());
  EXPECT_TRUE(ops(headline).empty());
  EXPECT_TRUE(diff_articles(test::sample_capture("05-clarification.html"),
                            test::sample_capture("06-chrome-only.html"))
                  .empty());
}

TEST(SampleStory, EveryPairRebuildsBothRevisions) {
  const std::vector<std::string> files{"01-first.html",         "02-expanded.html",
                                       "03-headline.html",      "04-correction.html",
                                       "05-clarification.html", "07-moved.html"};
  for (const std::string& a : files) {
    for (const std::string& b : files) {
      const Article from = test::sample_capture(a), to = test::sample_capture(b);
      for (const Granularity g :
           {Granularity::word, Granularity::sentence, Granularity::paragraph}) {
        const ArticleDiff diff = diff_articles(from, to, {g});
        SCOPED_TRACE(a + " -> " + b);
        expect_rebuilds(from, to, diff);
        EXPECT_EQ(diff.empty(), a == b);
      }
    }
  }
}

// ---- random articles ----

std::uint32_t next(std::uint32_t& state) {
  state = state * 1664525u + 1013904223u;
  return state >> 8;
}

std::string random_paragraph(std::uint32_t& state) {
  static const std::vector<std::string> words{
      "Harris",     "Mexico",  "said",    "the", "$300m", "aid",      "migration",
      "border",     "Tuesday", "leaders", "new", "era",   "\u201Cdo", "not",
      "come\u201D", "300,000", "and",     "of",  "in"};
  std::string text;
  const std::uint32_t n = 3 + next(state) % 25;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (i > 0) text += ' ';
    text += words[next(state) % words.size()];
  }
  return text + ".";
}

Article random_article(std::uint32_t& state) {
  Article article;
  article.headline = random_paragraph(state);
  const std::uint32_t n = next(state) % 30;
  for (std::uint32_t i = 0; i < n; ++i) {
    const auto kind = next(state) % 6 == 0 ? BlockKind::heading : BlockKind::paragraph;
    article.body.push_back({kind, random_paragraph(state)});
  }
  return article;
}

// A revision of `article`: blocks added, removed, edited, moved, split and merged at random.
Article revise(Article article, std::uint32_t& state) {
  auto& body = article.body;
  const std::uint32_t edits = next(state) % 8;
  for (std::uint32_t e = 0; e < edits; ++e) {
    const std::size_t at = body.empty() ? 0 : next(state) % body.size();
    switch (next(state) % 6) {
      case 0:
        body.insert(body.begin() + static_cast<std::ptrdiff_t>(at),
                    {BlockKind::paragraph, random_paragraph(state)});
        break;
      case 1:
        if (!body.empty()) body.erase(body.begin() + static_cast<std::ptrdiff_t>(at));
        break;
      case 2:
        if (!body.empty()) body[at].text += " " + random_paragraph(state);
        break;
      case 3:
        if (body.size() > 1) {
          const Block block = body[at];
          body.erase(body.begin() + static_cast<std::ptrdiff_t>(at));
          body.insert(body.begin() + static_cast<std::ptrdiff_t>(next(state) % body.size()), block);
        }
        break;
      case 4:
        if (!body.empty()) {
          const std::string text = body[at].text;
          const std::size_t cut = text.find(' ', text.size() / 2);
          if (cut != std::string::npos) {
            body[at].text = text.substr(0, cut);
            body.insert(body.begin() + static_cast<std::ptrdiff_t>(at) + 1,
                        {body[at].kind, text.substr(cut + 1)});
          }
        }
        break;
      default:
        if (at + 1 < body.size() && body[at].kind == body[at + 1].kind) {
          body[at].text += " " + body[at + 1].text;
          body.erase(body.begin() + static_cast<std::ptrdiff_t>(at) + 1);
        }
        break;
    }
  }
  if (next(state) % 4 == 0) article.headline = random_paragraph(state);
  return article;
}

TEST(DiffArticles, RandomRevisionsAreRebuiltExactlyAndIdenticalOnesGiveNothing) {
  std::uint32_t state = 2021;
  for (int round = 0; round < 300; ++round) {
    const Article from = random_article(state);
    const Article to = round % 10 == 0 ? random_article(state) : revise(from, state);
    for (const Granularity g : {Granularity::word, Granularity::sentence}) {
      const ArticleDiff diff = diff_articles(from, to, {g});
      ASSERT_EQ(old_body(diff), from.body) << "round " << round;
      ASSERT_EQ(new_body(diff), to.body) << "round " << round;
      std::size_t seen_old = 0, seen_new = 0;
      for (const BlockChange& c : diff.blocks) {
        seen_old += c.from_count;
        seen_new += c.to_count;
      }
      EXPECT_EQ(seen_old, from.body.size());
      EXPECT_EQ(seen_new, to.body.size());
      EXPECT_EQ(diff.empty(), from.body == to.body && from.headline == to.headline);
    }
    EXPECT_TRUE(diff_articles(from, from).empty());
  }
}

// ---- limits ----

TEST(DiffArticles, ACompleteRewriteOfALongArticleFinishesAndSaysWhatItLeftOut) {
  std::uint32_t state = 5;
  Article from, to;
  for (int i = 0; i < 2500; ++i) {  // about 50,000 words each
    from.body.push_back(
        {BlockKind::paragraph,
         random_paragraph(state) + " " + random_paragraph(state) + " x" + std::to_string(i)});
    to.body.push_back({BlockKind::paragraph, random_paragraph(state) + " y" + std::to_string(i)});
  }
  const ArticleDiff diff = diff_articles(from, to);
  EXPECT_FALSE(diff.notes.empty());
  EXPECT_EQ(old_body(diff), from.body);
  EXPECT_EQ(new_body(diff), to.body);
}

TEST(DiffArticles, EveryParagraphOfALongArticleEditedGivesEdits) {
  std::uint32_t state = 11;
  Article from, to;
  for (int i = 0; i < 3000; ++i) {
    const std::string text = random_paragraph(state) + " " + random_paragraph(state);
    from.body.push_back({BlockKind::paragraph, text + " (" + std::to_string(i) + ")"});
    to.body.push_back({BlockKind::paragraph, text + " [" + std::to_string(i) + "]"});
  }
  const ArticleDiff diff = diff_articles(from, to);
  EXPECT_EQ(diff.stats.edited, 3000u);
  EXPECT_EQ(diff.stats.added + diff.stats.deleted, 0u);
  EXPECT_FALSE(diff.notes.empty());
  EXPECT_EQ(old_body(diff), from.body);
  EXPECT_EQ(new_body(diff), to.body);
}

TEST(DiffArticles, OneHugeBlockIsComparedAtACoarserGranularity) {
  std::string from_text, to_text;
  for (int i = 0; i < 30000; ++i) {
    from_text += "w" + std::to_string(i) + " ";
    to_text += "v" + std::to_string(i) + (i % 20 == 19 ? ". " : " ");
  }
  Article from, to;
  from.body.push_back({BlockKind::paragraph, from_text + "shared ending words here"});
  to.body.push_back({BlockKind::paragraph, to_text + "shared ending words here"});
  const ArticleDiff diff = diff_articles(from, to);
  EXPECT_EQ(old_body(diff), from.body);
  EXPECT_EQ(new_body(diff), to.body);
}

}  // namespace
}  // namespace st
