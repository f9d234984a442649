#include "extract/charset.hpp"

#include <iconv.h>

#include <array>
#include <cerrno>
#include <optional>
#include <utility>

#include "util/text.hpp"

namespace st {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// How far into a page a <meta> charset declaration is looked for, in bytes.
constexpr std::size_t kMetaScanLimit = 4096;

// Owns an iconv conversion descriptor.
class IconvConverter {
 public:
  // A converter from `charset` (an iconv name) to UTF-8; nullopt when iconv does not know it.
  static std::optional<IconvConverter> open(const std::string& charset) {
    const iconv_t handle = iconv_open("UTF-8", charset.c_str());
    if (handle == invalid()) return std::nullopt;
    return IconvConverter(handle);
  }

  IconvConverter(IconvConverter&& other) noexcept
      : handle_(std::exchange(other.handle_, invalid())) {}
  IconvConverter& operator=(IconvConverter&& other) noexcept {
    std::swap(handle_, other.handle_);
    return *this;
  }
  IconvConverter(const IconvConverter&) = delete;
  IconvConverter& operator=(const IconvConverter&) = delete;
  ~IconvConverter() {
    if (handle_ != invalid()) iconv_close(handle_);
  }

  // Converts all of `bytes`; `unit` is the size in bytes of one code unit of the source
  // charset (2 for UTF-16), skipped with a U+FFFD in its place when it cannot be converted.
  std::string convert(std::string_view bytes, std::size_t unit) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 2);
    // iconv's interface takes a non-const input pointer but does not write through it.
    char* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    std::array<char, 16384> buffer;
    while (in_left > 0) {
      char* out_ptr = buffer.data();
      std::size_t out_left = buffer.size();
      const std::size_t result = iconv(handle_, &in, &in_left, &out_ptr, &out_left);
      const int error = errno;
      out.append(buffer.data(), static_cast<std::size_t>(out_ptr - buffer.data()));
      if (result != static_cast<std::size_t>(-1) || error == E2BIG) continue;
      out += kReplacement;
      if (error == EINVAL) break;  // an incomplete sequence at the very end
      const std::size_t skip = unit < in_left ? unit : in_left;  // EILSEQ or anything else
      in += skip;
      in_left -= skip;
      iconv(handle_, nullptr, nullptr, nullptr, nullptr);  // back to the initial shift state
    }
    char* out_ptr = buffer.data();
    std::size_t out_left = buffer.size();
    iconv(handle_, nullptr, nullptr, &out_ptr, &out_left);  // flush a pending shift sequence
    out.append(buffer.data(), static_cast<std::size_t>(out_ptr - buffer.data()));
    return out;
  }

 private:
  explicit IconvConverter(iconv_t handle) : handle_(handle) {}
  static iconv_t invalid() { return reinterpret_cast<iconv_t>(-1); }

  iconv_t handle_;
};

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_ascii_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ascii_space(s.back())) s.remove_suffix(1);
  return s;
}

// Case-insensitive search for an ASCII `needle` (given in lower case).
std::size_t find_ci(std::string_view haystack, std::string_view needle, std::size_t from = 0) {
  if (needle.size() > haystack.size()) return std::string_view::npos;
  for (std::size_t i = from; i + needle.size() <= haystack.size(); ++i) {
    bool match = true;
    for (std::size_t j = 0; j < needle.size() && match; ++j) {
      char c = haystack[i + j];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      match = c == needle[j];
    }
    if (match) return i;
  }
  return std::string_view::npos;
}

// The value after "charset=" in a Content-Type value; empty when there is none.
std::string charset_parameter(std::string_view value) {
  std::size_t pos = 0;
  while ((pos = find_ci(value, "charset", pos)) != std::string_view::npos) {
    std::size_t i = pos + 7;
    while (i < value.size() && is_ascii_space(value[i])) ++i;
    if (i >= value.size() || value[i] != '=') {
      pos = i;
      continue;
    }
    ++i;
    while (i < value.size() && is_ascii_space(value[i])) ++i;
    if (i >= value.size()) return {};
    std::string_view rest = value.substr(i);
    if (rest.front() == '"' || rest.front() == '\'') {
      const char quote = rest.front();
      rest.remove_prefix(1);
      const auto end = rest.find(quote);
      return ascii_lower(trim(rest.substr(0, end)));
    }
    std::size_t end = 0;
    while (end < rest.size() && !is_ascii_space(rest[end]) && rest[end] != ';' &&
           rest[end] != '"' && rest[end] != '\'') {
      ++end;
    }
    return ascii_lower(rest.substr(0, end));
  }
  return {};
}

// One attribute of a tag, read as the HTML prescan does. `pos` is moved past it.
struct TagAttribute {
  std::string name;  // lower case; empty at the end of the tag
  std::string value;
};

TagAttribute read_attribute(std::string_view s, std::size_t& pos) {
  TagAttribute attr;
  while (pos < s.size() && (is_ascii_space(s[pos]) || s[pos] == '/')) ++pos;
  if (pos >= s.size() || s[pos] == '>') return attr;
  while (pos < s.size() && !is_ascii_space(s[pos]) && s[pos] != '=' && s[pos] != '>' &&
         (s[pos] != '/' || attr.name.empty())) {
    attr.name += s[pos];
    ++pos;
  }
  attr.name = ascii_lower(attr.name);
  while (pos < s.size() && is_ascii_space(s[pos])) ++pos;
  if (pos >= s.size() || s[pos] != '=') return attr;
  ++pos;
  while (pos < s.size() && is_ascii_space(s[pos])) ++pos;
  if (pos >= s.size()) return attr;
  if (s[pos] == '"' || s[pos] == '\'') {
    const char quote = s[pos++];
    const std::size_t end = s.find(quote, pos);
    const std::size_t stop = end == std::string_view::npos ? s.size() : end;
    attr.value = std::string(s.substr(pos, stop - pos));
    pos = stop == s.size() ? stop : stop + 1;
    return attr;
  }
  while (pos < s.size() && !is_ascii_space(s[pos]) && s[pos] != '>') attr.value += s[pos++];
  return attr;
}

// The charset a <meta> tag declares (its attributes start at `pos`); empty when none.
std::string meta_tag_charset(std::string_view s, std::size_t& pos) {
  std::string charset;
  std::string content;
  bool content_type_pragma = false;
  for (;;) {
    const TagAttribute attr = read_attribute(s, pos);
    if (attr.name.empty()) break;
    if (attr.name == "charset" && charset.empty()) {
      charset = ascii_lower(trim(attr.value));
    } else if (attr.name == "http-equiv") {
      content_type_pragma = ascii_lower(trim(attr.value)) == "content-type";
    } else if (attr.name == "content" && content.empty()) {
      content = attr.value;
    }
  }
  if (!charset.empty()) return charset;
  if (content_type_pragma) return charset_parameter(content);
  return {};
}

bool is_utf16_label(std::string_view name) {
  return name == "UTF-16LE" || name == "UTF-16BE";
}

bool has_non_ascii(std::string_view bytes) {
  for (const char c : bytes) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

bool is_supported(std::string_view label) {
  const std::string name = iconv_charset_name(label);
  return name == "UTF-8" || IconvConverter::open(name).has_value();
}

struct CharsetAlias {
  std::string_view label;
  std::string_view iconv_name;
};

// Labels browsers read as a different (usually larger) charset than the name says, after the
// WHATWG Encoding Standard. Everything not listed goes to iconv as written.
constexpr std::array<CharsetAlias, 52> kAliases{{
    {"utf-8", "UTF-8"},
    {"utf8", "UTF-8"},
    {"unicode-1-1-utf-8", "UTF-8"},
    {"unicode11utf8", "UTF-8"},
    {"unicode20utf8", "UTF-8"},
    {"x-unicode20utf8", "UTF-8"},
    {"ansi_x3.4-1968", "CP1252"},
    {"ascii", "CP1252"},
    {"us-ascii", "CP1252"},
    {"cp1252", "CP1252"},
    {"windows-1252", "CP1252"},
    {"x-cp1252", "CP1252"},
    {"cp819", "CP1252"},
    {"ibm819", "CP1252"},
    {"csisolatin1", "CP1252"},
    {"iso-8859-1", "CP1252"},
    {"iso8859-1", "CP1252"},
    {"iso88591", "CP1252"},
    {"iso_8859-1", "CP1252"},
    {"iso_8859-1:1987", "CP1252"},
    {"iso-ir-100", "CP1252"},
    {"l1", "CP1252"},
    {"latin1", "CP1252"},
    {"iso-8859-9", "CP1254"},
    {"iso8859-9", "CP1254"},
    {"latin5", "CP1254"},
    {"l5", "CP1254"},
    {"windows-1254", "CP1254"},
    {"tis-620", "CP874"},
    {"iso-8859-11", "CP874"},
    {"windows-874", "CP874"},
    {"gb2312", "GB18030"},
    {"gb_2312", "GB18030"},
    {"gb_2312-80", "GB18030"},
    {"gbk", "GB18030"},
    {"x-gbk", "GB18030"},
    {"chinese", "GB18030"},
    {"gb18030", "GB18030"},
    {"euc-kr", "CP949"},
    {"ks_c_5601-1987", "CP949"},
    {"windows-949", "CP949"},
    {"shift_jis", "CP932"},
    {"shift-jis", "CP932"},
    {"sjis", "CP932"},
    {"x-sjis", "CP932"},
    {"ms_kanji", "CP932"},
    {"windows-31j", "CP932"},
    {"big5", "BIG5-HKSCS"},
    {"big5-hkscs", "BIG5-HKSCS"},
    {"utf-16", "UTF-16LE"},
    {"utf-16le", "UTF-16LE"},
    {"utf-16be", "UTF-16BE"},
}};

}  // namespace

ByteOrderMark detect_byte_order_mark(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) return {"utf-8", 3};
  if (bytes.starts_with("\xFF\xFE")) return {"utf-16le", 2};
  if (bytes.starts_with("\xFE\xFF")) return {"utf-16be", 2};
  return {};
}

std::string charset_from_content_type(std::string_view content_type) {
  return charset_parameter(content_type);
}

std::string sniff_html_charset(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, kMetaScanLimit);
  std::size_t pos = 0;
  while ((pos = head.find('<', pos)) != std::string_view::npos) {
    const std::string_view rest = head.substr(pos);
    if (rest.starts_with("<!--")) {
      const std::size_t end = head.find("-->", pos + 4);
      if (end == std::string_view::npos) break;
      pos = end + 3;
      continue;
    }
    if (find_ci(rest.substr(0, 5), "<meta") == 0 && rest.size() > 5 &&
        (is_ascii_space(rest[5]) || rest[5] == '/')) {
      pos += 5;
      std::string charset = meta_tag_charset(head, pos);
      if (!charset.empty()) {
        // A page readable as ASCII cannot be UTF-16, whatever it says.
        if (charset.starts_with("utf-16")) return "utf-8";
        return charset;
      }
      continue;
    }
    if (rest.size() > 1 &&
        ((rest[1] >= 'a' && rest[1] <= 'z') || (rest[1] >= 'A' && rest[1] <= 'Z'))) {
      // Another tag: step over its attributes, whose quoted values may hold '>'.
      pos += 1;
      while (pos < head.size() && !is_ascii_space(head[pos]) && head[pos] != '>') ++pos;
      while (!read_attribute(head, pos).name.empty()) {
      }
      continue;
    }
    ++pos;
  }
  return {};
}

std::string iconv_charset_name(std::string_view label) {
  const std::string lower = ascii_lower(trim(label));
  for (const auto& alias : kAliases) {
    if (alias.label == lower) return std::string(alias.iconv_name);
  }
  // Pass on only what can be a charset name: iconv reads suffixes such as "//TRANSLIT".
  std::string name;
  for (const char c : lower) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                    c == '.' || c == ':';
    if (!ok) return "UTF-8";
    name += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  if (name.empty() || name.size() > 40) return "UTF-8";
  return name;
}

std::string decode_to_utf8(std::string_view bytes, std::string_view charset) {
  const std::string name = iconv_charset_name(charset);
  if (name != "UTF-8") {
    if (auto converter = IconvConverter::open(name)) {
      std::string out = converter->convert(bytes, is_utf16_label(name) ? 2 : 1);
      // iconv writes valid UTF-8; the check only guards against a broken converter module.
      return is_valid_utf8(out) ? out : repair_utf8(out);
    }
  }
  return is_valid_utf8(bytes) ? std::string(bytes) : repair_utf8(bytes);
}

std::string html_charset(std::string_view bytes, std::string_view content_type) {
  const ByteOrderMark bom = detect_byte_order_mark(bytes);
  if (!bom.charset.empty()) return std::string(bom.charset);
  std::string declared = charset_from_content_type(content_type);
  if (declared.empty() || !is_supported(declared)) declared = sniff_html_charset(bytes);
  if (declared.empty() || !is_supported(declared)) return "utf-8";
  // Text in a legacy charset is practically never valid UTF-8 once it has bytes above 127, so
  // such bytes are UTF-8 whatever the page says (pages converted without their declaration).
  const std::string name = iconv_charset_name(declared);
  if (name != "UTF-8" && !is_utf16_label(name) && has_non_ascii(bytes) && is_valid_utf8(bytes)) {
    return "utf-8";
  }
  return declared;
}

}  // namespace st
