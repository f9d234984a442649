// Tokens and text diffs: how text is cut, and the two properties every text diff keeps.

#include "diff/tokens.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace st {
namespace {

using Tokens = std::vector<std::string>;

std::string side(const std::vector<TokenChange>& changes, TokenOp skipped) {
  std::string text;
  for (const TokenChange& c : changes) {
    if (c.op != skipped) text += c.text;
  }
  return text;
}

// The changes as "[-removed-]{+inserted+}" marks around the equal text.
std::string marked(const std::vector<TokenChange>& changes) {
  std::string out;
  for (const TokenChange& c : changes) {
    if (c.op == TokenOp::equal) out += c.text;
    if (c.op == TokenOp::remove) out += "[-" + c.text + "-]";
    if (c.op == TokenOp::insert) out += "{+" + c.text + "+}";
  }
  return out;
}

TEST(Tokenize, WordsNumbersWithUnitsPunctuationAndSpace) {
  EXPECT_EQ(tokenize("The $310m pledge, up 2.5%, isn't final.", Granularity::word),
            (Tokens{"The", " ", "$310m", " ", "pledge", ",", " ", "up", " ", "2.5%", ",", " ",
                    "isn't", " ", "final", "."}));
  EXPECT_EQ(tokenize("300,000 Mexicans  in 2021", Granularity::word),
            (Tokens{"300,000", " ", "Mexicans", "  ", "in", " ", "2021"}));
  EXPECT_EQ(
      tokenize("cash-for-tree-planting \u201Cdo not come\u201D", Granularity::word),
      (Tokens{"cash-for-tree-planting", " ", "\u201C", "do", " ", "not", " ", "come", "\u201D"}));
  EXPECT_EQ(tokenize("the 20th, \u20AC5bn.", Granularity::word),
            (Tokens{"the", " ", "20th", ",", " ", "\u20AC5bn", "."}));
}

TEST(Tokenize, ChineseAndJapanesePerCharacter) {
  EXPECT_EQ(tokenize("\u4EBA\u5DE5\u667A\u80FD AI", Granularity::word),
            (Tokens{"\u4EBA", "\u5DE5", "\u667A", "\u80FD", " ", "AI"}));
  EXPECT_EQ(tokenize("\u30C8\u30EC\u30F3\u30C9", Granularity::word),
            (Tokens{"\u30C8", "\u30EC", "\u30F3", "\u30C9"}));
}

TEST(Tokenize, Sentences) {
  EXPECT_EQ(tokenize("He said \u201Cno.\u201D Then left! Why? Because.", Granularity::sentence),
            (Tokens{"He said \u201Cno.\u201D", " ", "Then left!", " ", "Why?", " ", "Because."}));
  EXPECT_EQ(tokenize("Mr. Smith arrived", Granularity::sentence),
            (Tokens{"Mr.", " ", "Smith arrived"}));
  EXPECT_EQ(tokenize("\u7B2C\u4E00\u3002\u7B2C\u4E8C\u3002", Granularity::sentence),
            (Tokens{"\u7B2C\u4E00\u3002", "\u7B2C\u4E8C\u3002"}));
}

TEST(Tokenize, GivesTheTextBack) {
  for (const std::string& text :
       {std::string("a  b\t\u00A0c"), std::string("\xFF\xFE broken \xE2\x82"),
        std::string("$ 5 $5 5$ .5 5. 5,"), std::string("\u2018quoted\u2019 \u2014 dash")}) {
    for (const Granularity g : {Granularity::word, Granularity::sentence, Granularity::paragraph}) {
      std::string joined;
      for (const std::string& t : tokenize(text, g)) {
        EXPECT_FALSE(t.empty());
        joined += t;
      }
      EXPECT_EQ(joined, text);
    }
  }
}

TEST(DiffText, ACorrectedFigureIsOneWordChange) {
  const TextDiff diff = diff_text("The White House pledged $300m in aid on Tuesday.",
                                  "The White House pledged $310m in aid on Tuesday.");
  EXPECT_EQ(marked(diff.changes), "The White House pledged [-$300m-]{+$310m+} in aid on Tuesday.");
  EXPECT_EQ(diff.granularity, Granularity::word);
}

TEST(DiffText, ShortUnchangedStretchesJoinChangesIntoPhrases) {
  EXPECT_EQ(
      marked(diff_text("Harris said on Tuesday that", "Harris told reporters on Wednesday that")
                 .changes),
      "Harris [-said on Tuesday-]{+told reporters on Wednesday+} that");
  // A long unchanged stretch keeps the changes apart.
  EXPECT_EQ(marked(diff_text("one quick brown fox jumps over two", "1 quick brown fox jumps over 2")
                       .changes),
            "[-one-]{+1+} quick brown fox jumps over [-two-]{+2+}");
}

TEST(DiffText, EqualEmptyAndWholeReplacements) {
  EXPECT_EQ(diff_text("same", "same").changes,
            (std::vector<TokenChange>{{TokenOp::equal, "same"}}));
  EXPECT_TRUE(diff_text("", "").changes.empty());
  EXPECT_EQ(diff_text("", "new").changes, (std::vector<TokenChange>{{TokenOp::insert, "new"}}));
  EXPECT_EQ(marked(diff_text("old words", "new text", Granularity::paragraph).changes),
            "[-old words-]{+new text+}");
}

TEST(DiffText, SentenceGranularityMarksWholeSentences) {
  EXPECT_EQ(marked(diff_text("First one. Second one. Third one.",
                             "First one. Second, changed. Third one.", Granularity::sentence)
                       .changes),
            "First one. [-Second one.-]{+Second, changed.+} Third one.");
}

TEST(DiffText, HugeRewritesFallBackToCoarserComparison) {
  std::string from, to;
  for (int i = 0; i < 8000; ++i) {
    from += "alpha" + std::to_string(i) + " ";
    to += "beta" + std::to_string(i) + (i % 10 == 9 ? ". " : " ");
  }
  const TextDiff diff = diff_text(from, to);
  EXPECT_NE(diff.granularity, Granularity::word);
  EXPECT_EQ(side(diff.changes, TokenOp::insert), from);
  EXPECT_EQ(side(diff.changes, TokenOp::remove), to);
}

// Random texts from a small vocabulary, so that they share words and the diffs are not trivial.
std::string random_text(std::uint32_t& state, int words) {
  static const std::vector<std::string> vocabulary{
      "Harris", "Mexico",  "said",     "the", "$300m",      "$310m",  "aid",
      ",",      ".",       "\u201Cdo", "not", "come\u201D", "\u4EBA", "\u5DE5",
      "on",     "Tuesday", "300,000",  "a",   "new",        "era"};
  std::string text;
  for (int i = 0; i < words; ++i) {
    state = state * 1664525u + 1013904223u;
    if (i > 0) text += (state >> 28) == 0 ? "  " : " ";
    text += vocabulary[(state >> 8) % vocabulary.size()];
  }
  return text;
}

TEST(DiffText, BothSidesAreRebuiltFromAnyDiff) {
  std::uint32_t state = 7;
  for (int round = 0; round < 400; ++round) {
    const std::string from = random_text(state, static_cast<int>(state % 40));
    std::string to = from;
    // A few random edits of the first text, or an unrelated text.
    if (round % 5 == 0) {
      to = random_text(state, static_cast<int>(state % 40));
    } else {
      for (int e = 0; e < 3 && !to.empty(); ++e) {
        state = state * 1664525u + 1013904223u;
        const std::size_t at = (state >> 8) % to.size();
        to.insert(at, random_text(state, 2));
      }
    }
    for (const Granularity g : {Granularity::word, Granularity::sentence, Granularity::paragraph}) {
      const TextDiff diff = diff_text(from, to, g);
      ASSERT_EQ(side(diff.changes, TokenOp::insert), from) << from << " | " << to;
      ASSERT_EQ(side(diff.changes, TokenOp::remove), to) << from << " | " << to;
      for (std::size_t i = 1; i < diff.changes.size(); ++i) {
        EXPECT_FALSE(diff.changes[i].op == diff.changes[i - 1].op) << "changes not merged";
      }
    }
    const TextDiff same = diff_text(from, from);
    for (const TokenChange& c : same.changes) EXPECT_EQ(c.op, TokenOp::equal);
  }
}

}  // namespace
}  // namespace st
