// Outputs of `storytrail blame`: each paragraph or sentence of a revision with where it came
// from. Pure: the entries in, text out.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "render/diff_render.hpp"
#include "render/style.hpp"
#include "summary/blame.hpp"

namespace st {

struct BlameView {
  std::string story;
  RevisionLabel revision;              // the revision annotated
  std::vector<RevisionLabel> history;  // revisions 1 .. revision.number, oldest first
  std::vector<BlameEntry> entries;
  bool sentences = false;
};

// One line per entry: the revision (and capture time) that introduced it and the one that
// last changed it, then its text; sentences are grouped by paragraph with a blank line between.
std::string render_blame_terminal(const BlameView& view, const Style& style);

// {"story", "revision": {"number", "id", "captured_at", "headline"}, "unit": "block" |
// "sentence", "blocks": [{"text", "kind", "block", "introduced": {"number", "captured_at"},
// "last_changed": {"number", "captured_at"}}]}
nlohmann::ordered_json blame_to_json(const BlameView& view);

}  // namespace st
