// What every diff must satisfy, checked by the libFuzzer target (src/fuzz/diff_fuzz.cpp) and by
// the regression test over tests/data/diff/fuzz/. Header-only: it uses st_diff alone.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include "diff/diff.hpp"
#include "util/text.hpp"

namespace st::fuzz {

// Two articles from fuzz bytes: the text before the first NUL byte is the old revision, the
// rest the new one; in each, the first line is the headline, the second the standfirst, and
// every other non-empty line a block (a line starting with '#' a heading, with '>' a quote).
inline std::pair<Article, Article> articles_from_bytes(std::string_view bytes) {
  const std::size_t nul = bytes.find('\0');
  const std::string_view halves[2] = {bytes.substr(0, nul), nul == std::string_view::npos
                                                                ? std::string_view()
                                                                : bytes.substr(nul + 1)};
  Article articles[2];
  for (int side = 0; side < 2; ++side) {
    std::string_view text = halves[side];
    for (std::size_t line = 0; !text.empty(); ++line) {
      const std::size_t end = std::min(text.find('\n'), text.size());
      std::string block = normalize_text(text.substr(0, end));
      text.remove_prefix(std::min(end + 1, text.size()));
      if (line == 0) articles[side].headline = block;
      if (line == 1) articles[side].standfirst = block;
      if (line < 2 || block.empty()) continue;
      BlockKind kind = BlockKind::paragraph;
      if (block[0] == '#') kind = BlockKind::heading;
      if (block[0] == '>') kind = BlockKind::quote;
      articles[side].body.push_back({kind, std::move(block)});
    }
  }
  return {articles[0], articles[1]};
}

// An empty string when `diff` is a correct diff of `from` and `to`, else what is wrong.
inline std::string diff_violation(const Article& from, const Article& to, const ArticleDiff& diff) {
  if (old_body(diff) != from.body) return "the old body is not rebuilt from the diff";
  if (new_body(diff) != to.body) return "the new body is not rebuilt from the diff";
  std::size_t old_blocks = 0, new_blocks = 0;
  DiffStats counted;
  for (const BlockChange& c : diff.blocks) {
    old_blocks += c.from_count;
    new_blocks += c.to_count;
    if ((c.from_count == 0) != (c.from_index == kNoIndex) ||
        (c.to_count == 0) != (c.to_index == kNoIndex)) {
      return fmt::format("a {} change has an index without a count", block_op_name(c.op));
    }
    if (c.similarity < 0.0 || c.similarity > 1.0) return "a similarity outside [0, 1]";
    counted.added += c.op == BlockOp::insert;
    counted.deleted += c.op == BlockOp::remove;
    counted.edited += c.op == BlockOp::edit;
    counted.moved += c.op == BlockOp::move;
    counted.split += c.op == BlockOp::split;
    counted.merged += c.op == BlockOp::merge;
  }
  if (old_blocks != from.body.size() || new_blocks != to.body.size()) {
    return "the changes do not cover every block exactly once";
  }
  if (counted.added != diff.stats.added || counted.deleted != diff.stats.deleted ||
      counted.edited != diff.stats.edited || counted.moved != diff.stats.moved ||
      counted.split != diff.stats.split || counted.merged != diff.stats.merged) {
    return "the counts do not match the changes";
  }
  const bool same = from.body == to.body && from.headline == to.headline &&
                    from.standfirst == to.standfirst && byline_text(from) == byline_text(to);
  if (diff.empty() != same) return "empty() disagrees with the articles";
  if (same && (diff.stats != DiffStats{} || !diff.notes.empty())) {
    return "identical articles gave counts or notes";
  }
  for (const auto* field : {&diff.headline, &diff.standfirst, &diff.byline}) {
    if (!field->has_value()) continue;
    std::string old_text, new_text;
    for (const TokenChange& t : (*field)->tokens) {
      if (t.op != TokenOp::insert) old_text += t.text;
      if (t.op != TokenOp::remove) new_text += t.text;
    }
    if (old_text != (*field)->from || new_text != (*field)->to) {
      return "a field change does not rebuild its two texts";
    }
  }
  return {};
}

}  // namespace st::fuzz
