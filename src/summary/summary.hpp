// What a revision changed, in words: quotes added, removed or altered with their speakers,
// names that appear or disappear, figures that moved, correction notices, how much it matters,
// and one line that says it all. A pure core over two articles and their diff; the heuristics
// are described in the README ("How a change is summarised").
#pragma once

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "article/article.hpp"
#include "diff/diff.hpp"

namespace st {

// A quotation in an article's text and who the text says spoke it.
struct Quote {
  std::string speaker;  // "White House Press Secretary Jen Psaki"; empty when not attributed
  std::string text;     // the words inside the quotation marks
  bool operator==(const Quote&) const = default;
};

enum class QuoteChangeKind { added, removed, altered };

// "added", "removed", "altered".
std::string_view quote_change_name(QuoteChangeKind kind);

struct QuoteChange {
  QuoteChangeKind kind = QuoteChangeKind::added;
  Quote quote;           // the new quote (the old one for a removal)
  std::string old_text;  // altered: the quote's words before
  bool operator==(const QuoteChange&) const = default;
};

// A figure that changed inside an edited passage ("$300m" to "$310m").
struct NumberChange {
  std::string from;
  std::string to;
  bool operator==(const NumberChange&) const = default;
};

enum class Significance { minor, substantive };

std::string_view significance_name(Significance significance);

struct RevisionSummary {
  bool first = false;  // the story's first revision: nothing to compare with
  Significance significance = Significance::substantive;
  std::vector<QuoteChange> quotes;
  std::vector<std::string> names_added;    // people and organisations named for the first time
  std::vector<std::string> names_removed;  // named before, no longer
  std::vector<NumberChange> numbers_changed;
  std::vector<std::string> notices;  // correction and update notices that appeared
  std::string line;                  // one line that says it all
  bool operator==(const RevisionSummary&) const = default;
};

// The quotations of a text, with speakers found by attribution ("X said", "said X",
// "according to X", "X told ...", "X wrote/tweeted/added"); a quotation standing alone in a
// block takes the speaker of the quotation just before it (a quote that goes on).
std::vector<Quote> find_quotes(const std::vector<Block>& body);

// Names of people and organisations: runs of capitalised words ("Jen Psaki", "White House"),
// with titles ("Press Secretary") split off and sentence-initial common words left out.
std::vector<std::string> find_names(const Article& article);

// A correction or update notice ("An earlier version of this article...", "Correction:",
// "This story has been updated").
bool is_notice(std::string_view text);

// The summary of `to` against `from` (its predecessor), given their diff.
RevisionSummary summarize_revision(const Article& from, const Article& to, const ArticleDiff& diff);

// What the summary needs of one article, found once: a timeline reads each revision's facts as
// the new side of one pair and the old side of the next.
struct ArticleFacts {
  std::vector<Quote> quotes;                   // find_quotes
  std::vector<std::string> names;              // find_names
  std::unordered_set<std::string> name_keys;   // the names in lower case
  std::unordered_set<std::string> last_words;  // their last words (surnames) in lower case
};

ArticleFacts article_facts(const Article& article);

// Remembers what was found in each text (headline, standfirst, block) of the last article given
// to article_facts, so that a timeline, whose revisions share most of their blocks, reads each
// block once. Holds one article's worth.
class FactsCache {
 public:
  FactsCache();
  ~FactsCache();
  FactsCache(const FactsCache&) = delete;
  FactsCache& operator=(const FactsCache&) = delete;

 private:
  friend ArticleFacts article_facts(const Article& article, FactsCache& cache);
  struct Texts;
  std::unique_ptr<Texts> texts_;
};

// article_facts, with the texts the cache has already read taken from it.
ArticleFacts article_facts(const Article& article, FactsCache& cache);

// summarize_revision with the two articles' facts already found.
RevisionSummary summarize_revision(const Article& from, const Article& to, const ArticleDiff& diff,
                                   const ArticleFacts& old_facts, const ArticleFacts& new_facts);

// The summary of a story's first revision.
RevisionSummary summarize_first_revision(const Article& first);

}  // namespace st
