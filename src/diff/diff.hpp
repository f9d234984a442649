// The diff of two revisions of an article, compared as structured documents: headline,
// standfirst and byline on their own, then the body's blocks aligned, paired into edits,
// moves, splits and merges, with word-level changes inside. A pure core: values in, values out.
// The method and its limits are described in the README ("How a diff is computed").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "article/article.hpp"
#include "diff/tokens.hpp"

namespace st {

enum class BlockOp {
  equal,   // the same block, at the same place in the order of the others
  insert,  // a block of the new revision only
  remove,  // a block of the old revision only
  edit,    // a block changed in place (paired by similarity)
  move,    // a block that left one place and arrived at another, maybe changed on the way
  split,   // one old block became several consecutive new ones
  merge,   // several consecutive old blocks became one new one
};

// "equal", "insert", "delete", "edit", "move", "split", "merge".
std::string_view block_op_name(BlockOp op);

inline constexpr std::size_t kNoIndex = static_cast<std::size_t>(-1);

// In a split or merge, the blocks of the side with several are joined with this in the token
// changes: an inserted "\n" where a new block starts, a removed one where an old block ended.
// Block text never holds a line break, so it cannot be mistaken.
inline constexpr std::string_view kBlockBreak = "\n";

struct BlockChange {
  BlockOp op = BlockOp::equal;
  // Positions in the old and new body, 0-based; kNoIndex for the side a block is not on.
  // A split covers new blocks to_index .. to_index + to_count - 1, a merge old blocks
  // from_index .. from_index + from_count - 1; every other change has counts of 0 or 1.
  std::size_t from_index = kNoIndex;
  std::size_t to_index = kNoIndex;
  std::size_t from_count = 0;
  std::size_t to_count = 0;
  BlockKind from_kind = BlockKind::paragraph;  // the old block's kind (when there is one)
  BlockKind kind = BlockKind::paragraph;       // the new block's kind, else the old one's
  // The new text (the old one for a removal); for a split, the new blocks joined by
  // kBlockBreak.
  std::string text;
  // For edit, split and merge, and for a move whose text changed: the changes that turn the
  // old text into the new one. Empty for the other changes.
  std::vector<TokenChange> tokens;
  // How alike the old and new text are, from 0 to 1 (see block_similarity); 1 for equal
  // blocks, 0 for inserts and removals.
  double similarity = 0.0;
  bool operator==(const BlockChange&) const = default;
};

// A change of the headline, the standfirst or the byline line.
struct FieldChange {
  std::string from;
  std::string to;
  std::vector<TokenChange> tokens;
  bool operator==(const FieldChange&) const = default;
};

struct DiffStats {
  std::size_t added = 0;    // blocks inserted
  std::size_t deleted = 0;  // blocks removed
  std::size_t edited = 0;   // blocks edited in place
  std::size_t moved = 0;
  std::size_t split = 0;
  std::size_t merged = 0;
  std::size_t words_added = 0;    // words in inserted text, blocks and token changes alike
  std::size_t words_deleted = 0;  // words in removed text
  bool operator==(const DiffStats&) const = default;
};

struct ArticleDiff {
  std::optional<FieldChange> headline;
  std::optional<FieldChange> standfirst;
  std::optional<FieldChange> byline;
  // Every block of both revisions, once, in reading order: the new revision's order, with
  // each removed block where it stood among the others. A move appears where it arrived; its
  // from_index tells where it left.
  std::vector<BlockChange> blocks;
  DiffStats stats;
  Granularity granularity = Granularity::word;  // what was asked for
  // What the limits made the diff leave out, in words for the reader ("2 edited paragraphs
  // compared whole: too different for a word diff"). Empty when no limit applied.
  std::vector<std::string> notes;

  // Whether nothing changed: no field change and every block equal.
  bool empty() const;
  bool operator==(const ArticleDiff&) const = default;
};

struct DiffOptions {
  Granularity granularity = Granularity::word;
};

// How alike two texts are: the Dice coefficient of their word tokens taken as multisets,
// 2 * |shared| / (|a| + |b|), from 0 (nothing shared) to 1 (the same words). Punctuation and
// white space are left out; case is folded.
double block_similarity(std::string_view a, std::string_view b);

// Removed and inserted blocks in one stretch are paired as an edit when their similarity is at
// least this (wikidiff2 pairs lines above 0.2 of its own, character-based measure; words are
// stricter, and below this an "edit" reads as a rewrite).
inline constexpr double kEditSimilarity = 0.4;
// A block removed in one place and inserted elsewhere is a move when the two are at least this
// alike (identical ones always are).
inline constexpr double kMoveSimilarity = 0.6;
// A split or merge needs this similarity between the one block and the others joined.
inline constexpr double kSplitSimilarity = 0.7;

// Limits that keep the diff within a second and bounded memory on any input; past them it
// falls back to coarser work and says so in `notes`.
// - The block alignment is skipped (the differing middle of the two bodies is shown as removed
//   and inserted) when (blocks on both sides) x (blocks that cannot be matched) exceeds this.
inline constexpr std::size_t kMaxBlockAlignCost = 20'000'000;
// - Removed and inserted blocks of one stretch are paired by the best pairing (with splits
//   and merges) when the stretch has at most this many of each; longer stretches are paired
//   in order, each removed block with the most alike of the next few inserted ones.
inline constexpr std::size_t kMaxPairingRun = 100;
// - Moves between stretches are looked for among at most this many removed and inserted
//   blocks (wikidiff2 has the same kind of cut-off).
inline constexpr std::size_t kMaxMoveCandidates = 200;
// - The best pairing of a stretch is looked for only while (removed blocks) x (inserted
//   blocks) x (their average words) stays under this (about 200 ms); past it the stretch is
//   paired in order as a long one is.
inline constexpr std::size_t kMaxPairingWork = 1'500'000;
// - Moves are looked for only while (removed blocks) x (inserted blocks) x (their average
//   words) stays under this (about 50 ms).
inline constexpr std::size_t kMaxMoveWork = 50'000'000;
// - The token diffs of one article may together cost this much (counted as kMaxDiffCost is,
//   at most about 250 ms); the blocks after that are compared by sentence, then whole.
inline constexpr std::size_t kMaxArticleDiffCost = 150'000'000;

ArticleDiff diff_articles(const Article& from, const Article& to, const DiffOptions& options = {});

// The two bodies the diff was made from, rebuilt from it alone.
std::vector<Block> old_body(const ArticleDiff& diff);
std::vector<Block> new_body(const ArticleDiff& diff);

}  // namespace st
