#include "feed/feed.hpp"

#include <array>
#include <cstdint>
#include <pugixml.hpp>
#include <string>
#include <utility>
#include <vector>

#include "util/text.hpp"
#include "util/time.hpp"
#include "util/url.hpp"

namespace st {
namespace {

// ---- bytes to UTF-8 ----

// What windows-1252 puts at 0x80-0x9F (the WHATWG index); the rest of the range U+0080-U+00FF
// is latin1. Five bytes are unassigned and stand for the C1 control of the same number.
constexpr std::array<char32_t, 32> kWindows1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

// The labels that mean windows-1252, as browsers read them: latin1 and ASCII included (the
// WHATWG Encoding Standard), which is also how extract/charset reads pages.
constexpr std::array<std::string_view, 17> kWindows1252Labels = {
    "ansi_x3.4-1968",  "ascii",      "cp1252",    "cp819",        "csisolatin1", "ibm819",
    "iso-8859-1",      "iso-ir-100", "iso8859-1", "iso88591",     "iso_8859-1",  "l1",
    "iso_8859-1:1987", "latin1",     "us-ascii",  "windows-1252", "x-cp1252",
};

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::string_view trim_ascii(std::string_view text) {
  while (!text.empty() && is_ascii_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_ascii_space(text.back())) text.remove_suffix(1);
  return text;
}

// The encoding named by the XML declaration at the very start ("<?xml ... encoding='x'?>"), in
// lower case; empty when there is none.
std::string declared_encoding(std::string_view bytes) {
  if (!bytes.starts_with("<?xml")) return {};
  const std::string_view declaration = bytes.substr(0, bytes.substr(0, 512).find("?>"));
  std::size_t pos = declaration.find("encoding");
  if (pos == std::string_view::npos) return {};
  pos += 8;
  while (pos < declaration.size() && is_ascii_space(declaration[pos])) ++pos;
  if (pos >= declaration.size() || declaration[pos] != '=') return {};
  ++pos;
  while (pos < declaration.size() && is_ascii_space(declaration[pos])) ++pos;
  if (pos >= declaration.size() || (declaration[pos] != '"' && declaration[pos] != '\'')) return {};
  const char quote = declaration[pos++];
  const std::size_t end = declaration.find(quote, pos);
  if (end == std::string_view::npos) return {};
  return ascii_lower(trim_ascii(declaration.substr(pos, end - pos)));
}

bool is_windows1252_label(std::string_view label) {
  for (const std::string_view known : kWindows1252Labels) {
    if (label == known) return true;
  }
  return false;
}

std::string windows1252_to_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 4);
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      out += c;
    } else if (byte < 0xA0) {
      append_utf8(out, kWindows1252High[byte - 0x80]);
    } else {
      append_utf8(out, byte);
    }
  }
  return out;
}

// The document as pugixml should read it. pugixml finds UTF-16 and UTF-32 (byte order mark or
// the first "<") and reads everything else as UTF-8, except that it maps a declared
// ISO-8859-1 as latin1, where 0x92 is a control character rather than a quote. So a document
// declared as any windows-1252 label is converted here, unless its bytes are valid UTF-8: feeds
// converted to UTF-8 often keep their old declarations (the rule extract follows for pages).
struct XmlInput {
  std::string converted;  // the document as UTF-8, when it had to be converted
  bool is_converted = false;
  pugi::xml_encoding encoding = pugi::encoding_auto;
};

XmlInput prepare_input(std::string_view bytes) {
  XmlInput input;
  if (bytes.starts_with(kUtf8Bom)) return input;  // a byte order mark outranks a declaration
  if (is_windows1252_label(declared_encoding(bytes))) {
    input.encoding = pugi::encoding_utf8;
    if (!is_valid_utf8(bytes)) {
      input.converted = windows1252_to_utf8(bytes);
      input.is_converted = true;
    }
  }
  return input;
}

// pugixml's offset into a converted document, as an offset into the original bytes: each
// original byte became one code point.
std::size_t original_offset(const XmlInput& input, std::size_t offset) {
  if (!input.is_converted) return offset;
  std::size_t original = 0;
  const std::size_t end = offset < input.converted.size() ? offset : input.converted.size();
  for (std::size_t i = 0; i < end; ++i) {
    if ((static_cast<unsigned char>(input.converted[i]) & 0xC0) != 0x80) ++original;
  }
  return original;
}

// ---- names and text ----

// The name of an element without its namespace prefix ("dc:date" gives "date").
std::string_view local_name(const pugi::xml_node& node) {
  const std::string_view name = node.name();
  const std::size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// HTML elements that sit inside a line of text: their tags are removed without a space, so
// "<b>Break</b>ing" stays one word. Every other tag separates words.
bool is_inline_element(std::string_view name) {
  static constexpr std::array<std::string_view, 24> kInline = {
      "a",   "abbr", "b", "bdi", "bdo",  "cite",  "code", "data",   "dfn", "em",  "font", "i",
      "kbd", "mark", "q", "s",   "samp", "small", "span", "strong", "sub", "sup", "time", "u",
  };
  const std::string lower = ascii_lower(name);
  for (const std::string_view known : kInline) {
    if (lower == known) return true;
  }
  return false;
}

// The text of an element and everything inside it (character data and CDATA), with a space
// where an element that is not inline starts or ends. Walks with parent links rather than
// recursion, so the depth of the document does not matter.
std::string element_text(const pugi::xml_node& root) {
  std::string out;
  pugi::xml_node node = root.first_child();
  while (node) {
    const pugi::xml_node_type type = node.type();
    if (type == pugi::node_pcdata || type == pugi::node_cdata) {
      out += node.value();
    } else if (type == pugi::node_element) {
      if (!is_inline_element(local_name(node))) out += ' ';
      if (node.first_child()) {
        node = node.first_child();
        continue;
      }
    }
    while (node != root && !node.next_sibling()) {
      node = node.parent();
      if (node != root && !is_inline_element(local_name(node))) out += ' ';
    }
    if (node == root) break;
    node = node.next_sibling();
  }
  return out;
}

// Named character references that turn up in feed titles; others are left as written.
struct NamedReference {
  std::string_view name;
  char32_t code_point;
};
constexpr std::array<NamedReference, 28> kNamedReferences = {{
    {"amp", U'&'},     {"lt", U'<'},       {"gt", U'>'},       {"quot", U'"'},
    {"apos", U'\''},   {"nbsp", 0x00A0},   {"ndash", 0x2013},  {"mdash", 0x2014},
    {"lsquo", 0x2018}, {"rsquo", 0x2019},  {"sbquo", 0x201A},  {"ldquo", 0x201C},
    {"rdquo", 0x201D}, {"bdquo", 0x201E},  {"hellip", 0x2026}, {"laquo", 0x00AB},
    {"raquo", 0x00BB}, {"lsaquo", 0x2039}, {"rsaquo", 0x203A}, {"copy", 0x00A9},
    {"reg", 0x00AE},   {"trade", 0x2122},  {"deg", 0x00B0},    {"middot", 0x00B7},
    {"bull", 0x2022},  {"euro", 0x20AC},   {"pound", 0x00A3},  {"shy", 0x00AD},
}};

// Reads a character reference at `pos` (which holds '&') into `out` and moves past it; false,
// with nothing read, when there is none. Numeric references to 0x80-0x9F mean windows-1252, as
// in HTML; NUL, surrogates and values past U+10FFFF become U+FFFD.
bool read_reference(std::string_view text, std::size_t& pos, std::string& out) {
  const std::size_t semicolon = text.find(';', pos);
  if (semicolon == std::string_view::npos || semicolon - pos > 12) return false;
  const std::string_view body = text.substr(pos + 1, semicolon - pos - 1);
  if (body.size() >= 2 && body[0] == '#') {
    const bool hex = body[1] == 'x' || body[1] == 'X';
    const std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 7) return false;
    std::uint32_t value = 0;
    for (const char c : digits) {
      int digit = -1;
      if (is_digit(c)) {
        digit = c - '0';
      } else if (hex && c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (hex && c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      }
      if (digit < 0) return false;
      value = value * (hex ? 16U : 10U) + static_cast<std::uint32_t>(digit);
    }
    if (value >= 0x80 && value < 0xA0) value = kWindows1252High[value - 0x80];
    append_utf8(out, static_cast<char32_t>(value));
    pos = semicolon + 1;
    return true;
  }
  for (const NamedReference& named : kNamedReferences) {
    if (body == named.name) {
      append_utf8(out, named.code_point);
      pos = semicolon + 1;
      return true;
    }
  }
  return false;
}

// HTML (already unescaped once by the XML parser) as text: tags and comments removed,
// character references decoded. Linear in the length of `html`, however it is broken.
std::string html_to_text(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  bool closing_bracket_left = true;  // false once no '>' follows: no more tags can close
  std::size_t pos = 0;
  while (pos < html.size()) {
    const char c = html[pos];
    if (c == '<' && pos + 1 < html.size()) {
      if (html.substr(pos).starts_with("<!--")) {
        const std::size_t end = html.find("-->", pos + 4);
        pos = end == std::string_view::npos ? html.size() : end + 3;
        continue;
      }
      const char next = html[pos + 1];
      if (closing_bracket_left && (is_alpha(next) || next == '/' || next == '!' || next == '?')) {
        const std::size_t close = html.find('>', pos);
        if (close == std::string_view::npos) {
          closing_bracket_left = false;
        } else {
          std::size_t name_start = pos + 1 + (next == '/' ? 1 : 0);
          std::size_t name_end = name_start;
          while (name_end < close && (is_alpha(html[name_end]) || is_digit(html[name_end]))) {
            ++name_end;
          }
          if (!is_inline_element(html.substr(name_start, name_end - name_start))) out += ' ';
          pos = close + 1;
          continue;
        }
      }
    }
    if (c == '&' && read_reference(html, pos, out)) continue;
    out += c;
    ++pos;
  }
  return out;
}

// How a title is written: plain text, escaped HTML, or XHTML elements (Atom's type="text",
// "html", "xhtml").
enum class TextKind { kText, kHtml, kXhtml };

TextKind atom_text_kind(const pugi::xml_node& node) {
  const std::string type = ascii_lower(trim_ascii(node.attribute("type").value()));
  if (type.find("xhtml") != std::string::npos) return TextKind::kXhtml;
  if (type.find("html") != std::string::npos) return TextKind::kHtml;
  return TextKind::kText;
}

std::string plain_text(const pugi::xml_node& node, TextKind kind) {
  const std::string text = element_text(node);
  return normalize_text(kind == TextKind::kHtml ? html_to_text(text) : text);
}

// ---- dates ----

// RFC 822 names of North American zones (section 5), which feeds still write and
// normalize_date_time does not read; the rest of the date goes to it as it is.
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kZoneNames = {{
    {"EST", "-0500"},
    {"EDT", "-0400"},
    {"CST", "-0600"},
    {"CDT", "-0500"},
    {"MST", "-0700"},
    {"MDT", "-0600"},
    {"PST", "-0800"},
    {"PDT", "-0700"},
}};

std::string feed_date(const pugi::xml_node& node) {
  std::string text = normalize_text(element_text(node));
  if (const std::size_t space = text.rfind(' '); space != std::string::npos) {
    const std::string_view zone = std::string_view(text).substr(space + 1);
    for (const auto& [name, offset] : kZoneNames) {
      if (zone == name) {
        text = text.substr(0, space + 1) + std::string(offset);
        break;
      }
    }
  }
  return normalize_date_time(text);
}

// ---- links ----

// A link as written in a feed, made fit to resolve: ASCII white space around it removed, tabs
// and line breaks inside it removed, spaces inside it written %20 (what browsers do).
std::string clean_reference(std::string_view text) {
  std::string out;
  for (const char c : trim_ascii(text)) {
    if (c == '\t' || c == '\n' || c == '\r') continue;
    if (c == ' ') {
      out += "%20";
    } else {
      out += c;
    }
  }
  return out;
}

// `reference` (found at `node`) as an absolute http(s) URL: resolved against the xml:base
// attributes of the node and its ancestors, outermost first, and the feed's URL under them.
// An xml:base that does not resolve is passed over. Empty when the link is not usable: empty,
// not http(s), or relative with no usable base.
std::string resolve_link(const pugi::xml_node& node, std::string_view reference,
                         std::string_view feed_url) {
  const std::string cleaned = clean_reference(reference);
  if (cleaned.empty()) return {};
  std::vector<std::string> bases;
  for (pugi::xml_node at = node; at; at = at.parent()) {
    if (const pugi::xml_attribute base = at.attribute("xml:base")) {
      bases.push_back(clean_reference(base.value()));
    }
  }
  std::string base(feed_url);
  for (auto it = bases.rbegin(); it != bases.rend(); ++it) {
    if (auto resolved = resolve_url(base, *it)) base = std::move(*resolved);
  }
  auto link = resolve_url(base, cleaned);
  return link ? std::move(*link) : std::string();
}

std::string trimmed_id(const pugi::xml_node& node) {
  return repair_utf8(trim_ascii(element_text(node)));
}

// ---- RSS 2.0 and RSS 1.0 ----

// An RSS <item> (2.0, 0.9x) or RDF <item> (1.0). Empty link when it has no usable one.
FeedEntry read_rss_item(const pugi::xml_node& item, std::string_view feed_url) {
  FeedEntry entry;
  pugi::xml_node title, pub_date, dc_date, guid;
  for (const pugi::xml_node& child : item.children()) {
    if (child.type() != pugi::node_element) continue;
    const std::string_view name = local_name(child);
    if (name == "title" && !title) {
      title = child;
    } else if (name == "link" && entry.link.empty()) {
      // The RSS <link> holds its URL as text; an atom:link inside an item holds it in href.
      std::string reference = element_text(child);
      const std::string_view rel = trim_ascii(child.attribute("rel").value());
      if (trim_ascii(reference).empty() && (rel.empty() || rel == "alternate")) {
        reference = child.attribute("href").value();
      }
      entry.link = resolve_link(child, reference, feed_url);
    } else if (name == "guid" && !guid) {
      guid = child;
    } else if (name == "pubDate" && !pub_date) {
      pub_date = child;
    } else if (name == "date" && !dc_date) {
      dc_date = child;
    }
  }
  const std::string guid_text = guid ? trimmed_id(guid) : std::string();
  entry.id = guid_text;
  if (entry.id.empty()) entry.id = repair_utf8(trim_ascii(item.attribute("rdf:about").value()));
  if (entry.link.empty() && !guid_text.empty()) {
    // isPermaLink is true when absent (RSS 2.0), but many feeds leave it out on guids that
    // are not URLs: without it, only an absolute http(s) guid is taken as the link.
    const std::string_view permalink = trim_ascii(guid.attribute("isPermaLink").value());
    if (permalink == "true" || (permalink.empty() && parse_url(guid_text))) {
      entry.link = resolve_link(guid, guid_text, feed_url);
    }
  }
  if (title) entry.title = plain_text(title, TextKind::kHtml);
  if (pub_date) entry.published = feed_date(pub_date);
  if (entry.published.empty() && dc_date) entry.published = feed_date(dc_date);
  return entry;
}

// RSS 2.0 keeps its items in <channel>; RSS 1.0 beside it, at the root. Both are read, in
// document order.
void read_rss(const pugi::xml_node& root, std::string_view feed_url, Feed& feed) {
  const auto add = [&](const pugi::xml_node& item) {
    FeedEntry entry = read_rss_item(item, feed_url);
    if (!entry.link.empty()) feed.entries.push_back(std::move(entry));
  };
  bool have_title = false;
  for (const pugi::xml_node& child : root.children()) {
    if (child.type() != pugi::node_element) continue;
    const std::string_view name = local_name(child);
    if (name == "item") {
      add(child);
    } else if (name == "channel") {
      for (const pugi::xml_node& inner : child.children()) {
        if (inner.type() != pugi::node_element) continue;
        const std::string_view inner_name = local_name(inner);
        if (inner_name == "item") {
          add(inner);
        } else if (inner_name == "title" && !have_title) {
          feed.title = plain_text(inner, TextKind::kHtml);
          have_title = true;
        }
      }
    }
  }
}

// ---- Atom ----

bool is_alternate(std::string_view rel) {
  return rel.empty() || rel == "alternate" ||
         rel == "http://www.iana.org/assignments/relation/alternate";
}

FeedEntry read_atom_entry(const pugi::xml_node& item, std::string_view feed_url) {
  FeedEntry entry;
  pugi::xml_node title, published, updated, id;
  std::vector<pugi::xml_node> alternates, others;
  for (const pugi::xml_node& child : item.children()) {
    if (child.type() != pugi::node_element) continue;
    const std::string_view name = local_name(child);
    if (name == "title" && !title) {
      title = child;
    } else if (name == "link") {
      (is_alternate(trim_ascii(child.attribute("rel").value())) ? alternates : others)
          .push_back(child);
    } else if (name == "id" && !id) {
      id = child;
    } else if (name == "published" && !published) {
      published = child;
    } else if (name == "updated" && !updated) {
      updated = child;
    }
  }
  // The first alternate link that is usable, else the first other link that is.
  for (const auto* links : {&alternates, &others}) {
    for (const pugi::xml_node& link : *links) {
      entry.link = resolve_link(link, link.attribute("href").value(), feed_url);
      if (!entry.link.empty()) break;
    }
    if (!entry.link.empty()) break;
  }
  if (title) entry.title = plain_text(title, atom_text_kind(title));
  if (id) entry.id = trimmed_id(id);
  if (published) entry.published = feed_date(published);
  if (entry.published.empty() && updated) entry.published = feed_date(updated);
  return entry;
}

void read_atom(const pugi::xml_node& root, std::string_view feed_url, Feed& feed) {
  bool have_title = false;
  for (const pugi::xml_node& child : root.children()) {
    if (child.type() != pugi::node_element) continue;
    const std::string_view name = local_name(child);
    if (name == "entry") {
      FeedEntry entry = read_atom_entry(child, feed_url);
      if (!entry.link.empty()) feed.entries.push_back(std::move(entry));
    } else if (name == "title" && !have_title) {
      feed.title = plain_text(child, atom_text_kind(child));
      have_title = true;
    }
  }
}

// A root element's name fit for a one-line message.
std::string shown_name(std::string_view name) {
  std::string out = repair_utf8(name.substr(0, 64));
  if (name.size() > 64) out += "...";
  return out;
}

}  // namespace

Result<Feed> parse_feed(std::string_view bytes, std::string_view url) {
  const XmlInput input = prepare_input(bytes);
  const std::string_view text = input.is_converted ? std::string_view(input.converted) : bytes;
  pugi::xml_document document;
  const pugi::xml_parse_result parsed =
      document.load_buffer(text.data(), text.size(), pugi::parse_default, input.encoding);

  // pugixml keeps what it read before an error, so an HTML page, which is rarely well-formed
  // XML, is still named by its root element.
  const pugi::xml_node root = document.document_element();
  const std::string_view root_name = root ? local_name(root) : std::string_view();
  const bool is_rss = root_name == "rss" || root_name == "RDF";
  const bool is_atom = root_name == "feed";
  if (root && !is_rss && !is_atom) {
    return fail("not an RSS or Atom feed: the root element is <{}>", shown_name(root.name()));
  }
  if (!parsed) {
    return fail("not an XML document: {} at byte {}", parsed.description(),
                original_offset(input, static_cast<std::size_t>(parsed.offset)));
  }
  Feed feed;
  if (is_atom) {
    read_atom(root, url, feed);
  } else {
    read_rss(root, url, feed);
  }
  return feed;
}

}  // namespace st
