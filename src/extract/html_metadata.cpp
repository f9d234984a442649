#include "extract/html_metadata.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <utility>

#include "extract/html_tree.hpp"
#include "util/text.hpp"

namespace st::html {
namespace {

using nlohmann::json;

struct NamedEntity {
  std::string_view name;
  char32_t code_point;
};

// The named references that turn up in JSON-LD text; gumbo decodes all of them in the page.
constexpr std::array<NamedEntity, 36> kNamedEntities{{
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},     {"apos", '\''},
    {"nbsp", 0xA0},    {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C}, {"rdquo", 0x201D},
    {"sbquo", 0x201A}, {"bdquo", 0x201E}, {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026},
    {"laquo", 0xAB},   {"raquo", 0xBB},   {"copy", 0xA9},    {"reg", 0xAE},     {"trade", 0x2122},
    {"euro", 0x20AC},  {"pound", 0xA3},   {"aacute", 0xE1},  {"agrave", 0xE0},  {"eacute", 0xE9},
    {"egrave", 0xE8},  {"iacute", 0xED},  {"oacute", 0xF3},  {"uacute", 0xFA},  {"ntilde", 0xF1},
    {"ccedil", 0xE7},  {"auml", 0xE4},    {"ouml", 0xF6},    {"uuml", 0xFC},    {"szlig", 0xDF},
    {"shy", 0xAD},
}};

// Parses the reference at text[pos] == '&'; returns its length (0 when it is not one).
std::size_t decode_reference(std::string_view text, std::size_t pos, std::string& out) {
  const std::size_t semicolon = text.find(';', pos);
  if (semicolon == std::string_view::npos || semicolon - pos > 10) return 0;
  const std::string_view body = text.substr(pos + 1, semicolon - pos - 1);
  if (body.size() >= 2 && body[0] == '#') {
    const bool hex = body[1] == 'x' || body[1] == 'X';
    const std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    char32_t cp = 0;
    for (const char c : digits) {
      int digit;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (hex && c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (hex && c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      } else {
        return 0;
      }
      cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(digit);
      if (cp > 0x10FFFF) cp = 0x110000;  // stays out of range however long the number is
    }
    append_utf8(out, cp);
    return semicolon - pos + 1;
  }
  for (const auto& entity : kNamedEntities) {
    if (entity.name == body) {
      append_utf8(out, entity.code_point);
      return semicolon - pos + 1;
    }
  }
  return 0;
}

// ---- JSON-LD ----

// Strips what some pages wrap around a JSON-LD script: HTML comments and CDATA markers.
std::string_view unwrap_script(std::string_view text) {
  const auto trim = [](std::string_view s) {
    const std::size_t begin = s.find_first_not_of(" \t\r\n\f");
    if (begin == std::string_view::npos) return std::string_view();
    const std::size_t end = s.find_last_not_of(" \t\r\n\f");
    return s.substr(begin, end - begin + 1);
  };
  text = trim(text);
  for (const std::string_view prefix : {"<!--", "//<![CDATA[", "<![CDATA["}) {
    if (text.starts_with(prefix)) text = trim(text.substr(prefix.size()));
  }
  for (const std::string_view suffix : {"-->", "//]]>", "]]>"}) {
    if (text.ends_with(suffix)) text = trim(text.substr(0, text.size() - suffix.size()));
  }
  return text;
}

// "http://schema.org/NewsArticle" and "schema:NewsArticle" give "NewsArticle".
std::string_view bare_type(std::string_view type) {
  const std::size_t cut = type.find_last_of("/:");
  return cut == std::string_view::npos ? type : type.substr(cut + 1);
}

bool has_type(const json& node, std::initializer_list<std::string_view> types) {
  const auto it = node.find("@type");
  if (it == node.end()) return false;
  const auto matches = [&](const json& value) {
    if (!value.is_string()) return false;
    const std::string_view type = bare_type(value.get_ref<const std::string&>());
    return std::find(types.begin(), types.end(), type) != types.end();
  };
  if (it->is_array()) return std::any_of(it->begin(), it->end(), matches);
  return matches(*it);
}

bool is_article(const json& node) {
  return has_type(node, {"Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle",
                         "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle",
                         "AskPublicNewsArticle", "BlogPosting", "LiveBlogPosting", "TechArticle",
                         "ScholarlyArticle", "SatiricalArticle", "Report"});
}

// The JSON-LD objects of a page, with an index of those that have an "@id". All scripts are
// added before the first article() call, which indexes them (the index points into them).
class LinkedData {
 public:
  void add_script(std::string_view text) {
    json parsed = json::parse(unwrap_script(text), nullptr, /*allow_exceptions=*/false,
                              /*ignore_comments=*/true);
    if (!parsed.is_discarded()) documents_.push_back(std::move(parsed));
  }

  // The article object; nullptr when the page has none.
  const json* article() {
    index();
    const json* first = nullptr;
    for (const json* node : nodes_) {
      if (!is_article(*node)) continue;
      if (!string_of(*node, "headline").empty()) return node;
      if (first == nullptr) first = node;
    }
    return first;
  }

  // A reference {"@id": "..."} replaced by the object it names, when the page has it.
  const json& resolve(const json& value) const {
    if (!value.is_object() || value.contains("name")) return value;
    const auto id = value.find("@id");
    if (id == value.end() || !id->is_string()) return value;
    const auto found = by_id_.find(id->get<std::string>());
    return found == by_id_.end() ? value : *found->second;
  }

  // A string field, or the first string of an array field; empty otherwise.
  static std::string string_of(const json& node, const char* key) {
    const auto it = node.find(key);
    if (it == node.end()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_array()) {
      for (const json& item : *it) {
        if (item.is_string()) return item.get<std::string>();
      }
    }
    return {};
  }

  // The name of a thing given as a string, an object with a "name", or a reference to one.
  std::string name_of(const json& value) const {
    const json& thing = resolve(value);
    if (thing.is_string()) return thing.get<std::string>();
    if (thing.is_object()) return string_of(thing, "name");
    return {};
  }

 private:
  void index() {
    if (indexed_) return;
    indexed_ = true;
    const auto add = [this](const json& node) {
      if (!node.is_object()) return;
      nodes_.push_back(&node);
      if (const auto id = node.find("@id"); id != node.end() && id->is_string()) {
        by_id_.emplace(id->get<std::string>(), &node);
      }
    };
    const auto add_with_graph = [&](const json& node) {
      add(node);
      if (!node.is_object()) return;
      if (const auto graph = node.find("@graph"); graph != node.end() && graph->is_array()) {
        for (const json& item : *graph) add(item);
      }
    };
    for (const json& doc : documents_) {
      if (doc.is_array()) {
        for (const json& item : doc) add_with_graph(item);
      } else {
        add_with_graph(doc);
      }
    }
    // A WebPage may hold the article as its main entity.
    const std::size_t top_level = nodes_.size();
    for (std::size_t i = 0; i < top_level; ++i) {
      const auto main = nodes_[i]->find("mainEntity");
      if (main != nodes_[i]->end() && main->is_object()) add(*main);
    }
  }

  std::vector<json> documents_;
  std::vector<const json*> nodes_;
  std::map<std::string, const json*> by_id_;
  bool indexed_ = false;
};

// Normalized text with leftover character references decoded; empty when it is too long to be
// metadata.
std::string clean(std::string_view text) {
  if (text.size() > 4 * kMaxMetadataLength) return {};
  std::string cleaned = normalize_text(decode_entities(text));
  if (cleaned.size() > kMaxMetadataLength) cleaned.clear();
  return cleaned;
}

void read_linked_data(LinkedData& data, PageMetadata& meta) {
  const json* article = data.article();
  if (article == nullptr) return;
  const json& a = *article;
  meta.ld_headline = clean(LinkedData::string_of(a, "headline"));
  meta.ld_description = clean(LinkedData::string_of(a, "description"));
  meta.ld_published = clean(LinkedData::string_of(a, "datePublished"));
  meta.ld_modified = clean(LinkedData::string_of(a, "dateModified"));
  meta.ld_language = clean(LinkedData::string_of(a, "inLanguage"));
  meta.ld_body = decode_entities(LinkedData::string_of(a, "articleBody"));
  meta.ld_url = clean(LinkedData::string_of(a, "url"));
  if (meta.ld_url.empty()) {
    if (const auto page = a.find("mainEntityOfPage"); page != a.end()) {
      if (page->is_string()) {
        meta.ld_url = clean(page->get<std::string>());
      } else if (page->is_object()) {
        meta.ld_url = clean(LinkedData::string_of(*page, "@id"));
        if (meta.ld_url.empty()) meta.ld_url = clean(LinkedData::string_of(*page, "url"));
      }
    }
  }
  if (const auto publisher = a.find("publisher"); publisher != a.end()) {
    const json& first =
        publisher->is_array() && !publisher->empty() ? publisher->front() : *publisher;
    meta.ld_publisher = clean(data.name_of(first));
  }
  if (const auto author = a.find("author"); author != a.end()) {
    const auto add = [&](const json& value) {
      std::string name = clean(data.name_of(value));
      for (const std::string_view prefix : {"By ", "by "}) {
        if (name.starts_with(prefix)) name.erase(0, prefix.size());
      }
      if (!name.empty() && name.find("://") == std::string::npos) {
        meta.ld_authors.push_back(std::move(name));
      }
    };
    if (author->is_array()) {
      for (const json& item : *author) add(item);
    } else {
      add(*author);
    }
  }
}

// ---- <meta>, <link>, <title> ----

bool has_token_ci(std::string_view list, std::string_view token) {
  const std::string lower = ascii_lower(list);
  std::string_view rest = lower;
  while (!rest.empty()) {
    const std::size_t start = rest.find_first_not_of(" \t\r\n\f");
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    const std::size_t end = std::min(rest.find_first_of(" \t\r\n\f"), rest.size());
    if (rest.substr(0, end) == token) return true;
    rest.remove_prefix(end);
  }
  return false;
}

// Gumbo has decoded the attribute once; pages that escape their metadata twice ("&amp;quot;")
// leave references behind, which are decoded too.
void set_once(std::string& field, std::string_view value) {
  if (field.empty()) field = clean(value);
}

void read_meta_tag(const GumboNode* node, PageMetadata& meta) {
  std::string_view key = attribute(node, "property");
  if (key.empty()) key = attribute(node, "name");
  if (key.empty()) return;
  const std::string name = ascii_lower(key);
  const std::string_view content = attribute(node, "content");
  if (content.empty()) return;
  const std::array<std::pair<std::string_view, std::string*>, 10> fields{{
      {"og:title", &meta.og_title},
      {"og:site_name", &meta.og_site_name},
      {"og:url", &meta.og_url},
      {"og:description", &meta.og_description},
      {"og:locale", &meta.og_locale},
      {"description", &meta.meta_description},
      {"author", &meta.meta_author},
      {"application-name", &meta.application_name},
      {"article:published_time", &meta.meta_published_time},
      {"article:modified_time", &meta.meta_modified_time},
  }};
  for (const auto& [field_name, field] : fields) {
    if (name == field_name) set_once(*field, content);
  }
}

bool is_separator_at(std::string_view text, std::size_t pos, std::string_view& separator) {
  for (const std::string_view sep : {" | ", " - ", " \u2013 ", " \u2014 ", " \u00B7 ", " :: "}) {
    if (text.substr(pos, sep.size()) == sep) {
      separator = sep;
      return true;
    }
  }
  return false;
}

bool contains_digit(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string decode_entities(std::string_view text) {
  if (text.find('&') == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    if (text[pos] == '&') {
      if (const std::size_t used = decode_reference(text, pos, out); used > 0) {
        pos += used;
        continue;
      }
    }
    out += text[pos++];
  }
  return out;
}

PageMetadata read_page_metadata(const GumboNode* root) {
  PageMetadata meta;
  LinkedData linked_data;
  bool have_title = false;
  walk(root, [&](const GumboNode* node) {
    if (!is_element(node)) return Descend::skip;
    if (node->v.element.tag_namespace != GUMBO_NAMESPACE_HTML) return Descend::skip;
    switch (tag_of(node)) {
      case GUMBO_TAG_META:
        read_meta_tag(node, meta);
        return Descend::skip;
      case GUMBO_TAG_LINK:
        if (meta.canonical_link.empty() && has_token_ci(attribute(node, "rel"), "canonical")) {
          meta.canonical_link = clean(attribute(node, "href"));
        }
        return Descend::skip;
      case GUMBO_TAG_TITLE:
        if (!have_title) {
          meta.title = clean(inner_text(node));
          have_title = true;
        }
        return Descend::skip;
      case GUMBO_TAG_SCRIPT: {
        const std::string type = normalize_text(ascii_lower(attribute(node, "type")));
        if (type == "application/ld+json") {
          const GumboVector& children = node->v.element.children;
          std::string text;
          for (unsigned int i = 0; i < children.length; ++i) {
            const GumboNode* child = child_at(&children, i);
            if (is_text(child)) text += child->v.text.text;
          }
          linked_data.add_script(text);
        }
        return Descend::skip;
      }
      case GUMBO_TAG_STYLE:
      case GUMBO_TAG_SVG:
      case GUMBO_TAG_MATH:
        return Descend::skip;
      default:
        return Descend::children;
    }
  });
  read_linked_data(linked_data, meta);
  std::string lang(attribute(root, "lang"));
  if (lang.empty()) lang = std::string(attribute(root, "xml:lang"));
  std::replace(lang.begin(), lang.end(), '_', '-');
  meta.html_lang = clean(lang);
  return meta;
}

std::string strip_site_from_title(std::string_view title, std::string_view site,
                                  bool strip_short_tails) {
  std::string text = normalize_text(title);
  const std::string site_lower = ascii_lower(normalize_text(site));
  const auto names_site = [&](std::string_view segment) {
    if (site_lower.size() < 3 || segment.size() < 3) return false;
    const std::string lower = ascii_lower(segment);
    return lower == site_lower || lower.find(site_lower) != std::string::npos ||
           site_lower.find(lower) != std::string::npos;
  };
  for (;;) {
    // The last separator in the text.
    std::size_t cut = std::string::npos;
    std::string_view separator;
    for (std::size_t pos = 0; pos < text.size(); ++pos) {
      std::string_view sep;
      if (is_separator_at(text, pos, sep)) {
        cut = pos;
        separator = sep;
      }
    }
    if (cut == std::string::npos || cut == 0) break;
    const std::string_view head = std::string_view(text).substr(0, cut);
    const std::string_view tail = std::string_view(text).substr(cut + separator.size());
    // " | " hardly occurs inside headlines, the dashes often do, so a dash needs a longer rest.
    const std::size_t tail_words = count_words(tail);
    const std::size_t head_words = count_words(head);
    const bool short_tail = strip_short_tails && tail_words <= 4 &&
                            (separator == " | " ? head_words >= 3 : head_words >= tail_words + 4);
    if (!names_site(tail) && !short_tail) break;
    text = std::string(head);
  }
  // A leading site name: "BBC News - Obama admits ...".
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    std::string_view sep;
    if (!is_separator_at(text, pos, sep)) continue;
    if (pos > 0 && names_site(std::string_view(text).substr(0, pos)) &&
        pos + sep.size() < text.size()) {
      text.erase(0, pos + sep.size());
    }
    break;
  }
  return text;
}

std::vector<std::string> title_segments(std::string_view title) {
  const std::string text = normalize_text(title);
  std::vector<std::string> segments;
  std::size_t start = 0;
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    std::string_view sep;
    if (!is_separator_at(text, pos, sep)) continue;
    segments.push_back(normalize_text(std::string_view(text).substr(start, pos - start)));
    start = pos + sep.size();
    pos = start - 1;
  }
  segments.push_back(normalize_text(std::string_view(text).substr(start)));
  return segments;
}

std::vector<std::string> byline_names(std::string_view text) {
  std::string line = normalize_text(text);
  std::vector<std::string> names;
  // Split at the separators, then clean each part.
  std::vector<std::string> parts;
  std::string current;
  for (std::size_t pos = 0; pos < line.size();) {
    bool split = false;
    for (const std::string_view sep :
         {" and ", ",", " & ", "|", ";", " \u00B7 ", " \u2022 ", " - ", " \u2013 ", " \u2014 "}) {
      if (std::string_view(line).substr(pos, sep.size()) == sep) {
        parts.push_back(std::move(current));
        current.clear();
        pos += sep.size();
        split = true;
        break;
      }
    }
    if (!split) current += line[pos++];
  }
  parts.push_back(std::move(current));
  for (std::string& part : parts) {
    std::string name = normalize_text(part);
    for (bool stripped = true; stripped;) {
      stripped = false;
      for (const std::string_view prefix : {"written by: ", "written by ", "words by ",
                                            "reported by ", "posted by ", "by: ", "by ", "and "}) {
        if (starts_with_ci(name, prefix)) {
          name = normalize_text(std::string_view(name).substr(prefix.size()));
          stripped = true;
        }
      }
    }
    while (!name.empty() && (name.back() == '.' || name.back() == ':')) name.pop_back();
    if (name.empty() || name.size() > 80 || contains_digit(name)) continue;
    if (name.find("://") != std::string::npos || name.find('@') != std::string::npos ||
        starts_with_ci(name, "www.")) {
      continue;
    }
    bool is_label = false;
    for (const std::string_view word :
         {"updated", "published", "posted", "modified", "last updated", "by", "and", "staff writer",
          "author", "authors", "share", "follow", "min read", "read more"}) {
      is_label = is_label || ascii_lower(name) == word ||
                 (word.size() > 3 && starts_with_ci(name, std::string(word) + " "));
    }
    if (is_label) continue;
    names.push_back(std::move(name));
  }
  return names;
}

std::vector<std::string> unique_names(std::vector<std::string> names) {
  std::vector<std::string> unique;
  std::vector<std::string> seen;
  for (std::string& name : names) {
    std::string key = ascii_lower(name);
    if (name.empty() || std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(std::move(key));
    unique.push_back(std::move(name));
  }
  return unique;
}

}  // namespace st::html
