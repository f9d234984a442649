#include "diff/diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <dtl/dtl.hpp>
#include <functional>
#include <unordered_map>

#include "util/text.hpp"

namespace st {
namespace {

// What the alignment needs of a block: the key it is aligned on (its comparison_key, so a
// change of case, quotes or dashes alone still aligns) and its words for similarity.
struct BlockFacts {
  std::uint64_t key = 0;
  std::vector<std::uint64_t> words;  // hashes of its lower-cased word tokens, sorted
};

// FNV-1a, 64 bits: hashes text as it is streamed, with no copy.
constexpr std::uint64_t kFnvOffset = 14695981039346656037ull;
constexpr std::uint64_t kFnvPrime = 1099511628211ull;
inline std::uint64_t fnv_add(std::uint64_t hash, unsigned char byte) {
  return (hash ^ byte) * kFnvPrime;
}

char ascii_lower_char(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// The hash of comparison_key(text) for text that is already normalised (block text always
// is): ASCII letters lowered, typographic quotes and dashes as their ASCII forms.
std::uint64_t key_hash(std::string_view text) {
  std::uint64_t hash = kFnvOffset;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0xC2 && i + 1 < text.size() &&
        (static_cast<unsigned char>(text[i + 1]) == 0xAB ||
         static_cast<unsigned char>(text[i + 1]) == 0xBB)) {
      hash = fnv_add(hash, '"');
      ++i;
    } else if (c == 0xE2 && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               static_cast<unsigned char>(text[i + 2]) >= 0x90 &&
               static_cast<unsigned char>(text[i + 2]) <= 0x9F &&
               static_cast<unsigned char>(text[i + 2]) != 0x96 &&
               static_cast<unsigned char>(text[i + 2]) != 0x97) {
      const auto last = static_cast<unsigned char>(text[i + 2]);
      hash = fnv_add(hash, last <= 0x95 ? '-' : (last <= 0x9B ? '\'' : '"'));
      i += 2;
    } else {
      hash = fnv_add(hash, static_cast<unsigned char>(ascii_lower_char(static_cast<char>(c))));
    }
  }
  return hash;
}

std::vector<std::uint64_t> word_hashes(std::string_view text) {
  std::vector<std::uint64_t> words;
  for_each_token(text, Granularity::word, [&](std::string_view token) {
    // Words and numbers ("$310m" starts with a sign); not punctuation or white space.
    bool has_word_char = false;
    for (std::size_t pos = 0; pos < token.size() && !has_word_char;) {
      const auto c = static_cast<unsigned char>(token[pos]);
      if (c < 0x80) {
        has_word_char = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        ++pos;
      } else {
        has_word_char = is_word_char(next_code_point(token, pos));
      }
    }
    if (!has_word_char) return;
    std::uint64_t hash = kFnvOffset;
    for (const char c : token)
      hash = fnv_add(hash, static_cast<unsigned char>(ascii_lower_char(c)));
    words.push_back(hash);
  });
  std::sort(words.begin(), words.end());
  return words;
}

BlockFacts facts_of(const Block& block) {
  return {key_hash(block.text), word_hashes(block.text)};
}

// Words two sorted multisets share.
std::size_t shared_words(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  std::size_t shared = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++shared, ++i, ++j;
    }
  }
  return shared;
}

double dice(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  if (a.empty() && b.empty()) return 0.0;
  return 2.0 * static_cast<double>(shared_words(a, b)) / static_cast<double>(a.size() + b.size());
}

std::vector<std::uint64_t> joined_words(const std::vector<BlockFacts>& facts, std::size_t first,
                                        std::size_t count) {
  std::vector<std::uint64_t> words;
  for (std::size_t i = first; i < first + count; ++i) {
    words.insert(words.end(), facts[i].words.begin(), facts[i].words.end());
  }
  std::sort(words.begin(), words.end());
  return words;
}

// One step of the alignment: a pair of blocks with the same key, or a block of one side.
struct Step {
  enum class Kind { common, removed, added } kind;
  std::size_t a = kNoIndex;
  std::size_t b = kNoIndex;
};

// What a block was found to be part of.
struct Link {
  BlockOp op = BlockOp::equal;
  std::size_t a_first = kNoIndex, a_count = 0;
  std::size_t b_first = kNoIndex, b_count = 0;
  double similarity = 0.0;
};

class Aligner {
 public:
  Aligner(const Article& from, const Article& to, const DiffOptions& options, ArticleDiff& out)
      : a_(from.body),
        b_(to.body),
        fa_(a_.size()),
        fb_(b_.size()),
        a_link_(a_.size(), kNoIndex),
        b_link_(b_.size(), kNoIndex),
        options_(options),
        out_(out) {}

  void run() {
    align();
    link_same_keys();
    pair_runs();
    link_similar_moves();
    emit();
  }

 private:
  // Steps in reading order: dtl over the keys of the differing middle of the two bodies.
  void align() {
    // The identical start and end need no facts: most revisions change a few blocks.
    std::size_t prefix = 0;
    while (prefix < a_.size() && prefix < b_.size() && a_[prefix] == b_[prefix]) ++prefix;
    std::size_t suffix = 0;
    while (suffix < a_.size() - prefix && suffix < b_.size() - prefix &&
           a_[a_.size() - 1 - suffix] == b_[b_.size() - 1 - suffix]) {
      ++suffix;
    }
    for (std::size_t i = 0; i < prefix; ++i) steps_.push_back({Step::Kind::common, i, i});
    const std::size_t a_end = a_.size() - suffix, b_end = b_.size() - suffix;
    // The middle is aligned on the blocks as they are (kind and text): a block that changed in
    // any way, even only its case or quote marks, is then paired, moved or matched by its key.
    // A hash collision would only turn an aligned pair into an edit (change_for checks).
    const auto raw_hash = [](const Block& block) {
      return std::hash<std::string_view>{}(block.text) * 31 + static_cast<std::size_t>(block.kind);
    };
    std::vector<std::uint64_t> ka, kb;
    for (std::size_t i = prefix; i < a_end; ++i) ka.push_back(raw_hash(a_[i]));
    for (std::size_t j = prefix; j < b_end; ++j) kb.push_back(raw_hash(b_[j]));
    std::unordered_map<std::uint64_t, std::size_t> counts;
    for (const std::uint64_t k : ka) ++counts[k];
    std::size_t common = 0;
    for (const std::uint64_t k : kb) {
      if (auto it = counts.find(k); it != counts.end() && it->second > 0) --it->second, ++common;
    }
    const std::size_t cost = (ka.size() + kb.size()) * (ka.size() + kb.size() - 2 * common);
    if (ka.empty() || kb.empty() || cost > kMaxBlockAlignCost) {
      if (cost > kMaxBlockAlignCost) {
        out_.notes.push_back(fmt::format(
            "{} old and {} new blocks in the middle of the article are shown as removed and "
            "inserted: too many differ to align them",
            ka.size(), kb.size()));
        too_large_ = true;
      }
      for (std::size_t i = prefix; i < a_end; ++i) steps_.push_back({Step::Kind::removed, i});
      for (std::size_t j = prefix; j < b_end; ++j) {
        steps_.push_back({Step::Kind::added, kNoIndex, j});
      }
    } else {
      dtl::Diff<std::uint64_t, std::vector<std::uint64_t>> diff(ka, kb, true);
      diff.compose();
      for (const auto& [key, info] : diff.getSes().getSequence()) {
        const std::size_t a =
            info.beforeIdx > 0 ? prefix + static_cast<std::size_t>(info.beforeIdx - 1) : kNoIndex;
        const std::size_t b =
            info.afterIdx > 0 ? prefix + static_cast<std::size_t>(info.afterIdx - 1) : kNoIndex;
        if (info.type == dtl::SES_COMMON) {
          steps_.push_back({Step::Kind::common, a, b});
        } else if (info.type == dtl::SES_DELETE) {
          steps_.push_back({Step::Kind::removed, a});
        } else {
          steps_.push_back({Step::Kind::added, kNoIndex, b});
        }
      }
    }
    for (std::size_t i = 0; i < suffix; ++i) {
      steps_.push_back({Step::Kind::common, a_end + i, b_end + i});
    }
    // Facts (key and words) only for the blocks that did not align as they are.
    for (const Step& s : steps_) {
      if (s.kind == Step::Kind::common) {
        add_link({BlockOp::equal, s.a, 1, s.b, 1, 1.0});
      } else if (s.kind == Step::Kind::removed) {
        fa_[s.a] = facts_of(a_[s.a]);
      } else {
        fb_[s.b] = facts_of(b_[s.b]);
      }
    }
  }

  void add_link(const Link& link) {
    const std::size_t id = links_.size();
    links_.push_back(link);
    for (std::size_t i = 0; i < link.a_count; ++i) a_link_[link.a_first + i] = id;
    for (std::size_t j = 0; j < link.b_count; ++j) b_link_[link.b_first + j] = id;
  }

  // A block removed in one place and inserted, with the same key, in another.
  // Blocks with the same key on both sides that did not align as they are: in the same
  // stretch between aligned blocks, one block whose case, quote marks, dashes or kind changed
  // (an edit); in different stretches, a move.
  void link_same_keys() {
    std::unordered_map<std::uint64_t, std::vector<std::pair<std::size_t, std::size_t>>> removed;
    std::size_t run = 0;
    std::vector<std::size_t> run_of_added(b_.size(), 0);
    for (const Step& s : steps_) {
      if (s.kind == Step::Kind::common) {
        ++run;
      } else if (s.kind == Step::Kind::removed) {
        removed[fa_[s.a].key].push_back({s.a, run});
      } else {
        run_of_added[s.b] = run;
      }
    }
    std::unordered_map<std::uint64_t, std::size_t> used;
    for (const Step& s : steps_) {
      if (s.kind != Step::Kind::added) continue;
      const auto it = removed.find(fb_[s.b].key);
      if (it == removed.end()) continue;
      std::size_t& next = used[it->first];
      if (next >= it->second.size()) continue;
      const auto [a, removed_run] = it->second[next++];
      const BlockOp op = removed_run == run_of_added[s.b] ? BlockOp::edit : BlockOp::move;
      add_link({op, a, 1, s.b, 1, 1.0});
    }
  }

  // Pairs the unlinked removed and inserted blocks of each stretch between common blocks.
  void pair_runs() {
    std::size_t long_runs = 0, long_run_blocks = 0;
    for (std::size_t i = 0; i < steps_.size();) {
      if (steps_[i].kind == Step::Kind::common) {
        ++i;
        continue;
      }
      std::vector<std::size_t> removed, added;
      for (; i < steps_.size() && steps_[i].kind != Step::Kind::common; ++i) {
        const Step& s = steps_[i];
        if (s.kind == Step::Kind::removed && a_link_[s.a] == kNoIndex) removed.push_back(s.a);
        if (s.kind == Step::Kind::added && b_link_[s.b] == kNoIndex) added.push_back(s.b);
      }
      if (removed.empty() || added.empty()) continue;
      if (removed.size() > kMaxPairingRun || added.size() > kMaxPairingRun ||
          pairing_work(removed, added) > kMaxPairingWork) {
        ++long_runs;
        long_run_blocks += removed.size() + added.size();
        pair_run_by_position(removed, added);
        continue;
      }
      pair_run(removed, added);
    }
    if (long_runs > 0) {
      out_.notes.push_back(fmt::format(
          "{} removed and inserted blocks were paired in order only (no splits or merges): too "
          "many in a row to look for the best pairing",
          long_run_blocks));
    }
  }

  // The work of the best pairing: (removed) x (inserted) x (average words of a block).
  std::size_t pairing_work(const std::vector<std::size_t>& r,
                           const std::vector<std::size_t>& n) const {
    std::size_t words = 0;
    for (const std::size_t a : r) words += fa_[a].words.size();
    for (const std::size_t b : n) words += fb_[b].words.size();
    return words * r.size() * n.size() / (r.size() + n.size());
  }

  // The pairing of a long stretch: in order, each removed block with the most alike of the
  // next kPairingWindow inserted ones, when it is alike enough for an edit. Linear time.
  void pair_run_by_position(const std::vector<std::size_t>& r, const std::vector<std::size_t>& n) {
    constexpr std::size_t kPairingWindow = 8;
    std::size_t j = 0;
    for (const std::size_t a : r) {
      std::size_t best = kNoIndex;
      double best_sim = kEditSimilarity;
      for (std::size_t k = j; k < n.size() && k < j + kPairingWindow; ++k) {
        const double sim = dice(fa_[a].words, fb_[n[k]].words);
        if (sim >= best_sim) {
          best = k;
          best_sim = sim;
        }
      }
      if (best == kNoIndex) continue;
      add_link({BlockOp::edit, a, 1, n[best], 1, best_sim});
      j = best + 1;
    }
  }

  // The best monotone pairing of one stretch (dynamic programming over the removed blocks
  // `r` and inserted blocks `n`): each pair is an edit (1:1), a split (1:k) or a merge (k:1),
  // scored by the words the two sides share, so the pairing keeps the most text in common.
  void pair_run(const std::vector<std::size_t>& r, const std::vector<std::size_t>& n) {
    constexpr std::size_t kMaxPieces = 4;
    const std::size_t R = r.size(), N = n.size();
    struct Cell {
      double score = -1.0;  // not reached yet
      std::size_t from_i = 0, from_j = 0;
      Link link;  // op == equal: no pair made on this step
    };
    std::vector<Cell> table((R + 1) * (N + 1));
    const auto at = [&](std::size_t i, std::size_t j) -> Cell& { return table[i * (N + 1) + j]; };
    at(0, 0).score = 0.0;
    // The first offer of the best score wins: leaving blocks unpaired comes first.
    const auto offer = [&](std::size_t i, std::size_t j, std::size_t pi, std::size_t pj,
                           double score, const Link& link) {
      Cell& cell = at(i, j);
      if (score > cell.score) cell = {score, pi, pj, link};
    };
    const auto consecutive = [](const std::vector<std::size_t>& v, std::size_t first,
                                std::size_t count) {
      for (std::size_t k = 1; k < count; ++k) {
        if (v[first + k] != v[first] + k) return false;
      }
      return true;
    };
    // The words each removed block shares with each inserted one, counted once.
    std::vector<std::size_t> shared(R * N);
    for (std::size_t i = 0; i < R; ++i) {
      for (std::size_t j = 0; j < N; ++j) {
        shared[i * N + j] = shared_words(fa_[r[i]].words, fb_[n[j]].words);
      }
    }
    const auto half_shared = [&](std::size_t i, std::size_t j, std::size_t piece_words) {
      return piece_words > 0 && 2 * shared[i * N + j] >= piece_words;
    };
    for (std::size_t i = 0; i <= R; ++i) {
      for (std::size_t j = 0; j <= N; ++j) {
        if (i == 0 && j == 0) continue;
        if (i > 0) offer(i, j, i - 1, j, at(i - 1, j).score, {});
        if (j > 0) offer(i, j, i, j - 1, at(i, j - 1).score, {});
        if (i > 0 && j > 0) {
          const std::size_t ai = r[i - 1], bj = n[j - 1];
          const std::size_t both = fa_[ai].words.size() + fb_[bj].words.size();
          const double common = static_cast<double>(shared[(i - 1) * N + (j - 1)]);
          const double sim = both == 0 ? 0.0 : 2.0 * common / static_cast<double>(both);
          if (sim >= kEditSimilarity) {
            offer(i, j, i - 1, j - 1, at(i - 1, j - 1).score + common,
                  {BlockOp::edit, ai, 1, bj, 1, sim});
          }
        }
        // A split: removed block i-1 into inserted blocks j-k .. j-1; every piece must share
        // half of its words with it (checked on the table before joining anything).
        for (std::size_t k = 2; i > 0 && k <= kMaxPieces && k <= j; ++k) {
          const std::size_t ai = r[i - 1], first = j - k;
          bool pieces = consecutive(n, first, k);
          for (std::size_t p = first; pieces && p < j; ++p) {
            pieces = half_shared(i - 1, p, fb_[n[p]].words.size());
          }
          if (!pieces || !split_fits(fa_, a_, ai, fb_, b_, n[first], k)) continue;
          const auto words = joined_words(fb_, n[first], k);
          const double sim = dice(fa_[ai].words, words);
          const double score =
              at(i - 1, first).score + static_cast<double>(shared_words(fa_[ai].words, words));
          offer(i, j, i - 1, first, score, {BlockOp::split, ai, 1, n[first], k, sim});
        }
        // A merge: removed blocks i-k .. i-1 into inserted block j-1.
        for (std::size_t k = 2; j > 0 && k <= kMaxPieces && k <= i; ++k) {
          const std::size_t bj = n[j - 1], first = i - k;
          bool pieces = consecutive(r, first, k);
          for (std::size_t p = first; pieces && p < i; ++p) {
            pieces = half_shared(p, j - 1, fa_[r[p]].words.size());
          }
          if (!pieces || !split_fits(fb_, b_, bj, fa_, a_, r[first], k)) continue;
          const auto words = joined_words(fa_, r[first], k);
          const double sim = dice(words, fb_[bj].words);
          const double score =
              at(first, j - 1).score + static_cast<double>(shared_words(words, fb_[bj].words));
          offer(i, j, first, j - 1, score, {BlockOp::merge, r[first], k, bj, 1, sim});
        }
      }
    }
    for (std::size_t i = R, j = N; i > 0 || j > 0;) {
      const Cell& cell = at(i, j);
      if (cell.link.op != BlockOp::equal) add_link(cell.link);
      i = cell.from_i;
      j = cell.from_j;
    }
  }

  // Whether `count` blocks of side `many` starting at `first` are the pieces of block `one`
  // of side `single`: all of the same kind as it, each sharing at least half of its words with
  // it, and all of them together at least kSplitSimilarity alike.
  static bool split_fits(const std::vector<BlockFacts>& single_facts,
                         const std::vector<Block>& single, std::size_t one,
                         const std::vector<BlockFacts>& many_facts, const std::vector<Block>& many,
                         std::size_t first, std::size_t count) {
    for (std::size_t k = first; k < first + count; ++k) {
      if (many[k].kind != single[one].kind) return false;
      const auto& words = many_facts[k].words;
      if (words.empty() || 2 * shared_words(single_facts[one].words, words) < words.size()) {
        return false;
      }
    }
    return dice(single_facts[one].words, joined_words(many_facts, first, count)) >=
           kSplitSimilarity;
  }

  // Removed and inserted blocks left unpaired anywhere that are alike enough: moves that
  // changed on the way. The most alike pairs first.
  void link_similar_moves() {
    std::vector<std::size_t> removed, added;
    for (const Step& s : steps_) {
      if (s.kind == Step::Kind::removed && a_link_[s.a] == kNoIndex) removed.push_back(s.a);
      if (s.kind == Step::Kind::added && b_link_[s.b] == kNoIndex) added.push_back(s.b);
    }
    if (removed.empty() || added.empty()) return;
    if (removed.size() > kMaxMoveCandidates || added.size() > kMaxMoveCandidates ||
        pairing_work(removed, added) > kMaxMoveWork) {
      if (!too_large_) {
        out_.notes.push_back(fmt::format(
            "moves were not looked for among {} removed and {} inserted blocks: too many to "
            "compare",
            removed.size(), added.size()));
      }
      return;
    }
    struct Candidate {
      double similarity;
      std::size_t a, b;
    };
    std::vector<Candidate> candidates;
    for (const std::size_t a : removed) {
      for (const std::size_t b : added) {
        const double sim = dice(fa_[a].words, fb_[b].words);
        if (sim >= kMoveSimilarity) candidates.push_back({sim, a, b});
      }
    }
    std::stable_sort(
        candidates.begin(), candidates.end(),
        [](const Candidate& x, const Candidate& y) { return x.similarity > y.similarity; });
    for (const Candidate& c : candidates) {
      if (a_link_[c.a] != kNoIndex || b_link_[c.b] != kNoIndex) continue;
      add_link({BlockOp::move, c.a, 1, c.b, 1, c.similarity});
    }
  }

  // The changes in reading order (see ArticleDiff::blocks).
  void emit() {
    for (const Step& s : steps_) {
      if (s.kind == Step::Kind::removed) {
        if (a_link_[s.a] != kNoIndex) continue;  // shown where its partner arrives
        BlockChange change;
        change.op = BlockOp::remove;
        change.from_index = s.a;
        change.from_count = 1;
        change.from_kind = change.kind = a_[s.a].kind;
        change.text = a_[s.a].text;
        out_.blocks.push_back(std::move(change));
        continue;
      }
      const std::size_t b = s.b;
      if (b_link_[b] == kNoIndex) {
        BlockChange change;
        change.op = BlockOp::insert;
        change.to_index = b;
        change.to_count = 1;
        change.from_kind = change.kind = b_[b].kind;
        change.text = b_[b].text;
        out_.blocks.push_back(std::move(change));
        continue;
      }
      const Link& link = links_[b_link_[b]];
      if (b != link.b_first) continue;  // a later piece of a split
      out_.blocks.push_back(change_for(link));
    }
  }

  std::string joined_text(const std::vector<Block>& body, std::size_t first,
                          std::size_t count) const {
    std::string text;
    for (std::size_t k = first; k < first + count; ++k) {
      if (k > first) text += kBlockBreak;
      text += body[k].text;
    }
    return text;
  }

  BlockChange change_for(const Link& link) {
    BlockChange change;
    change.op = link.op;
    change.from_index = link.a_first;
    change.from_count = link.a_count;
    change.to_index = link.b_first;
    change.to_count = link.b_count;
    change.from_kind = a_[link.a_first].kind;
    change.kind = b_[link.b_first].kind;
    change.similarity = link.similarity;
    const std::string from = joined_text(a_, link.a_first, link.a_count);
    change.text = joined_text(b_, link.b_first, link.b_count);
    const bool same = from == change.text && change.from_kind == change.kind;
    if (link.op == BlockOp::equal && !same) {  // case, quotes, dashes or the kind changed
      change.op = BlockOp::edit;
      change.similarity = dice(fa_[link.a_first].words, fb_[link.b_first].words);
    }
    if (change.op == BlockOp::equal || (change.op == BlockOp::move && from == change.text)) {
      return change;
    }
    TextDiff text_diff = diff_text(from, change.text, options_.granularity,
                                   std::min(kMaxDiffCost, kMaxArticleDiffCost - cost_used_));
    cost_used_ += text_diff.cost;
    if (text_diff.granularity != options_.granularity) ++coarser_blocks_;
    change.tokens = std::move(text_diff.changes);
    return change;
  }

 public:
  void finish_notes() {
    if (coarser_blocks_ > 0) {
      out_.notes.push_back(fmt::format(
          "{} changed block{} compared more coarsely than asked (by sentence, or whole): too "
          "long or too different to compare within the limits",
          coarser_blocks_, coarser_blocks_ == 1 ? "" : "s"));
    }
  }

 private:
  const std::vector<Block>& a_;
  const std::vector<Block>& b_;
  std::vector<BlockFacts> fa_, fb_;
  std::vector<std::size_t> a_link_, b_link_;  // index into links_, or kNoIndex
  std::vector<Link> links_;
  std::vector<Step> steps_;
  const DiffOptions& options_;
  ArticleDiff& out_;
  bool too_large_ = false;
  std::size_t cost_used_ = 0;  // by the token diffs so far (see kMaxArticleDiffCost)
  std::size_t coarser_blocks_ = 0;
};

std::size_t words_in(const std::vector<TokenChange>& tokens, TokenOp op) {
  std::size_t n = 0;
  for (const TokenChange& t : tokens) {
    if (t.op == op) n += count_words(t.text);
  }
  return n;
}

DiffStats stats_of(const ArticleDiff& diff) {
  DiffStats stats;
  for (const BlockChange& c : diff.blocks) {
    switch (c.op) {
      case BlockOp::equal:
        break;
      case BlockOp::insert:
        ++stats.added;
        stats.words_added += count_words(c.text);
        break;
      case BlockOp::remove:
        ++stats.deleted;
        stats.words_deleted += count_words(c.text);
        break;
      case BlockOp::edit:
        ++stats.edited;
        break;
      case BlockOp::move:
        ++stats.moved;
        break;
      case BlockOp::split:
        ++stats.split;
        break;
      case BlockOp::merge:
        ++stats.merged;
        break;
    }
    stats.words_added += words_in(c.tokens, TokenOp::insert);
    stats.words_deleted += words_in(c.tokens, TokenOp::remove);
  }
  for (const auto* field : {&diff.headline, &diff.standfirst, &diff.byline}) {
    if (!field->has_value()) continue;
    stats.words_added += words_in((*field)->tokens, TokenOp::insert);
    stats.words_deleted += words_in((*field)->tokens, TokenOp::remove);
  }
  return stats;
}

std::optional<FieldChange> field_change(const std::string& from, const std::string& to,
                                        Granularity granularity) {
  if (from == to) return std::nullopt;
  return FieldChange{from, to, diff_text(from, to, granularity).changes};
}

// The text on one side of token changes.
std::string side_text(const std::vector<TokenChange>& tokens, TokenOp skipped) {
  std::string text;
  for (const TokenChange& t : tokens) {
    if (t.op != skipped) text += t.text;
  }
  return text;
}

std::vector<std::string> split_blocks(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = text.find(kBlockBreak, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + kBlockBreak.size();
  }
  return parts;
}

// The blocks of one side: (index, block) pairs from every change, then in index order.
std::vector<Block> rebuild(const ArticleDiff& diff, bool old_side) {
  std::vector<std::pair<std::size_t, Block>> indexed;
  for (const BlockChange& c : diff.blocks) {
    const std::size_t first = old_side ? c.from_index : c.to_index;
    const std::size_t count = old_side ? c.from_count : c.to_count;
    if (count == 0 || first == kNoIndex) continue;
    std::string text;
    if (c.tokens.empty()) {
      text = c.text;
    } else {
      text = side_text(c.tokens, old_side ? TokenOp::insert : TokenOp::remove);
    }
    const BlockKind kind = old_side ? c.from_kind : c.kind;
    const std::vector<std::string> parts =
        count == 1 ? std::vector<std::string>{text} : split_blocks(text);
    for (std::size_t k = 0; k < parts.size(); ++k) {
      indexed.push_back({first + k, Block{kind, parts[k]}});
    }
  }
  std::sort(indexed.begin(), indexed.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<Block> body;
  body.reserve(indexed.size());
  for (auto& [index, block] : indexed) body.push_back(std::move(block));
  return body;
}

}  // namespace

std::string_view block_op_name(BlockOp op) {
  switch (op) {
    case BlockOp::equal:
      return "equal";
    case BlockOp::insert:
      return "insert";
    case BlockOp::remove:
      return "delete";
    case BlockOp::edit:
      return "edit";
    case BlockOp::move:
      return "move";
    case BlockOp::split:
      return "split";
    case BlockOp::merge:
      return "merge";
  }
  return "equal";
}

bool ArticleDiff::empty() const {
  if (headline || standfirst || byline) return false;
  return std::all_of(blocks.begin(), blocks.end(),
                     [](const BlockChange& c) { return c.op == BlockOp::equal; });
}

double block_similarity(std::string_view a, std::string_view b) {
  return dice(word_hashes(a), word_hashes(b));
}

ArticleDiff diff_articles(const Article& from, const Article& to, const DiffOptions& options) {
  ArticleDiff diff;
  diff.granularity = options.granularity;
  diff.headline = field_change(from.headline, to.headline, options.granularity);
  diff.standfirst = field_change(from.standfirst, to.standfirst, options.granularity);
  diff.byline = field_change(byline_text(from), byline_text(to), options.granularity);
  Aligner aligner(from, to, options, diff);
  aligner.run();
  aligner.finish_notes();
  diff.stats = stats_of(diff);
  return diff;
}

std::vector<Block> old_body(const ArticleDiff& diff) {
  return rebuild(diff, true);
}

std::vector<Block> new_body(const ArticleDiff& diff) {
  return rebuild(diff, false);
}

}  // namespace st
