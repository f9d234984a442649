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
  text = trim_space(text);
  for (const std::string_view prefix : {"<!--", "//<![CDATA[", "<![CDATA["}) {
    if (text.starts_with(prefix)) text = trim_space(text.substr(prefix.size()));
  }
  for (const std::string_view suffix : {"-->", "//]]>", "]]>"}) {
    if (text.ends_with(suffix)) text = trim_space(text.substr(0, text.size() - suffix.size()));
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

// The <meta> names read, per field, most trusted first: the first name a page gives wins,
// wherever it stands in the page.
struct MetaField {
  std::string PageMetadata::*field;
  std::array<std::string_view, 12> names;  // unused slots are empty
};
const std::array<MetaField, 10> kMetaFields{{
    {&PageMetadata::og_title, {"og:title", "twitter:title", "dc.title", "dcterms.title"}},
    {&PageMetadata::og_site_name, {"og:site_name"}},
    {&PageMetadata::og_url, {"og:url"}},
    {&PageMetadata::og_description,
     {"og:description", "twitter:description", "dc.description", "dcterms.description"}},
    {&PageMetadata::og_locale, {"og:locale"}},
    {&PageMetadata::meta_description, {"description"}},
    {&PageMetadata::meta_author,
     {"author", "byl", "dc.creator", "dcterms.creator", "sailthru.author", "parsely-author",
      "article:author"}},
    {&PageMetadata::application_name, {"application-name"}},
    {&PageMetadata::meta_published_time,
     {"article:published_time", "og:article:published_time", "datepublished", "dcterms.issued",
      "dc.date.issued", "dcterms.date", "dc.date", "dcterms.created", "parsely-pub-date",
      "sailthru.date", "pubdate", "publishdate"}},
    {&PageMetadata::meta_modified_time,
     {"article:modified_time", "og:article:modified_time", "datemodified", "og:updated_time",
      "dcterms.modified", "dc.date.modified", "last-modified"}},
}};

// Values of the <meta> names of kMetaFields, the first of each name in the page.
using MetaValues = std::map<std::string, std::string, std::less<>>;

void read_meta_tag(const GumboNode* node, MetaValues& values) {
  std::string_view key = attribute(node, "property");
  if (key.empty()) key = attribute(node, "name");
  if (key.empty()) key = attribute(node, "itemprop");
  if (key.empty()) return;
  const std::string_view content = attribute(node, "content");
  if (content.empty()) return;
  values.try_emplace(ascii_lower(key), content);
}

// Values are cleaned: gumbo has decoded the attribute once, and pages that escape their
// metadata twice ("&amp;quot;") leave references behind, which are decoded too.
void assign_meta_fields(const MetaValues& values, PageMetadata& meta) {
  for (const MetaField& f : kMetaFields) {
    for (const std::string_view name : f.names) {
      if (name.empty()) break;
      const auto it = values.find(name);
      if (it == values.end()) continue;
      std::string value = clean(it->second);
      if (value.empty()) continue;
      // "article:author" is often a profile URL ("byl" reads "By Jane Doe": byline_names
      // takes care of that).
      if (f.field == &PageMetadata::meta_author && value.find("://") != std::string::npos) {
        continue;
      }
      meta.*f.field = std::move(value);
      break;
    }
  }
}

// ---- microdata ----

// An element's microdata value: content or datetime attribute, else its text.
std::string item_value(const GumboNode* element) {
  for (const char* name : {"content", "datetime"}) {
    if (has_attribute(element, name)) return clean(attribute(element, name));
  }
  return clean(inner_text(element));
}

}  // namespace

std::string microdata_author_name(const GumboNode* element) {
  if (has_attribute(element, "itemscope")) {
    std::string name;
    walk(element, [&](const GumboNode* node) {
      if (!name.empty() || !is_element(node)) return Descend::skip;
      if (node != element && has_token_ci(attribute(node, "itemprop"), "name")) {
        name = item_value(node);
        return Descend::skip;
      }
      return Descend::children;
    });
    if (!name.empty()) return name;
  }
  return item_value(element);
}

namespace {

// Reads the properties of the first article item (see PageMetadata::md_*) as the walk of
// read_page_metadata goes through the page: enter() and leave() for every element.
class MicrodataReader {
 public:
  explicit MicrodataReader(PageMetadata& meta) : meta_(meta) {}

  void enter(const GumboNode* element) {
    const bool scope = has_attribute(element, "itemscope");
    if (!done_ && seen_article_) read_property(element);
    if (scope) {
      const bool article = !seen_article_ && is_article_type(attribute(element, "itemtype"));
      seen_article_ = seen_article_ || article;
      scopes_.push_back(article ? Scope::article : Scope::other);
    } else {
      scopes_.push_back(Scope::none);
    }
  }

  void leave() {
    if (scopes_.empty()) return;
    if (scopes_.back() == Scope::article) done_ = true;  // only the first article item
    scopes_.pop_back();
  }

 private:
  // What an element's itemscope opens: nothing, the article item, another item.
  enum class Scope { none, article, other };

  static bool is_article_type(std::string_view type) {
    const std::string_view name = type.substr(type.find_last_of('/') + 1);
    return name.ends_with("Article") || name == "BlogPosting" || name == "LiveBlogPosting" ||
           name == "Report";
  }

  // Properties of the article item: on elements whose nearest enclosing scope is the article.
  void read_property(const GumboNode* element) {
    // Only the innermost scope counts: a property inside a nested item belongs to that item.
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      if (*it == Scope::other) return;
      if (*it == Scope::article) break;
    }
    const std::string_view props = attribute(element, "itemprop");
    if (props.empty()) return;
    const auto set = [&](std::string& field) {
      if (field.empty()) field = item_value(element);
    };
    if (has_token_ci(props, "headline")) set(meta_.md_headline);
    if (has_token_ci(props, "description")) set(meta_.md_description);
    if (has_token_ci(props, "datepublished")) set(meta_.md_published);
    if (has_token_ci(props, "datemodified")) set(meta_.md_modified);
    if (has_token_ci(props, "author") || has_token_ci(props, "creator")) {
      if (std::string name = microdata_author_name(element); !name.empty()) {
        meta_.md_authors.push_back(std::move(name));
      }
    }
  }

  PageMetadata& meta_;
  std::vector<Scope> scopes_;
  bool seen_article_ = false;
  bool done_ = false;
};

bool is_separator_at(std::string_view text, std::size_t pos, std::string_view& separator) {
  for (const std::string_view sep : {" | ", " - ", " \u2013 ", " \u2014 ", " \u00B7 ", " :: "}) {
    if (text.substr(pos, sep.size()) == sep) {
      separator = sep;
      return true;
    }
  }
  // Chinese sites join with underscores: "标题_教育频道_中国青年网", "标题 _探索者 _光明网". An
  // underscore counts beside a space or a non-ASCII character, not inside "file_name".
  if (text[pos] == '_' && pos > 0 && pos + 1 < text.size()) {
    const auto wide_or_space = [](char c) {
      return c == ' ' || static_cast<unsigned char>(c) >= 0x80;
    };
    if (wide_or_space(text[pos - 1]) || wide_or_space(text[pos + 1])) {
      separator = "_";
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
  MetaValues meta_values;
  MicrodataReader microdata(meta);
  bool have_title = false;
  walk(
      root,
      [&](const GumboNode* node) {
        if (!is_element(node)) return Descend::skip;
        microdata.enter(node);
        if (node->v.element.tag_namespace != GUMBO_NAMESPACE_HTML) return Descend::skip;
        switch (tag_of(node)) {
          case GUMBO_TAG_META:
            read_meta_tag(node, meta_values);
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
      },
      [&](const GumboNode*) { microdata.leave(); });
  assign_meta_fields(meta_values, meta);
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
    // Words say little in Chinese: an underscore's tail of up to ten characters (30 bytes) goes
    // when what is left is twice as long.
    const bool short_tail =
        strip_short_tails &&
        (separator == "_" ? normalize_text(tail).size() <= 30 && head.size() >= 2 * tail.size()
                          : tail_words <= 4 && (separator == " | " ? head_words >= 3
                                                                   : head_words >= tail_words + 4));
    if (!names_site(tail) && !short_tail) break;
    text = std::string(head);
  }
  // A leading site name: "BBC News - Obama admits ...". Only the name itself or part of it:
  // a headline that mentions the site ("Story @ Blog name :: Host") is kept.
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    std::string_view sep;
    if (!is_separator_at(text, pos, sep)) continue;
    const std::string lead = ascii_lower(std::string_view(text).substr(0, pos));
    if (pos >= 3 && site_lower.size() >= 3 && site_lower.find(lead) != std::string::npos &&
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

namespace {

// "Games Editor", "Senior Staff Writer", "Correspondent": a role that a byline lists beside the
// names. A part of up to four words holding one of these words.
bool is_job_title(std::string_view part) {
  if (count_words(part) > 4) return false;
  const std::string lower = ascii_lower(part);
  std::size_t start = 0;
  while (start < lower.size()) {
    std::size_t end = lower.find(' ', start);
    if (end == std::string::npos) end = lower.size();
    const std::string_view word = std::string_view(lower).substr(start, end - start);
    for (const std::string_view role :
         {"editor", "reporter", "correspondent", "writer", "columnist", "contributor", "producer",
          "photographer", "journalist", "critic", "analyst", "staff"}) {
      if (word == role) return true;
    }
    start = end + 1;
  }
  return false;
}

// "MA", "PhD", "M.D.": a degree written after a name, split off with the comma before it.
bool is_credential(std::string_view part) {
  std::string letters;
  for (const char c : part) {
    if (c != '.' && c != ' ') letters += c;
  }
  letters = ascii_lower(letters);
  for (const std::string_view degree :
       {"ma", "md", "phd", "rn", "mph", "mba", "msc", "bsc", "mfa", "jd", "dds", "facp"}) {
    if (letters == degree) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> byline_names(std::string_view text) {
  std::string line = normalize_text(text);
  std::vector<std::string> names;
  // Split at the separators, then clean each part.
  std::vector<std::string> parts;
  std::string current;
  int parentheses = 0;  // "Jane Doe (with John Roe and Ann Poe)" is not split inside
  for (std::size_t pos = 0; pos < line.size();) {
    if (line[pos] == '(') ++parentheses;
    if (line[pos] == ')' && parentheses > 0) --parentheses;
    bool split = false;
    for (const std::string_view sep : {" and ", " et ", " y ", " und ", ",", " & ", "|", ";",
                                       " \u00B7 ", " \u2022 ", " - ", " \u2013 ", " \u2014 "}) {
      if (parentheses == 0 && std::string_view(line).substr(pos, sep.size()) == sep) {
        // "Simon & Schuster", "Mac & i": one word on a side of "&" makes one name.
        if (sep == " & " && (count_words(current) < 2 ||
                             count_words(std::string_view(line).substr(pos + sep.size())) < 2)) {
          continue;
        }
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
      for (const std::string_view prefix :
           {"written by: ", "written by ", "words by ", "reported by ", "posted by ", "by: ", "by ",
            "and ", "par ", "por ", "door ", "von "}) {
        // "Von" also starts names ("Von Trapp"): only before a name of two or more words.
        if (prefix == "von " && count_words(name) < 3) continue;
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
    if (is_label || is_job_title(name) || is_credential(name)) continue;
    // "JEFFREY GETTLEMAN" as "Jeffrey Gettleman"; one word in capitals is an agency ("AFP").
    names.push_back(count_words(name) >= 2 ? title_case_if_all_caps(name) : name);
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
