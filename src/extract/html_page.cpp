#include "extract/html_page.hpp"

#include <algorithm>
#include <array>
#include <unordered_set>
#include <utility>

#include "extract/html_tree.hpp"
#include "extract/selector.hpp"
#include "util/text.hpp"

namespace st::html {
namespace {

// Names of the element holding an article's text.
constexpr std::array<std::string_view, 20> kBodyPhrases{
    "article-body", "article-content", "article-text", "articlebody", "article-entry",
    "story-body",   "story-content",   "story-text",   "storybody",   "entry-content",
    "entry-body",   "post-content",    "post-body",    "post-entry",  "post-text",
    "body-text",    "content-body",    "wysiwyg",      "rich-text",   "text-body"};

// Page chrome, left out wherever it is.
constexpr std::array<std::string_view, 89> kChromePhrases{
    "ad", "ads", "advert", "adverts", "advertisement", "advertising", "adslot", "adunit", "dfp",
    "gpt", "sponsor", "sponsored", "sponsors", "promo", "promos", "promoted", "share", "shares",
    "sharing", "sharebar", "social", "related", "recommended", "recommendations", "more-on",
    "more-from", "more-stories", "most-read", "most-popular", "most-viewed", "mostread", "popular",
    "trending", "newsletter", "newsletters", "subscribe", "subscription", "signup", "sign-up",
    "comment", "comments", "disqus", "cookie", "cookies", "consent", "gdpr", "breadcrumb",
    "breadcrumbs", "tags", "tag-list", "outbrain", "taboola", "author-bio", "read-more",
    "also-read", "read-next", "readmore", "paywall", "modal", "popup", "ticker", "toolbar",
    "masthead", "skip-link", "skiplink", "pagination", "print-only", "donate", "gallery",
    "slideshow", "carousel", "sharedaddy", "relatedposts", "chart", "charts", "ai-2-html",
    "infographic", "user-bio", "about-author", "about-the-author",
    // The controls of video players (video.js, JW Player).
    "vjs", "jwplayer", "jw-controls", "jw-controlbar", "autoplay",
    // Comment counters and widgets.
    "livefyre", "commentcount", "comment-count", "comments-count"};

// Layout around the article.
constexpr std::array<std::string_view, 9> kLayoutChromePhrases{
    "sidebar", "widget", "banner", "rail", "nav", "navigation", "menu", "footer", "site-header"};

// Names of elements readers never see.
constexpr std::array<std::string_view, 8> kHiddenPhrases{
    "visually-hidden", "sr-only",      "screen-reader", "off-screen",
    "offscreen",       "display-none", "u-h",           "hidetext"};
constexpr std::array<std::string_view, 6> kHiddenClasses{"hidden", "hide",      "is-hidden",
                                                         "d-none", "invisible", "u-h"};

bool is_article_body_attribute(const GumboNode* element) {
  const std::string itemprop = ascii_lower(attribute(element, "itemprop"));
  return itemprop.find("articlebody") != std::string::npos ||
         ascii_lower(attribute(element, "name")) == "articlebody";
}

// An element marked up as a schema.org article with microdata (itemtype=".../NewsArticle").
bool is_article_item(const GumboNode* element) {
  const std::string_view type = attribute(element, "itemtype");
  if (type.empty()) return false;
  const std::string_view name = type.substr(type.find_last_of('/') + 1);
  return name.ends_with("Article") || name == "BlogPosting" || name == "LiveBlogPosting";
}

std::size_t count_commas(std::string_view text) {
  std::size_t n = static_cast<std::size_t>(std::count(text.begin(), text.end(), ','));
  // Arabic, full-width and ideographic commas.
  for (const std::string_view comma : {"\u060C", "\uFF0C", "\u3001"}) {
    for (std::size_t pos = text.find(comma); pos != std::string_view::npos;
         pos = text.find(comma, pos + comma.size())) {
      ++n;
    }
  }
  return n;
}

// An element marked (itemprop=articleBody) or named as an article body, and not also named
// as chrome ("user-post-text" with id "comment-text" is a comment).
bool is_article_body_marker(const ElementInfo& e) {
  if (is_article_body_attribute(e.node)) return true;
  const GumboTag tag = tag_of(e.node);
  const bool block = tag == GUMBO_TAG_DIV || tag == GUMBO_TAG_SECTION || tag == GUMBO_TAG_ARTICLE ||
                     tag == GUMBO_TAG_MAIN || tag == GUMBO_TAG_UNKNOWN;
  return block && has_any_phrase(e.words, kBodyPhrases) && !has_any_phrase(e.words, kChromePhrases);
}

// The words of a custom element name ("amp-ad" gives "amp", "ad").
std::vector<std::string> split_tag_name(const std::string& name) {
  std::vector<std::string> words{std::string()};
  for (const char c : name) {
    if (c == '-' || c == '_' || c == ':') {
      words.emplace_back();
    } else {
      words.back() += c;
    }
  }
  return words;
}

// Chrome as far as finding the article goes; the body walk adds rules of its own. Names do
// not count for an element around an article body that makes up a quarter of its text, or
// around the headline and more than half of the page's text: pages name their outer
// wrappers after whatever script or layout state they serve ("ad-portal",
// "is-showing-read-next-sidebar").
bool is_chrome(const ElementInfo& e, std::size_t page_text, bool& by_name) {
  by_name = false;
  const GumboNode* node = e.node;
  const GumboTag tag = tag_of(node);
  if (tag == GUMBO_TAG_HTML || tag == GUMBO_TAG_BODY) return false;
  if (is_non_content_tag(tag) || is_hidden(node)) return true;
  if (tag == GUMBO_TAG_NAV || tag == GUMBO_TAG_ASIDE || tag == GUMBO_TAG_FOOTER) return true;
  if (is_article_body_attribute(node)) return false;
  if (e.body_text >= kMinContainerText && e.body_text * 4 >= e.raw_text) {
    return false;  // the article body, or a wrapper around it
  }
  if (e.holds_title && e.raw_text * 2 >= page_text) return false;
  if (has_any_phrase(e.words, kHiddenPhrases) || has_class_ci(node, kHiddenClasses)) {
    return true;
  }
  if (tag == GUMBO_TAG_FORM) return true;
  if (has_any_phrase(e.words, kChromePhrases)) {
    by_name = true;
    return true;
  }
  if (has_any_phrase(e.words, kLayoutChromePhrases)) {
    // Editors place images with captions in the text as "widgets" ("dnd-widget-wrapper
    // type-image"): a small widget holding a caption and few links is a figure.
    const bool figure = has_phrase(e.words, "widget") && e.holds_caption && e.raw_text < 400 &&
                        e.raw_link_text * 4 < e.raw_text;
    by_name = !figure;
    return !figure;
  }
  if (tag == GUMBO_TAG_UNKNOWN) {
    const std::vector<std::string> tag_words = split_tag_name(tag_name(node));
    if (has_any_phrase(tag_words, kChromePhrases)) return true;
  }
  return false;
}

}  // namespace

bool has_any_phrase(const std::vector<std::string>& words,
                    std::span<const std::string_view> phrases) {
  if (words.empty()) return false;
  // This runs for every element against lists of up to ~70 phrases, and most words start no
  // phrase at all. Each thread keeps, per list, the set of first parts ("most" of
  // "most-read"), so a word that starts none is rejected with one lookup.
  using FirstParts = std::unordered_set<std::string_view>;
  static thread_local std::unordered_map<const std::string_view*, FirstParts> indexes;
  auto [it, inserted] = indexes.try_emplace(phrases.data());
  if (inserted) {
    for (const std::string_view phrase : phrases) {
      it->second.insert(phrase.substr(0, phrase.find('-')));
    }
  }
  const FirstParts& first_parts = it->second;
  const bool any_start = std::any_of(words.begin(), words.end(), [&](const std::string& w) {
    return first_parts.contains(std::string_view(w));
  });
  return any_start && std::any_of(phrases.begin(), phrases.end(), [&](std::string_view phrase) {
           return has_phrase(words, phrase);
         });
}

bool has_class_ci(const GumboNode* element, std::span<const std::string_view> names) {
  std::string_view classes = attribute(element, "class");
  while (!classes.empty()) {
    const std::size_t start = classes.find_first_not_of(" \t\n\r\f");
    if (start == std::string_view::npos) break;
    classes.remove_prefix(start);
    const std::size_t end = std::min(classes.find_first_of(" \t\n\r\f"), classes.size());
    const std::string name = ascii_lower(classes.substr(0, end));
    if (std::find(names.begin(), names.end(), name) != names.end()) return true;
    classes.remove_prefix(end);
  }
  return false;
}

std::size_t visible_length(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f') ++n;
  }
  return n;
}

bool equal_ci(std::string_view a, std::string_view b) {
  return ascii_lower(a) == ascii_lower(b);
}

bool PageIndex::is_body_marker(std::size_t i) const {
  return is_article_body_marker(elements_[i]);
}

std::string PageIndex::text_of(std::size_t i) const {
  const GumboNode* root = elements_[i].node;
  std::string text;
  walk(
      root,
      [&](const GumboNode* node) {
        if (is_text(node)) {
          text += node->v.text.text;
          return Descend::skip;
        }
        if (!is_element(node)) return Descend::skip;
        if (node != root) {
          const ElementInfo* e = info(node);
          if (e == nullptr || e->own_chrome) return Descend::skip;
        }
        const GumboTag tag = tag_of(node);
        if (tag == GUMBO_TAG_BR || tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH ||
            is_block_tag(tag)) {
          text += ' ';
        }
        return Descend::children;
      },
      [&](const GumboNode* node) {
        if (is_block_tag(tag_of(node))) text += ' ';
      });
  return normalize_text(text);
}

void PageIndex::build(const GumboNode* root) {
  std::vector<std::size_t> open;  // indexes of the open elements
  std::size_t links = 0;          // open <a> elements
  std::vector<std::size_t> paragraphs;
  walk(
      root,
      [&](const GumboNode* node) {
        if (is_text(node)) {
          if (open.empty()) return Descend::skip;
          const std::string_view text = node->v.text.text;
          const std::size_t length = visible_length(text);
          ElementInfo& owner = elements_[open.back()];
          owner.own_text += length;
          if (links > 0) owner.own_link_text += length;
          if (!paragraphs.empty()) owner.own_paragraph_text += length;
          elements_[paragraphs.empty() ? open.back() : paragraphs.back()].commas +=
              count_commas(text);
          return Descend::skip;
        }
        if (!is_element(node)) return Descend::skip;
        const std::size_t index = elements_.size();
        ElementInfo info;
        info.node = node;
        info.parent = open.empty() ? kNone : open.back();
        info.words = class_id_words(node);
        elements_.push_back(std::move(info));
        position_.emplace(node, index);
        open.push_back(index);
        const GumboTag tag = tag_of(node);
        const std::size_t parent = elements_[index].parent;
        if (parent != kNone && is_block_tag(tag)) elements_[parent].has_block_child = true;
        if (tag == GUMBO_TAG_A) ++links;
        if (tag == GUMBO_TAG_P) paragraphs.push_back(index);
        const bool opaque = is_non_content_tag(tag) || is_hidden(node);
        return opaque ? Descend::skip : Descend::children;
      },
      [&](const GumboNode* node) {
        const GumboTag tag = tag_of(node);
        if (tag == GUMBO_TAG_A && links > 0) --links;
        if (tag == GUMBO_TAG_P && !paragraphs.empty()) paragraphs.pop_back();
        elements_[open.back()].end = elements_.size();
        open.pop_back();
      });
}

void PageIndex::measure() {
  if (elements_.empty()) return;
  // Children come after their parent, so one backward pass sums each subtree.
  for (ElementInfo& e : elements_) {
    e.raw_text = e.own_text;
    e.raw_paragraph_text = e.own_paragraph_text;
    e.raw_link_text = e.own_link_text;
  }
  for (std::size_t i = elements_.size(); i-- > 1;) {
    ElementInfo& parent = elements_[elements_[i].parent];
    parent.raw_text += elements_[i].raw_text;
    parent.raw_paragraph_text += elements_[i].raw_paragraph_text;
    parent.raw_link_text += elements_[i].raw_link_text;
  }
  for (ElementInfo& e : elements_) {
    const GumboTag tag = tag_of(e.node);
    if (is_article_body_marker(e)) e.body_text = e.raw_text;
    e.holds_title = tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_MAIN || tag == GUMBO_TAG_ARTICLE;
    e.holds_caption = tag == GUMBO_TAG_FIGCAPTION || has_phrase(e.words, "caption");
  }
  for (std::size_t i = elements_.size(); i-- > 1;) {
    ElementInfo& parent = elements_[elements_[i].parent];
    parent.body_text = std::max(parent.body_text, elements_[i].body_text);
    parent.holds_title = parent.holds_title || elements_[i].holds_title;
    parent.holds_caption = parent.holds_caption || elements_[i].holds_caption;
  }
  const std::size_t page_text = elements_[0].raw_text;
  for (std::size_t i = 0; i < elements_.size(); ++i) {
    ElementInfo& e = elements_[i];
    const bool parent_chrome = e.parent != kNone && elements_[e.parent].chrome;
    e.own_chrome =
        is_chrome(e, page_text, e.chrome_by_name) || (drop_ != nullptr && drop_->matches(e.node));
    e.chrome = parent_chrome || e.own_chrome;
  }
  for (ElementInfo& e : elements_) {
    if (e.chrome) continue;
    e.text = e.own_text;
    e.link_text = e.own_link_text;
  }
  for (std::size_t i = elements_.size(); i-- > 1;) {
    const ElementInfo& e = elements_[i];
    if (e.chrome) continue;
    ElementInfo& parent = elements_[e.parent];
    parent.text += e.text;
    parent.link_text += e.link_text;
  }
}

namespace {

// The element of `found` with the most text (links not counted), unless chrome or holding less
// than kMinContainerText. With `merge_siblings` the other elements of `found` beside it (same
// parent) come too, in document order: pages split an article body into several "article-body"
// elements.
std::vector<std::size_t> pick_best(const PageIndex& index, const std::vector<std::size_t>& found,
                                   bool merge_siblings) {
  std::size_t best = kNone;
  for (const std::size_t i : found) {
    if (index.at(i).chrome) continue;
    if (best == kNone || index.content_length(i) > index.content_length(best)) best = i;
  }
  if (best == kNone || index.content_length(best) < kMinContainerText) return {};
  std::vector<std::size_t> chosen{best};
  if (merge_siblings) {
    for (const std::size_t i : found) {
      if (i != best && !index.at(i).chrome && index.at(i).parent == index.at(best).parent &&
          index.content_length(i) > 0) {
        chosen.push_back(i);
      }
    }
    std::sort(chosen.begin(), chosen.end());
  }
  return chosen;
}

double link_density(const ElementInfo& e) {
  return e.text == 0 ? 0.0 : static_cast<double>(e.link_text) / static_cast<double>(e.text);
}

struct ScoredContainers {
  std::size_t best = kNone;           // kNone when the page has no paragraphs
  std::vector<std::size_t> in_order;  // the best and its siblings, in document order
};

// The elements whose paragraphs score best, after Readability: each <p> (or element written
// like one: text with no block-level children) of 25 or more bytes scores 1, plus 1 per comma,
// plus 1 per 100 bytes (at most 3); its parent gets the score and its grandparent half of it;
// an element's total is scaled down by its link density. Along with the best element come its
// siblings that score at least a fifth as well (articles split into sections) and sibling
// paragraphs of 80 bytes or more with few links.
ScoredContainers best_scoring_elements(const PageIndex& index) {
  std::unordered_map<std::size_t, double> scores;
  for (std::size_t i = 0; i < index.size(); ++i) {
    const ElementInfo& e = index.at(i);
    if (e.chrome || e.text < 25 || e.parent == kNone) continue;
    const GumboTag tag = tag_of(e.node);
    const bool paragraph_like = (tag == GUMBO_TAG_DIV || tag == GUMBO_TAG_SECTION ||
                                 tag == GUMBO_TAG_TD || tag == GUMBO_TAG_PRE) &&
                                !e.has_block_child;
    if (tag != GUMBO_TAG_P && !paragraph_like) continue;
    const double score =
        1.0 + static_cast<double>(e.commas) + std::min(static_cast<double>(e.text) / 100.0, 3.0);
    scores[e.parent] += score;
    const std::size_t grandparent = index.at(e.parent).parent;
    if (grandparent != kNone) scores[grandparent] += score / 2.0;
  }
  for (auto& [i, score] : scores) score *= 1.0 - link_density(index.at(i));
  std::size_t best = kNone;
  double best_score = 0.0;
  for (const auto& [i, score] : scores) {
    if (score > best_score || (score == best_score && i < best)) {
      best = i;
      best_score = score;
    }
  }
  if (best == kNone) return {};
  ScoredContainers result{best, {best}};
  std::vector<std::size_t>& chosen = result.in_order;
  const std::size_t parent = index.at(best).parent;
  if (parent == kNone) return result;
  const double sibling_threshold = std::max(10.0, best_score * 0.2);
  for (std::size_t i = parent + 1; i < index.subtree_end(parent); i = index.subtree_end(i)) {
    const ElementInfo& e = index.at(i);
    if (i == best || e.chrome) continue;
    const auto score = scores.find(i);
    const bool scores_well = score != scores.end() && score->second >= sibling_threshold;
    const bool good_paragraph =
        tag_of(e.node) == GUMBO_TAG_P && e.text >= 80 && link_density(e) < 0.25;
    if (scores_well || good_paragraph) chosen.push_back(i);
  }
  std::sort(chosen.begin(), chosen.end());
  return result;
}

// Whether the <article> elements of a page are teasers of a listing (a front or section page)
// rather than one article: three or more that are not inside one another, none holding half
// of their text.
bool is_listing(const PageIndex& index, const std::vector<std::size_t>& articles) {
  std::size_t count = 0, total = 0, largest = 0, outer_end = 0;
  for (const std::size_t i : articles) {
    if (i < outer_end) continue;  // inside the previous outer article
    outer_end = index.subtree_end(i);
    ++count;
    total += index.content_length(i);
    largest = std::max(largest, index.content_length(i));
  }
  return count >= 3 && largest * 2 < total;
}

}  // namespace

std::vector<std::size_t> find_containers(const PageIndex& index) {
  std::vector<std::size_t> by_attribute, by_name, articles, mains;
  for (std::size_t i = 0; i < index.size(); ++i) {
    const ElementInfo& e = index.at(i);
    if (e.chrome) continue;
    if (is_article_body_attribute(e.node)) {
      by_attribute.push_back(i);
    } else if (index.is_body_marker(i)) {
      by_name.push_back(i);
    }
    const GumboTag tag = tag_of(e.node);
    if (tag == GUMBO_TAG_ARTICLE || is_article_item(e.node)) articles.push_back(i);
    if (tag == GUMBO_TAG_MAIN || ascii_lower(attribute(e.node, "role")) == "main") {
      mains.push_back(i);
    }
  }
  // A container found by name or markup must not be much smaller than what scoring finds
  // elsewhere: pages reuse body class names for comments and teasers.
  const ScoredContainers scored = best_scoring_elements(index);
  const std::size_t best_scored = scored.best;
  const auto plausible = [&](const std::vector<std::size_t>& chosen) {
    if (best_scored == kNone) return true;
    std::size_t length = 0;
    for (const std::size_t c : chosen) {
      if (index.is_inside(best_scored, c)) return true;
      length += index.content_length(c);
    }
    return length * 3 >= index.content_length(best_scored);
  };
  if (is_listing(index, articles)) articles.clear();
  for (const auto& [found, merge] : {std::pair{&by_attribute, true}, std::pair{&by_name, true},
                                     std::pair{&articles, false}, std::pair{&mains, false}}) {
    if (auto chosen = pick_best(index, *found, merge); !chosen.empty() && plausible(chosen)) {
      return chosen;
    }
  }
  if (best_scored != kNone) return scored.in_order;
  // No paragraphs anywhere: the whole <body>.
  for (std::size_t i = 0; i < index.size(); ++i) {
    if (tag_of(index.at(i).node) == GUMBO_TAG_BODY) return {i};
  }
  return index.size() > 0 ? std::vector<std::size_t>{0} : std::vector<std::size_t>{};
}

}  // namespace st::html
