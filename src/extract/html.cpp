// extract_html: an HTML page in, an Article out. The steps:
//   1. decode the bytes to UTF-8 (charset.cpp) and cap the nesting depth (html_tree.cpp);
//   2. parse with gumbo and read the metadata: JSON-LD, OpenGraph, <meta> (html_metadata.cpp);
//   3. index the elements: visible text, link text and paragraph text under each, and which
//      are page chrome: navigation, ads, share bars, "most read" lists, hidden elements
//      (html_page.cpp);
//   4. pick the article container: itemprop=articleBody, a class naming an article body,
//      <article>, <main>, else the element whose paragraphs score best (html_page.cpp);
//   5. walk the container into blocks, leaving chrome and interface lines out (html_body.cpp);
//   6. choose headline, standfirst and bylines from the metadata and the page (here).
// Everything that changes between two captures of an unchanged article (ads, counters,
// "Updated 5 minutes ago", related links) must stay out of the blocks: captures are compared
// by their canonical text.

#include <algorithm>
#include <array>
#include <initializer_list>

#include "extract/charset.hpp"
#include "extract/extract.hpp"
#include "extract/html_body.hpp"
#include "extract/html_metadata.hpp"
#include "extract/html_page.hpp"
#include "extract/html_tree.hpp"
#include "extract/site_rules.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace st {
namespace {

using html::Descend;
using html::ElementInfo;
using html::kNone;
using html::PageIndex;

// Names of the summary under a headline.
// ("perex" in Czech and Slovak, "chapo"/"chapeau" in French, "entradilla" in Spanish.)
constexpr std::array<std::string_view, 20> kStandfirstPhrases{
    "standfirst", "dek",     "subhead",   "sub-head", "subheadline", "sub-headline", "subtitle",
    "sub-title",  "summary", "strapline", "lede",     "excerpt",     "intro",        "deck",
    "abstract",   "teaser",  "perex",     "chapo",    "chapeau",     "entradilla"};

// The first <h1> that is not chrome, inside the containers when there is one there.
const GumboNode* find_h1(const PageIndex& index, const std::vector<std::size_t>& containers) {
  const GumboNode* first_anywhere = nullptr;
  for (std::size_t i = 0; i < index.size(); ++i) {
    const ElementInfo& e = index.at(i);
    if (e.chrome || html::tag_of(e.node) != GUMBO_TAG_H1 || e.text == 0) continue;
    for (const std::size_t c : containers) {
      if (index.is_inside(i, c)) return e.node;
    }
    if (first_anywhere == nullptr) first_anywhere = e.node;
  }
  return first_anywhere;
}

// The header area around the headline: the nearest <header> (or element named as a header)
// up to four levels above the <h1>, else its grandparent.
std::size_t header_area(const PageIndex& index, std::size_t h1) {
  std::size_t i = index.at(h1).parent;
  for (int level = 0; level < 4 && i != kNone; ++level, i = index.at(i).parent) {
    const ElementInfo& e = index.at(i);
    const GumboTag tag = html::tag_of(e.node);
    if (tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_HTML) break;
    if (tag == GUMBO_TAG_HEADER || html::has_phrase(e.words, "header") ||
        html::has_phrase(e.words, "heading") || html::has_phrase(e.words, "headline") ||
        html::has_phrase(e.words, "hero")) {
      return i;
    }
  }
  const std::size_t parent = index.at(h1).parent;
  if (parent == kNone) return kNone;
  const std::size_t grandparent = index.at(parent).parent;
  if (grandparent == kNone || html::tag_of(index.at(grandparent).node) == GUMBO_TAG_BODY) {
    return parent;
  }
  return grandparent;
}

// The standfirst element's text: an element named as a standfirst (and not around the <h1>,
// index `h1`) in the header area, or in a container, before their first paragraph of text.
// Chrome inside it is left out. Empty when there is none.
std::string find_standfirst_element(const PageIndex& index, std::size_t h1, std::size_t header,
                                    const std::vector<std::size_t>& containers) {
  const auto candidate_text = [&](std::size_t i) -> std::string {
    const ElementInfo& e = index.at(i);
    if (e.chrome || !html::has_any_phrase(e.words, kStandfirstPhrases)) return {};
    if (e.text < 20 || e.text > 800 || e.link_text * 3 > e.text) return {};
    const GumboTag tag = html::tag_of(e.node);
    if (tag == GUMBO_TAG_IMG || tag == GUMBO_TAG_FIGURE || tag == GUMBO_TAG_A) return {};
    if (h1 != kNone && index.is_inside(h1, i)) return {};  // around the headline, not beside it
    return index.text_of(i);
  };
  // Looks through the area up to its first paragraph of article text.
  const auto search = [&](std::size_t area) -> std::string {
    for (std::size_t i = area, end = index.subtree_end(area); i < end; ++i) {
      if (std::string text = candidate_text(i); !text.empty()) return text;
      const ElementInfo& e = index.at(i);
      if (html::tag_of(e.node) == GUMBO_TAG_P && !e.chrome && e.text >= 60) break;
    }
    return {};
  };
  if (header != kNone) {
    if (std::string text = search(header); !text.empty()) return text;
  }
  for (const std::size_t c : containers) {
    if (std::string text = search(c); !text.empty()) return text;
  }
  return {};
}

// The datetime of the first <time> element in the header area or the containers that is not
// chrome and states one (normalize_date_time); empty when there is none. Pages that give no
// date in their metadata show it so.
std::string find_time_element(const PageIndex& index, std::size_t header,
                              const std::vector<std::size_t>& containers) {
  std::vector<std::size_t> areas;
  if (header != kNone) areas.push_back(header);
  areas.insert(areas.end(), containers.begin(), containers.end());
  for (const std::size_t area : areas) {
    for (std::size_t i = area, end = index.subtree_end(area); i < end; ++i) {
      const ElementInfo& e = index.at(i);
      if (e.chrome || html::tag_of(e.node) != GUMBO_TAG_TIME) continue;
      if (std::string time = normalize_date_time(html::attribute(e.node, "datetime"));
          !time.empty()) {
        return time;
      }
    }
  }
  return {};
}

// The text of a byline element without its dates and times.
std::string byline_element_text(const GumboNode* element) {
  std::string text;
  html::walk(element, [&](const GumboNode* node) {
    if (html::is_text(node)) {
      text += node->v.text.text;
      return Descend::skip;
    }
    if (!html::is_element(node)) return Descend::skip;
    const GumboTag tag = html::tag_of(node);
    if (node != element) {
      if (tag == GUMBO_TAG_TIME || html::is_non_content_tag(tag) || html::is_hidden(node)) {
        return Descend::skip;
      }
      const std::vector<std::string> words = html::class_id_words(node);
      for (const std::string_view phrase : {"date", "time", "timestamp", "updated", "published",
                                            "dateline", "bio", "social", "follow"}) {
        if (html::has_phrase(words, phrase)) return Descend::skip;
      }
    }
    if (tag == GUMBO_TAG_BR || html::is_block_tag(tag)) text += " | ";
    return Descend::children;
  });
  return text;
}

// The byline names in the elements that are not chrome and for which `text_of` gives a text:
// of all of them, or of the first that gives any.
template <typename TextOf>
std::vector<std::string> names_in_elements(const PageIndex& index, TextOf text_of,
                                           bool first_only) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < index.size(); ++i) {
    const ElementInfo& e = index.at(i);
    if (e.chrome || e.text == 0 || e.text > 300) continue;
    for (std::string& name : html::byline_names(text_of(e))) names.push_back(std::move(name));
    if (first_only && !names.empty()) break;
  }
  return names;
}

// Bylines shown in the page, most trusted first: links with rel=author, author properties
// outside the article item (the metadata reads those inside it), then the first element whose
// class names a byline ("fn" is the name in an hCard, "vcard author").
std::vector<std::string> find_byline_elements(const PageIndex& index) {
  std::vector<std::string> names = names_in_elements(
      index,
      [](const ElementInfo& e) {
        const bool author_link = html::tag_of(e.node) == GUMBO_TAG_A &&
                                 ascii_lower(html::attribute(e.node, "rel")) == "author";
        return author_link ? html::inner_text(e.node) : std::string();
      },
      false);
  if (!names.empty()) return names;
  names = names_in_elements(
      index,
      [](const ElementInfo& e) {
        const std::string itemprop = ascii_lower(html::attribute(e.node, "itemprop"));
        return itemprop.find("author") != std::string::npos ? html::microdata_author_name(e.node)
                                                            : std::string();
      },
      false);
  if (!names.empty()) return names;
  return names_in_elements(
      index,
      [](const ElementInfo& e) {
        const bool byline =
            (html::has_phrase(e.words, "byline") || html::has_phrase(e.words, "author-name") ||
             html::has_phrase(e.words, "authorname") || html::has_phrase(e.words, "author") ||
             html::has_phrase(e.words, "authors") || html::has_phrase(e.words, "fn")) &&
            !html::has_phrase(e.words, "author-bio");
        return byline ? byline_element_text(e.node) : std::string();
      },
      true);
}

// The words of a text in lower case, for comparing headlines.
std::vector<std::string> headline_words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : text) {
    const bool word_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
    if (word_char) {
      word += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// Whether two headline candidates name the same article: one contains the other, or they
// share at least half of the words of the shorter one.
bool headlines_agree(std::string_view a, std::string_view b) {
  const std::string la = ascii_lower(a);
  const std::string lb = ascii_lower(b);
  if (la.empty() || lb.empty()) return false;
  if (la.find(lb) != std::string::npos || lb.find(la) != std::string::npos) return true;
  const std::vector<std::string> wa = headline_words(la);
  const std::vector<std::string> wb = headline_words(lb);
  std::size_t shared = 0;
  for (const std::string& w : wa) shared += std::count(wb.begin(), wb.end(), w) > 0 ? 1 : 0;
  return shared * 2 >= std::min(wa.size(), wb.size()) && shared > 0;
}

// Whether `text` is the site's name rather than a headline: it matches the site name, or the
// last part of a title split at " | ", " - ", " · "... ("V8" in "Outside the web · V8").
bool names_the_site(std::string_view text, std::string_view site, std::string_view title) {
  const std::string lower = ascii_lower(text);
  const std::string site_lower = ascii_lower(site);
  if (site_lower.size() >= 3 && (lower.find(site_lower) != std::string::npos ||
                                 site_lower.find(lower) != std::string::npos)) {
    return true;
  }
  const std::vector<std::string> segments = html::title_segments(title);
  return segments.size() > 1 && html::equal_ci(segments.back(), text);
}

// Whether a title is `h1` followed by a separator and more ("Mozilla - Wikipedia").
bool is_h1_and_suffix(std::string_view title, std::string_view h1) {
  const std::vector<std::string> segments = html::title_segments(title);
  return !h1.empty() && segments.size() > 1 && html::equal_ci(segments.front(), h1);
}

// The headline, from the first source that has one: JSON-LD (unless it disagrees with every
// other source: Wikipedia puts a description there), og:title, microdata, the <h1> (when it
// is in the article container or agrees with the <title>, and is not the site's name), the
// <title> without site and section names. og:title or <title> that is the <h1> plus more after a
// separator gives the <h1>; og:title that is the site's name is passed over.
std::string choose_headline(const html::PageMetadata& meta, std::string_view site,
                            std::string_view h1_text, bool h1_in_container) {
  const std::string from_ld = html::strip_site_from_title(meta.ld_headline, site, false);
  if (!from_ld.empty()) {
    bool other_sources = false;
    for (const std::string_view other :
         {std::string_view(meta.og_title), std::string_view(meta.title), h1_text}) {
      if (other.empty()) continue;
      other_sources = true;
      if (headlines_agree(from_ld, other)) return from_ld;
    }
    if (!other_sources) return from_ld;
  }
  std::string from_og = html::strip_site_from_title(meta.og_title, site, false);
  // A site that gives every page its own name as og:title ("Yahoo News - Latest News").
  const bool og_is_site =
      !site.empty() && (html::equal_ci(meta.og_title, site) || html::equal_ci(from_og, site));
  if (!from_og.empty() && !og_is_site) {
    return is_h1_and_suffix(from_og, h1_text) ? std::string(h1_text) : from_og;
  }
  if (std::string from_md = html::strip_site_from_title(meta.md_headline, site, false);
      !from_md.empty()) {
    return from_md;
  }
  std::string from_title = html::strip_site_from_title(meta.title, site, true);
  if (is_h1_and_suffix(from_title, h1_text)) return std::string(h1_text);
  if (!h1_text.empty() && !names_the_site(h1_text, site, meta.title) &&
      (h1_in_container || from_title.empty() || headlines_agree(h1_text, from_title))) {
    return std::string(h1_text);
  }
  if (!from_title.empty()) return from_title;
  return std::string(h1_text);
}

// The headline without an author's name appended after a separator ("... | Eleanor Ainge Roy").
std::string strip_author_suffix(const std::string& headline,
                                const std::vector<std::string>& bylines) {
  const std::vector<std::string> segments = html::title_segments(headline);
  if (segments.size() < 2) return headline;
  for (const std::string& name : bylines) {
    if (!html::equal_ci(segments.back(), name)) continue;
    // Cut at the last separator: the text before the name, as written.
    const std::string stripped = html::strip_site_from_title(headline, name, false);
    if (!stripped.empty()) return stripped;
  }
  return headline;
}

std::size_t total_length(const std::vector<Block>& blocks) {
  std::size_t n = 0;
  for (const Block& block : blocks) n += html::visible_length(block.text);
  return n;
}

// A standfirst taken from a description is often the first paragraph, whole or cut short;
// then it only repeats the body and is dropped (the body keeps the paragraph).
bool repeats_body(std::string_view standfirst, const std::vector<Block>& body) {
  std::string stem(standfirst);
  for (const std::string_view ellipsis : {"...", "\u2026"}) {
    if (stem.ends_with(ellipsis)) stem.resize(stem.size() - ellipsis.size());
  }
  while (!stem.empty() && stem.back() == ' ') stem.pop_back();
  if (stem.size() < 20) return false;
  for (std::size_t i = 0; i < body.size() && i < 3; ++i) {
    if (body[i].text.starts_with(stem)) return true;
  }
  return false;
}

// `url` made absolute against the capture's URL when it is relative ("/news/1", "//x.org/1").
std::string absolute_url(std::string_view url, std::string_view base) {
  if (url.empty() || url.find("://") != std::string_view::npos) return std::string(url);
  const std::size_t scheme_end = base.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  if (url.starts_with("//")) return std::string(base.substr(0, scheme_end + 1)) + std::string(url);
  if (url.starts_with("/")) {
    const std::size_t path = base.find('/', scheme_end + 3);
    return std::string(base.substr(0, path)) + std::string(url);
  }
  return std::string(url);
}

std::string first_of(std::initializer_list<std::string_view> values) {
  for (const std::string_view value : values) {
    if (!value.empty()) return std::string(value);
  }
  return {};
}

// The first of `values` that reads as a date or time, in ISO 8601 (normalize_date_time).
std::string first_time(std::initializer_list<std::string_view> values) {
  for (const std::string_view value : values) {
    if (std::string time = normalize_date_time(value); !time.empty()) return time;
  }
  return {};
}

// The names in the texts of microdata author properties.
std::vector<std::string> byline_names_of(const std::vector<std::string>& texts) {
  std::vector<std::string> names;
  for (const std::string& text : texts) {
    for (std::string& name : html::byline_names(text)) names.push_back(std::move(name));
  }
  return names;
}

// The site rule for the page, by the host of its URL (else of its canonical URL): the user's
// rules first, then the built-in ones.
const SiteRule* find_site_rule(const ExtractInput& input, const html::PageMetadata& meta) {
  std::string host = url_host(input.url);
  if (host.empty()) host = url_host(first_of({meta.canonical_link, meta.og_url, meta.ld_url}));
  if (host.empty()) return nullptr;
  if (input.rules != nullptr) {
    if (const SiteRule* rule = input.rules->for_host(host)) return rule;
  }
  return SiteRules::built_in().for_host(host);
}

// The element a site rule names as the body, if the page has one that is not chrome.
std::vector<std::size_t> rule_container(const PageIndex& index, const SiteRule* rule) {
  if (rule == nullptr || !rule->body) return {};
  for (std::size_t i = 0; i < index.size(); ++i) {
    if (!index.at(i).chrome && rule->body->matches(index.at(i).node)) return {i};
  }
  return {};
}

}  // namespace

Result<Article> extract_html(const ExtractInput& input) {
  const std::string charset = html_charset(input.bytes, input.content_type);
  const ByteOrderMark bom = detect_byte_order_mark(input.bytes);
  std::string text = decode_to_utf8(input.bytes.substr(bom.length), charset);
  if (auto pruned = html::prune_for_parsing(text)) text = std::move(*pruned);
  const html::Document document(std::move(text));
  const html::PageMetadata meta = html::read_page_metadata(document.root());
  const SiteRule* rule = find_site_rule(input, meta);
  const PageIndex index(document.root(), rule != nullptr && rule->drop ? &*rule->drop : nullptr);
  std::vector<std::size_t> containers = rule_container(index, rule);
  if (containers.empty()) containers = html::find_containers(index);

  Article article;
  article.url = input.url;
  article.extractor = std::string(kHtmlExtractorName);
  article.site = first_of({meta.ld_publisher, meta.og_site_name, meta.application_name});
  article.canonical_url =
      absolute_url(first_of({meta.canonical_link, meta.og_url, meta.ld_url}), input.url);
  article.published = first_time({meta.ld_published, meta.md_published, meta.meta_published_time});
  article.modified = first_time({meta.ld_modified, meta.md_modified, meta.meta_modified_time});
  std::string locale = meta.og_locale;
  std::replace(locale.begin(), locale.end(), '_', '-');
  article.language = first_of({meta.html_lang, locale, meta.ld_language});

  const GumboNode* h1 = find_h1(index, containers);
  std::string h1_text = h1 != nullptr ? normalize_text(html::inner_text(h1)) : "";
  if (h1_text.size() > html::kMaxMetadataLength) h1_text.clear();  // not a headline
  const bool h1_in_container =
      h1 != nullptr && std::any_of(containers.begin(), containers.end(), [&](std::size_t c) {
        return index.is_inside(index.find(h1), c);
      });
  std::vector<std::string> names = meta.ld_authors;
  if (names.empty()) names = byline_names_of(meta.md_authors);
  if (names.empty()) names = html::byline_names(meta.meta_author);
  if (names.empty()) names = find_byline_elements(index);
  article.bylines = html::unique_names(std::move(names));

  article.headline = choose_headline(meta, article.site, h1_text, h1_in_container);
  article.headline = strip_author_suffix(article.headline, article.bylines);

  std::vector<Block> body = html::article_blocks(index, containers, article.headline, h1);
  if (!meta.ld_body.empty()) {
    std::vector<Block> from_ld = html::paragraphs_from_text(meta.ld_body);
    if (total_length(body) * 4 < total_length(from_ld)) body = std::move(from_ld);
  }

  const std::size_t h1_index = h1 != nullptr ? index.find(h1) : kNone;
  const std::size_t header = h1_index != kNone ? header_area(index, h1_index) : kNone;
  if (article.published.empty()) article.published = find_time_element(index, header, containers);
  article.standfirst = find_standfirst_element(index, h1_index, header, containers);
  if (article.standfirst.empty()) {
    article.standfirst = first_of(
        {meta.ld_description, meta.md_description, meta.og_description, meta.meta_description});
    if (repeats_body(article.standfirst, body)) article.standfirst.clear();
  }
  if (article.standfirst == article.headline) article.standfirst.clear();
  article.body = html::tidy_body(std::move(body), article.standfirst);

  if (article.headline.empty() && article.body.empty()) {
    return fail("no article text found in the page");
  }
  return article;
}

}  // namespace st
