// Text-level diffs: a block's text cut into tokens, the tokens aligned with dtl, and the result
// cleaned up so that changes read as phrases. Pure functions over UTF-8 strings.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace st {

// How finely edited text is compared.
enum class Granularity {
  word,       // words, numbers with their units, punctuation, white space; CJK per character
  sentence,   // sentences, with the white space between them
  paragraph,  // the whole text: an edited block is shown as replaced
};

enum class TokenOp { equal, insert, remove };

// "equal", "insert", "delete".
std::string_view token_op_name(TokenOp op);

struct TokenChange {
  TokenOp op = TokenOp::equal;
  std::string text;
  bool operator==(const TokenChange&) const = default;
};

// The tokens of `text` for `granularity`; concatenated they give `text` back exactly.
//   word:      a run of white space; a number with what is written around it ("$310m",
//              "300,000", "2.5%", "20th"); a word (letters, marks and digits, with an
//              apostrophe or hyphen inside: "isn't", "cash-for-tree-planting"); a Chinese,
//              Japanese or Korean ideograph or kana alone; any other character alone.
//   sentence:  a sentence up to and including its closing punctuation (. ! ? … and their
//              full-width forms) and closing quotes or brackets, then the white space after it.
//   paragraph: the whole text.
std::vector<std::string> tokenize(std::string_view text, Granularity granularity);

// The same tokens as tokenize(), handed to `visit` one by one without copying them.
void for_each_token(std::string_view text, Granularity granularity,
                    const std::function<void(std::string_view)>& visit);

// The most work one token diff may do, counted as the square of the number of tokens in the
// differing middle of the two texts (after their common start and end), which bounds dtl's
// O((N+M)D) time: 256 million is 16,000 tokens, about 180 ms on this machine for the worst
// texts (few words, all reordered). Past it the texts are compared at the next coarser
// granularity, and finally whole.
inline constexpr std::size_t kMaxDiffCost = 256'000'000;

struct TextDiff {
  std::vector<TokenChange> changes;
  Granularity granularity = Granularity::word;  // what was used; coarser when limits applied
  std::size_t cost = 0;                         // the work done, as counted for kMaxDiffCost
};

// The changes that turn `from` into `to`: tokens aligned with dtl (deletions before
// insertions), then a semantic cleanup: an unchanged stretch between two changes that is no
// longer than the changed text on either side of it ("on" in "[-said on Tuesday-]{+told
// reporters on Wednesday+}", a lone space or comma) joins them, and neighbouring changes are
// merged into one deletion followed by one insertion. Equal texts give one equal change (none
// when both are empty). The equal and removed texts concatenated give `from`; the equal and
// inserted ones give `to`. Texts whose diff would cost more than `max_cost` are compared at
// the next coarser granularity.
TextDiff diff_text(std::string_view from, std::string_view to,
                   Granularity granularity = Granularity::word,
                   std::size_t max_cost = kMaxDiffCost);

}  // namespace st
