// How commands describe stored revisions to people and as JSON. Shared by add, import, demo.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "cli/terminal.hpp"
#include "render/diff_render.hpp"
#include "render/html_render.hpp"
#include "render/timeline_render.hpp"
#include "store/revision_store.hpp"

namespace st::cli {

inline std::string short_id(std::string_view id) {
  return std::string(id.substr(0, 7));
}

// "stored harris-mexico@3 (1a2b3c4, 2021-06-08T15:02:00Z)" or
// "unchanged: harris-mexico@2 (...) has the same text".
std::string describe_add(const AddResult& result, const Style& style);

nlohmann::ordered_json add_result_json(const AddResult& result);

// The revisions of a story, one line each (number, short id, capture time, words, headline),
// or {"story", "revisions": [...]} as JSON.
Result<void> print_log(const RevisionStore& store, std::string_view story, bool json,
                       const Style& style);

// The diff of two revisions of a story, as `storytrail diff` shows it in the terminal.
Result<std::string> story_diff_text(const RevisionStore& store, std::string_view story,
                                    const RevisionInfo& from, const RevisionInfo& to,
                                    const Style& style, std::size_t context);

// The timeline of a story: every revision with its summary. With `html` templates, also what
// the HTML page needs: each revision's card, rendered as the timeline is built, every body
// (for comparing any two) and the latest revision's provenance.
// The story's revisions, as read, go to `revisions` when it is not null (for
// RevisionStore::remember_revisions once the command has succeeded).
Result<TimelineView> build_timeline(const RevisionStore& store, std::string_view story,
                                    const HtmlTemplates* html,
                                    std::vector<RevisionInfo>* revisions_out = nullptr);

}  // namespace st::cli
