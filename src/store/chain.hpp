// Where a capture goes in a story's chain of revisions. Pure: no git, only capture times and
// content identities, so the rules can be tested on their own.
//
// The rules (store/README.md states them for users):
// - a chain is in capture order; a capture goes after every revision captured at or before it;
// - a capture whose text equals the revision before it is `unchanged` and not stored;
// - a capture whose text equals the revision after it (an out-of-order capture of text that a
//   later capture already recorded) takes that revision's place: the text first appeared at the
//   earlier time, and two neighbouring revisions never hold the same text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "util/time.hpp"

namespace st {

struct ChainEntry {
  UnixSeconds captured_at = 0;
  std::string text_id;     // identity of the canonical text (the article.txt blob id)
  std::size_t source = 0;  // the caller's index for this entry (an old revision or a capture)
};

struct Placement {
  bool stored = false;
  std::size_t position = 0;  // stored: 0-based index of the new entry; else the equal entry's
  std::optional<ChainEntry> replaced;  // the later entry with the same text it displaced
};

// Places `capture` into `chain` (oldest first) and returns what happened.
Placement place_capture(std::vector<ChainEntry>& chain, ChainEntry capture);

}  // namespace st
