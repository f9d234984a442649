// Provenance: for each paragraph (or sentence) of a revision, the revision where its text first
// appeared and the one where it last changed. A pure core over a story's articles.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "article/article.hpp"
#include "diff/diff.hpp"

namespace st {

struct BlameEntry {
  BlockKind kind = BlockKind::paragraph;
  std::string text;
  std::size_t block = 0;  // the index of the block it is or belongs to
  int introduced = 0;     // 1-based revision numbers
  int last_changed = 0;
  bool operator==(const BlameEntry&) const = default;
};

enum class BlameUnit { block, sentence };

// The provenance of every block (or every sentence) of revisions[upto - 1], walking the
// revisions in order and diffing each with the one before (diff_articles):
//   - an unchanged block, moved or not, keeps its origin;
//   - an edited, split or merged block keeps the revision that introduced it (the earliest of
//     the blocks it came from) and was last changed now;
//   - an inserted block is new now, unless the same text was in an earlier revision: text that
//     was removed and later restored keeps its first appearance (as WikiWho does for words).
// By sentence, the same is done with each sentence as a unit (sentences as tokenize() cuts
// them), so a sentence added to an old paragraph is new and the rest keeps its origin.
// `revisions` is oldest first; `upto` is 1-based and at most revisions.size().
std::vector<BlameEntry> blame(const std::vector<Article>& revisions, std::size_t upto,
                              BlameUnit unit = BlameUnit::block);

// The same provenance, built one revision at a time: for a caller that walks the revisions and
// diffs each with the one before anyway (the timeline), so no revision is diffed twice and no
// more than one is held.
class Provenance {
 public:
  explicit Provenance(BlameUnit unit = BlameUnit::block) : unit_(unit) {}

  // The next revision. By block, `diff` may be the diff_articles of the revision before and
  // this one, which is then not computed again; by sentence, or when it is null, it is.
  void add(const Article& revision, const ArticleDiff* diff = nullptr);

  // The provenance of the last revision added.
  std::vector<BlameEntry> entries() const;

 private:
  struct Origin {
    int introduced = 0;
    int last_changed = 0;
  };
  BlameUnit unit_;
  int number_ = 0;    // revisions added
  Article previous_;  // the last revision's units as a body
  std::vector<std::size_t> block_of_;
  std::vector<Origin> origins_;
  std::unordered_map<std::string, Origin> seen_;  // every text, with its origin when last there
};

}  // namespace st
