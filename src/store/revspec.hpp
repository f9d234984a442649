// Naming a revision of a story. Pure: parsing and resolution against a list of revisions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store/revision_store.hpp"
#include "util/result.hpp"
#include "util/time.hpp"

namespace st {

// What a user may write after SLUG@ or as a revision argument:
//   N          the N-th revision, 1-based ("3")
//   latest     the newest revision; latest~K is K revisions before it
//   HEX        a commit id or a prefix of at least 7 hex digits
//   @TIME      the revision current at TIME (the newest captured at or before it); the "@" may
//              be left out when TIME is a full date ("2021-06-08T15:00Z")
struct RevisionSpec {
  enum class Kind { number, latest, id_prefix, time } kind = Kind::latest;
  int number = 0;         // kind == number: 1-based
  int back = 0;           // kind == latest: K in latest~K
  std::string id_prefix;  // kind == id_prefix: lower-case hex
  UnixSeconds time = 0;   // kind == time
  std::string text;       // as the user wrote it, for messages
};

Result<RevisionSpec> parse_revision_spec(std::string_view text);

// Picks the revision `spec` names in `revisions` (oldest first, as RevisionStore gives them).
Result<RevisionInfo> resolve_revision(const RevisionSpec& spec, std::string_view story,
                                      const std::vector<RevisionInfo>& revisions);

// Splits "SLUG@REV" into its parts; the revision is "latest" when there is no "@".
struct StoryRevisionRef {
  std::string story;
  RevisionSpec revision;
};
Result<StoryRevisionRef> parse_story_revision(std::string_view text);

}  // namespace st
