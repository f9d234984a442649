// Outputs of a diff: the terminal view, the one-line --stat and JSON (HTML is in
// render/html_render.hpp). Pure:
// an ArticleDiff and what names the two revisions in, text out.
#pragma once

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "diff/diff.hpp"
#include "render/style.hpp"

namespace st {

// A revision as the outputs name it.
struct RevisionLabel {
  int number = 0;
  std::string id;           // the commit id, 40 hex digits
  std::string captured_at;  // ISO 8601, UTC
  std::string headline;
};

struct DiffView {
  std::string story;
  RevisionLabel from;
  RevisionLabel to;
  const ArticleDiff* diff = nullptr;
};

// One line of a diff's body view: a change, the place a moved block left, or a run of
// unchanged blocks folded to a count.
struct DiffLine {
  std::size_t change = 0;  // index in ArticleDiff::blocks (when folded == 0)
  bool departure = false;  // the place a move left, rather than the change itself
  std::size_t folded = 0;  // > 0: this many unchanged blocks, not shown
};

// The body view of a diff in reading order (see ArticleDiff::blocks): each move shown where
// it arrived and marked where it left, among the blocks that kept an old position; the changes
// with `context` unchanged blocks around each; the other unchanged blocks folded.
std::vector<DiffLine> diff_lines(const ArticleDiff& diff, std::size_t context);

// The terminal view: a header naming both revisions, the counts, changes of the headline,
// standfirst and byline, then the body with deletions and insertions marked inside the text
// (red and green with colour; "[-...-]" and "{+...+}" without, so nothing depends on colour),
// `context` unchanged blocks shown around each change and the others folded to a count, moved
// blocks marked where they left and where they arrived, and the limits' notes at the end.
std::string render_diff_terminal(const DiffView& view, const Style& style, std::size_t context);

// One line of counts: "3 paragraphs added, 0 deleted, 1 edited, 1 moved; 70 words added, 3
// deleted", with splits, merges and changed headline, standfirst or byline added when there
// are any.
std::string render_diff_stat(const ArticleDiff& diff);

// The JSON document documented in the README ("storytrail diff --format json").
nlohmann::ordered_json diff_to_json(const DiffView& view);

// Text made safe inside HTML elements and attribute values: & < > " ' escaped. The one
// function every piece of article text in HTML output goes through.
std::string html_escape(std::string_view text);

}  // namespace st
