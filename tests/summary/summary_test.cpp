// Change summaries: each heuristic on cases of its own, and the sample story revision by
// revision.

#include "summary/summary.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/sample_story.hpp"

namespace st {
namespace {

std::vector<Block> body_of(const std::vector<std::string>& texts) {
  std::vector<Block> body;
  for (const std::string& t : texts) body.push_back({BlockKind::paragraph, t});
  return body;
}

Article article_of(const std::vector<std::string>& texts, const std::string& headline = "H") {
  Article a;
  a.headline = headline;
  a.body = body_of(texts);
  return a;
}

RevisionSummary summarize(const Article& from, const Article& to) {
  return summarize_revision(from, to, diff_articles(from, to));
}

TEST(FindQuotes, SpeakersFromEveryKindOfAttribution) {
  const std::vector<Quote> quotes = find_quotes(body_of({
      "\u201CWe are embarking on a new era,\u201D Harris said at the start of the meeting.",
      "\u201CIt is a very successful meeting,\u201D said Foreign Minister Marcelo Ebrard.",
      "White House Press Secretary Jen Psaki said: \u201CThere is more work to be done.\u201D",
      "\u201CIt is still a dangerous journey for many people.\u201D",
      "According to John Holman, \u201Cmany people appear to be leaving now.\u201D",
      "The senator told reporters nothing. \u201CWe will see what happens,\u201D she added.",
      "Holman wrote \"there was no other option but to flee\" in his report.",
      "Harris told migrants \u201Cdo not come\u201D and her \u201Cnew era\u201D remark stood.",
      "\u201CWe will review it,\u201D according to Finance Director Alan Green.",
      "Ebrard has said that the pressure on the border was \u201Ca long-standing problem\u201D.",
      "Green said little. A note on the door read \u201Cnothing has been decided yet\u201D.",
  }));
  const std::vector<Quote> expected{
      {"Harris", "We are embarking on a new era"},
      {"Foreign Minister Marcelo Ebrard", "It is a very successful meeting"},
      {"White House Press Secretary Jen Psaki", "There is more work to be done."},
      {"White House Press Secretary Jen Psaki", "It is still a dangerous journey for many people."},
      {"John Holman", "many people appear to be leaving now."},
      {"John Holman", "We will see what happens"},
      {"Holman", "there was no other option but to flee"},
      {"Harris", "do not come"},
      {"Finance Director Alan Green", "We will review it"},
      {"Ebrard", "a long-standing problem"},
      // "said" in the sentence before does not make Green its speaker.
      {"", "nothing has been decided yet"},
  };
  EXPECT_EQ(quotes, expected);
}

TEST(FindNames, CapitalisedRunsWithTitlesSplitOff) {
  Article a = article_of({"White House Press Secretary Jen Psaki spoke on Tuesday in Mexico City.",
                          "The meeting of Andres Manuel Lopez Obrador and Al Jazeera\u2019s John "
                          "Holman was brief.",
                          "In June, President Joe Biden met Ursula von der Leyen [Carlos "
                          "Barria/Reuters]."});
  a.headline = "Harris meets Lopez Obrador";
  const std::vector<std::string> names = find_names(a);
  for (const char* expected : {"Harris", "Lopez Obrador", "White House", "Jen Psaki", "Mexico City",
                               "Andres Manuel Lopez Obrador", "Al Jazeera", "John Holman",
                               "Joe Biden", "Ursula von der Leyen"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  }
  for (const char* not_a_name : {"The", "In", "June", "Tuesday", "Press Secretary", "President"}) {
    EXPECT_EQ(std::find(names.begin(), names.end(), not_a_name), names.end()) << not_a_name;
  }
}

TEST(IsNotice, CorrectionAndUpdateLines) {
  for (const char* notice :
       {"Correction: An earlier version of this article misstated the amount.",
        "This story has been updated with comments from the White House.",
        "An earlier version of this article said the meeting was on Monday.",
        "Editor\u2019s note: names have been changed.", "UPDATE: the vote was delayed."}) {
    EXPECT_TRUE(is_notice(notice)) << notice;
  }
  for (const char* ordinary :
       {"The correction to the market was sharp.", "She updated her followers on Tuesday."}) {
    EXPECT_FALSE(is_notice(ordinary)) << ordinary;
  }
}

TEST(SummarizeRevision, QuotesAddedRemovedAndAlteredWithTheirSpeakers) {
  const Article from = article_of({"The talks went on.",
                                   "\u201CWe will not accept these terms at all,\u201D said Ana "
                                   "Costa.",
                                   "\u201CThe deal is a good one for everyone,\u201D Luis Moreno "
                                   "said."});
  const Article to = article_of({"The talks went on.",
                                 "\u201CThe deal is a good one for almost everyone,\u201D Luis "
                                 "Moreno said.",
                                 "\u201CWe expect a vote next week in parliament,\u201D said Jen "
                                 "Psaki."});
  const RevisionSummary s = summarize(from, to);
  ASSERT_EQ(s.quotes.size(), 3u);
  EXPECT_EQ(s.quotes[0].kind, QuoteChangeKind::altered);
  EXPECT_EQ(s.quotes[0].quote.speaker, "Luis Moreno");
  EXPECT_EQ(s.quotes[0].old_text, "The deal is a good one for everyone");
  EXPECT_EQ(s.quotes[1].kind, QuoteChangeKind::added);
  EXPECT_EQ(s.quotes[1].quote.speaker, "Jen Psaki");
  EXPECT_EQ(s.quotes[2].kind, QuoteChangeKind::removed);
  EXPECT_EQ(s.quotes[2].quote.speaker, "Ana Costa");
  EXPECT_EQ(s.names_added, std::vector<std::string>{"Jen Psaki"});
  EXPECT_EQ(s.names_removed, std::vector<std::string>{"Ana Costa"});
  EXPECT_EQ(s.significance, Significance::substantive);
}

TEST(SummarizeRevision, FiguresNoticesAndSignificance) {
  const Article from = article_of({"The fund holds $300m after 12 years.", "Other text here."});
  Article to = article_of({"The fund holds $310m after 12 years.", "Other text here.",
                           "Correction: an earlier version gave the wrong amount."});
  RevisionSummary s = summarize(from, to);
  EXPECT_EQ(s.numbers_changed, (std::vector<NumberChange>{{"$300m", "$310m"}}));
  EXPECT_EQ(s.notices.size(), 1u);
  EXPECT_EQ(s.significance, Significance::substantive);
  EXPECT_NE(s.line.find("Changed $300m to $310m"), std::string::npos) << s.line;
  EXPECT_NE(s.line.find("correction"), std::string::npos) << s.line;

  // A typo fixed: minor.
  const Article typo_from = article_of({"The goverment said so on Tuesday.", "Other text here."});
  const Article typo_to = article_of({"The government said so on Tuesday.", "Other text here."});
  s = summarize(typo_from, typo_to);
  EXPECT_EQ(s.significance, Significance::minor);
  EXPECT_EQ(s.line, "Minor edit: 1 word changed.");
  // Punctuation alone: minor too.
  s = summarize(article_of({"Yes, he said."}), article_of({"Yes; he said."}));
  EXPECT_EQ(s.significance, Significance::minor);
  EXPECT_EQ(s.line, "Minor edit: punctuation or spacing.");
  // A typo mended in the headline: minor, and said so.
  Article headline_from = article_of({"Other text here."}, "Goverment delays the vote");
  Article headline_to = article_of({"Other text here."}, "Government delays the vote");
  s = summarize(headline_from, headline_to);
  EXPECT_EQ(s.significance, Significance::minor);
  EXPECT_EQ(s.line, "Minor edit: 1 word changed in the headline.");
  // A new headline in other words is not.
  headline_to.headline = "Parliament delays the vote";
  EXPECT_EQ(summarize(headline_from, headline_to).significance, Significance::substantive);
  // One word, but a negation: substantive.
  s = summarize(article_of({"Harris will visit the border this month."}),
                article_of({"Harris will not visit the border this month."}));
  EXPECT_EQ(s.significance, Significance::substantive) << s.line;
}

// ---- the sample story ----

TEST(SummarizeRevision, DatesDaysAndNumberWordsAreFigures) {
  const Article from = article_of({"The talks were held on June 5, 2021, in Mexico City.",
                                   "They met on Monday with three advisers, as the report may say.",
                                   "Officials will march on in May."});
  const Article to = article_of({"The talks were held on June 12, 2021, in Mexico City.",
                                 "They met on Tuesday with four advisers, as the report might say.",
                                 "Officials will walk on in May."});
  const RevisionSummary s = summarize(from, to);
  EXPECT_EQ(
      s.numbers_changed,
      (std::vector<NumberChange>{{"June 5", "June 12"}, {"Monday", "Tuesday"}, {"three", "four"}}));
}

TEST(SampleStory, EveryRevisionSaysWhatChangedInOneLine) {
  std::vector<Article> revisions;
  for (const std::string& f : test::kSampleRevisionFiles) {
    revisions.push_back(test::sample_capture(f));
  }
  std::vector<RevisionSummary> summaries{summarize_first_revision(revisions[0])};
  for (std::size_t i = 1; i < revisions.size(); ++i) {
    summaries.push_back(summarize(revisions[i - 1], revisions[i]));
  }
  EXPECT_EQ(summaries[0].line,
            "First version: 9 paragraphs, 279 words, quoting US Vice President Kamala Harris.");
  EXPECT_TRUE(summaries[1].line.starts_with("Added 17 paragraphs: \u201CThe meeting on Tuesday"))
      << summaries[1].line;
  EXPECT_EQ(summaries[2].line,
            "New headline: \u201CHarris hails \u2018new era\u2019 with Mexico during Lopez "
            "Obrador meeting\u201D.");
  EXPECT_EQ(summaries[3].line, "Changed $300m to $310m.");
  EXPECT_EQ(summaries[3].numbers_changed, (std::vector<NumberChange>{{"$300m", "$310m"}}));
  EXPECT_EQ(summaries[4].line,
            "Added 3 paragraphs: \u201CThe White House sought to clarify Harris\u2019s comments on "
            "Tuesday.\u201D, quoting White House Press Secretary Jen Psaki.");
  EXPECT_EQ(summaries[4].names_added, std::vector<std::string>{"Jen Psaki"});
  ASSERT_EQ(summaries[4].quotes.size(), 2u);
  for (const QuoteChange& q : summaries[4].quotes) {
    EXPECT_EQ(q.kind, QuoteChangeKind::added);
    EXPECT_EQ(q.quote.speaker, "White House Press Secretary Jen Psaki");
  }
  EXPECT_EQ(summaries[5].line, "Moved 1 paragraph.");
  for (const RevisionSummary& s : summaries) {
    EXPECT_EQ(s.significance, Significance::substantive) << s.line;
  }
}

// The timeline finds each revision's facts through a cache of the texts it has read; the
// facts must be those found without it, revision after revision, even when a text comes back.
TEST(SampleStory, FactsThroughTheCacheAreTheFactsWithout) {
  std::vector<Article> revisions;
  for (const std::string& f : test::kSampleRevisionFiles) {
    revisions.push_back(test::sample_capture(f));
  }
  revisions.push_back(revisions.front());  // the first text restored after the others
  FactsCache cache;
  for (std::size_t r = 0; r < revisions.size(); ++r) {
    const ArticleFacts cached = article_facts(revisions[r], cache);
    const ArticleFacts plain = article_facts(revisions[r]);
    EXPECT_EQ(cached.quotes, plain.quotes) << "revision " << r + 1;
    EXPECT_EQ(cached.names, plain.names) << "revision " << r + 1;
    EXPECT_EQ(cached.name_keys, plain.name_keys) << "revision " << r + 1;
    EXPECT_FALSE(plain.quotes.empty());
    EXPECT_FALSE(plain.names.empty());
  }
}

}  // namespace
}  // namespace st
