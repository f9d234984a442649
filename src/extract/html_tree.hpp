// The parsed HTML tree the extractor reads: an owner for gumbo's output, a guard against
// pathologically nested markup, and small helpers over gumbo nodes. Internal to src/extract.
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace st::html {

// The deepest element nesting handed to gumbo, as counted by prune_for_parsing. Real pages
// stay far below it (the deepest of the 130 pages in the readability corpus counts 32);
// gumbo's time grows with depth times the number of tags, and its tree destructor recurses
// once per level.
inline constexpr std::size_t kMaxNestingDepth = 256;

// Rewrites `html` (UTF-8) before gumbo parses it, leaving out what would cost parsing time and
// what the extractor never reads:
// - the start and end tags of elements that would open more than `max_depth` levels deep
//   (their text stays), so no page nests deeper than that;
// - the text inside <script> elements, except JSON-LD ones, and inside <style> elements;
// - everything inside inline <svg> images (the elements themselves stay, empty).
// Scripts, style sheets and icons are a third to a half of a typical news page's bytes, and
// gumbo's time is proportional to the bytes it tokenizes. A light tokenizer does the work: it
// knows comments, raw-text elements, quoted attributes, void elements and elements whose end
// tag may be omitted (p, li, td...), so the depth is close to, but not exactly, what an HTML
// parser builds. Returns nullopt when nothing had to be left out.
std::optional<std::string> prune_for_parsing(std::string_view html,
                                             std::size_t max_depth = kMaxNestingDepth);

// A parsed page. Owns gumbo's output and the text it points into.
class Document {
 public:
  // Parses UTF-8 HTML (after prune_for_parsing). Never fails: every input gives a tree.
  explicit Document(std::string utf8_html);

  Document(Document&&) noexcept;
  Document& operator=(Document&&) noexcept;
  ~Document();

  const GumboNode* root() const { return output_->root; }  // the <html> element

 private:
  class Arena;
  // On the heap so neither the characters gumbo points into nor the arena its tree lives in
  // move, even if this object does.
  std::unique_ptr<const std::string> text_;
  std::unique_ptr<Arena> arena_;  // every allocation of the parse; freed all at once
  GumboOutput* output_;
};

inline bool is_element(const GumboNode* node) {
  return node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE;
}

inline bool is_text(const GumboNode* node) {
  return node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
         node->type == GUMBO_NODE_CDATA;
}

inline GumboTag tag_of(const GumboNode* node) {
  return is_element(node) ? node->v.element.tag : GUMBO_TAG_LAST;
}

// The children of an element or document; empty for text and comments.
inline const GumboVector* children_of(const GumboNode* node) {
  if (is_element(node)) return &node->v.element.children;
  if (node->type == GUMBO_NODE_DOCUMENT) return &node->v.document.children;
  return nullptr;
}

inline const GumboNode* child_at(const GumboVector* children, unsigned int index) {
  return static_cast<const GumboNode*>(children->data[index]);
}

// The value of an attribute of an element, as gumbo decoded it; empty when absent.
std::string_view attribute(const GumboNode* element, const char* name);
bool has_attribute(const GumboNode* element, const char* name);

// The element's tag name in lower case, also for elements gumbo does not know
// ("amp-img", "bsp-story-body").
std::string tag_name(const GumboNode* element);

// What a walk does after entering an element.
enum class Descend { children, skip };

// Walks the tree under `root` (included) in document order without recursion. `enter(node)`
// is called for every node and returns whether to walk an element's children; `leave(node)` is
// called for every element after its children (also when they were skipped).
template <typename Enter, typename Leave>
void walk(const GumboNode* root, Enter&& enter, Leave&& leave) {
  struct Frame {
    const GumboNode* node;
    unsigned int next_child;
  };
  std::vector<Frame> stack;
  const auto visit = [&](const GumboNode* node) {
    const Descend descend = enter(node);
    const GumboVector* children = children_of(node);
    if (descend == Descend::children && children != nullptr && children->length > 0) {
      stack.push_back({node, 0});
    } else if (is_element(node)) {
      leave(node);
    }
  };
  visit(root);
  while (!stack.empty()) {
    Frame& top = stack.back();
    const GumboVector* children = children_of(top.node);
    if (top.next_child < children->length) {
      const GumboNode* child = child_at(children, top.next_child++);
      visit(child);  // may push, so `top` is not used after this
    } else {
      const GumboNode* done = top.node;
      stack.pop_back();
      if (is_element(done)) leave(done);
    }
  }
}

template <typename Enter>
void walk(const GumboNode* root, Enter&& enter) {
  walk(root, std::forward<Enter>(enter), [](const GumboNode*) {});
}

// Elements whose text is never page content: scripts, styles, templates, SVG, form controls.
bool is_non_content_tag(GumboTag tag);

// Elements that start a new line of text (block-level in a browser's default style sheet).
bool is_block_tag(GumboTag tag);

// The text under `node` as a browser would lay it out: block-level elements, table cells and
// <br> separate words; script, style and other non-content elements and hidden elements (under
// `node`) are left out. Not normalized.
std::string inner_text(const GumboNode* node);

// Splits the class and id of an element into lower-case words: each class name and the id are
// split at '-', '_' and lower-to-upper case changes ("articleBody" gives "article", "body").
// Each name starts a new run; runs are kept apart by an empty word so that phrases only match
// inside one name. Class names starting with "js-" or "js_" are script hooks and left out, and
// so are ids of five or more words (anchors made from a heading's text).
std::vector<std::string> class_id_words(const GumboNode* element);

// Whether `words` (from class_id_words) holds `phrase` ("most-read", "ad") as consecutive words
// of one name.
bool has_phrase(const std::vector<std::string>& words, std::string_view phrase);

// Hidden from readers: the hidden attribute, aria-hidden="true", or an inline style with
// display:none or visibility:hidden.
bool is_hidden(const GumboNode* element);

}  // namespace st::html
