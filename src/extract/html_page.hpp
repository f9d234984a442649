// The element index of a parsed page, and the choice of the element that holds the article.
// Internal to src/extract: html.cpp and html_body.cpp read pages through it.
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace st::html {

class Selector;

// "No element", as an index.
inline constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// The least text (visible bytes, links not counted) a container found by name must hold
// before it is believed.
inline constexpr std::size_t kMinContainerText = 140;

// Whether `words` (from class_id_words) hold any of `phrases` (see has_phrase).
bool has_any_phrase(const std::vector<std::string>& words,
                    std::span<const std::string_view> phrases);

// Whether one of the element's class names is one of `names` (lower case), ignoring case.
bool has_class_ci(const GumboNode* element, std::span<const std::string_view> names);

// Non-space bytes: the measure of text length used for all comparisons here.
std::size_t visible_length(std::string_view text);

bool equal_ci(std::string_view a, std::string_view b);

// What the index knows of one element. Text lengths are visible_length() bytes.
struct ElementInfo {
  const GumboNode* node = nullptr;
  std::size_t parent = kNone;      // index of the parent element
  std::size_t end = 0;             // one past the index of the last element under this one
  std::vector<std::string> words;  // class and id words (class_id_words)

  // Text directly inside the element (not inside a child element).
  std::size_t own_text = 0;
  std::size_t own_link_text = 0;       // ... inside an <a> further up
  std::size_t own_paragraph_text = 0;  // ... inside a <p> further up
  // Text under the element, chrome included.
  std::size_t raw_text = 0;
  std::size_t raw_link_text = 0;
  std::size_t raw_paragraph_text = 0;
  // Text under the element, chrome left out.
  std::size_t text = 0;
  std::size_t link_text = 0;

  std::size_t commas = 0;  // in the text of a <p>, or directly in an element outside any <p>
  bool has_block_child = false;
  std::size_t body_text = 0;   // raw text of the largest article body element at or under it
  bool holds_title = false;    // is or holds an <h1>, <main> or <article>
  bool holds_caption = false;  // is or holds a <figcaption> or an element named as a caption

  bool chrome = false;          // this element or one around it is chrome
  bool own_chrome = false;      // this element is chrome, whatever is around it
  bool chrome_by_name = false;  // ... for its class or id alone
};

// Every element of the page in document order, with text measures. Built once per page.
class PageIndex {
 public:
  // `drop`: a site rule's selector for elements that are chrome whatever they look like.
  explicit PageIndex(const GumboNode* root, const Selector* drop = nullptr) : drop_(drop) {
    build(root);
    measure();
  }

  std::size_t size() const { return elements_.size(); }
  const ElementInfo& at(std::size_t i) const { return elements_[i]; }
  std::size_t find(const GumboNode* node) const {
    const auto it = position_.find(node);
    return it == position_.end() ? kNone : it->second;
  }
  const ElementInfo* info(const GumboNode* node) const {
    const std::size_t i = find(node);
    return i == kNone ? nullptr : &elements_[i];
  }
  // The text of an element that is not link text, chrome left out.
  std::size_t content_length(std::size_t i) const {
    return elements_[i].text - elements_[i].link_text;
  }
  // Whether element i is marked or named as an article body (and not also as chrome).
  bool is_body_marker(std::size_t i) const;

  // Whether element i is `ancestor` or under it.
  bool is_inside(std::size_t i, std::size_t ancestor) const {
    return i != kNone && ancestor != kNone && ancestor <= i && i < elements_[ancestor].end;
  }
  // The elements under element i (i included) are those with indexes in [i, subtree_end(i)).
  std::size_t subtree_end(std::size_t i) const { return elements_[i].end; }

  // The text of element i as inner_text() gives it, without the chrome inside it. Normalized.
  std::string text_of(std::size_t i) const;

 private:
  void build(const GumboNode* root);
  void measure();

  const Selector* drop_;
  std::vector<ElementInfo> elements_;
  std::unordered_map<const GumboNode*, std::size_t> position_;
};

// The elements holding the article, in document order: the first of itemprop=articleBody, an
// element named as an article body, <article> (or a microdata article), <main> that holds
// enough text and is not much smaller than what scoring finds; else the best scoring element
// with its well-scoring siblings; else <body>. Usually one element; several when the page splits
// its body into sibling elements. Empty only for an empty index.
std::vector<std::size_t> find_containers(const PageIndex& index);

}  // namespace st::html
