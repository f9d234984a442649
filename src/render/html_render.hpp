// HTML pages and fragments, rendered from the templates in templates/ with kainjow-mustache.
// Pure: the templates' text and the values in, HTML out. Article text is escaped by the
// template engine with html_escape (render/diff_render.hpp), the one escaping function.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "render/diff_render.hpp"
#include "render/timeline_render.hpp"
#include "util/result.hpp"

namespace st {

// The text of the files in templates/ (see templates/README.md).
struct HtmlTemplates {
  std::string page;   // timeline.html
  std::string card;   // card.html
  std::string diff;   // diff.html
  std::string index;  // index.html
  std::string css;    // timeline.css
  std::string js;     // timeline.js
};

// The changes between two revisions as an HTML fragment (diff.html): field changes, then the
// body with insertions in <ins> and deletions in <del>, `context` unchanged blocks around each
// change and the others folded to a count.
Result<std::string> render_diff_html(const DiffView& view, const HtmlTemplates& templates,
                                     std::size_t context = 1);

// One revision's card on a timeline page (card.html, with diff.html where it says
// {{> diff}}): time, summary, significance and, behind a <details>, the entry's `diff`. The
// template is parsed once, so a caller that builds a long timeline can render each card as soon
// as its entry is ready and let the diff go (TimelineView::cards).
class CardRenderer {
 public:
  static Result<CardRenderer> create(const HtmlTemplates& templates);
  CardRenderer(CardRenderer&&) noexcept;
  CardRenderer& operator=(CardRenderer&&) noexcept;
  ~CardRenderer();

  // `first_time` is the first revision's capture time (for the relative time); `previous` the
  // number of the revision before (0 for the first).
  Result<std::string> render(const TimelineEntry& entry, std::int64_t first_time, int previous);

 private:
  struct Impl;
  explicit CardRenderer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The timeline of a story as one self-contained HTML page (timeline.html): a header, then a
// card per revision (view.cards when they were rendered already, else rendered here from each
// entry); minor revisions grouped and folded.
Result<std::string> render_timeline_html(const TimelineView& view, const HtmlTemplates& templates);

// One story of a site's index.
struct SiteStory {
  std::string story;
  std::string file;  // its page, relative to the index
  std::string headline;
  int revisions = 0;
  std::string last_captured_at;
  std::string summary;  // of its latest revision
};

// The index page of a site (index.html): every story, linking to its page.
Result<std::string> render_index_html(const std::vector<SiteStory>& stories,
                                      const HtmlTemplates& templates);

}  // namespace st
