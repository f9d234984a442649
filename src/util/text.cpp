#include "util/text.hpp"

#include <fmt/format.h>

#include <utf8proc.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace st {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Decodes one code point at `pos`. Returns its length in bytes, or 0 when the sequence is
// ill-formed (the caller then skips one byte).
std::size_t decode(std::string_view s, std::size_t pos, char32_t& out) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 < 0x80) {
    out = b0;
    return 1;
  }
  std::size_t len;
  char32_t cp;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (pos + len > s.size()) return 0;
  for (std::size_t i = 1; i < len; ++i) {
    const auto b = static_cast<unsigned char>(s[pos + i]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  out = cp;
  return len;
}

char32_t read_code_point(std::string_view s, std::size_t& pos) {
  char32_t cp;
  const std::size_t len = decode(s, pos, cp);
  pos += len == 0 ? 1 : len;
  return len == 0 ? char32_t{0xFFFD} : cp;
}

// Characters that NFC never changes and that never combine with a neighbour: everything below
// the combining diacritical marks (U+0300), general punctuation from U+2010 (quotes, dashes,
// ellipsis; U+2000-U+200F are spaces and marks handled elsewhere) and currency signs.
bool is_nfc_stable(char32_t cp) {
  return cp < 0x300 || (cp >= 0x2010 && cp <= 0x206F) || (cp >= 0x20A0 && cp <= 0x20CF);
}

bool is_space(char32_t cp) {
  if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D)) return true;
  if (cp == 0x85 || cp == 0xA0 || cp == 0x1680 || cp == 0x2028 || cp == 0x2029) return true;
  if (cp >= 0x2000 && cp <= 0x200A) return true;
  return cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

// Invisible characters that carry no text: zero-width space, word joiner, byte order mark and
// soft hyphen. Zero-width joiner and non-joiner are kept: they change how Persian, Indic
// scripts and emoji are written.
bool is_dropped(char32_t cp) {
  return cp == 0x200B || cp == 0x2060 || cp == 0xFEFF || cp == 0x00AD;
}

// Other control characters (C0 and C1 except white space) are dropped too.
bool is_control(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0);
}

bool word_char(char32_t cp) {
  if (cp < 0x80) {  // most text: no table lookup
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  }
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

bool word_joiner(char32_t cp) {
  return cp == '\'' || cp == '-' || cp == 0x2019 /* ’ */ || cp == 0x2010 /* ‐ */;
}

}  // namespace

void append_utf8(std::string& out, char32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string_view trim_space(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n\f";
  const std::size_t begin = text.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(kSpace) - begin + 1);
}

bool is_valid_utf8(std::string_view bytes) {
  char32_t cp;
  for (std::size_t pos = 0; pos < bytes.size();) {
    // Most of a page is ASCII: step over it eight bytes at a time.
    while (pos + 8 <= bytes.size()) {
      std::uint64_t chunk;
      std::memcpy(&chunk, bytes.data() + pos, sizeof chunk);
      if ((chunk & 0x8080808080808080ull) != 0) break;
      pos += 8;
    }
    if (pos >= bytes.size()) break;
    const std::size_t len = decode(bytes, pos, cp);
    if (len == 0) return false;
    pos += len;
  }
  return true;
}

std::string repair_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  char32_t cp;
  for (std::size_t pos = 0; pos < bytes.size();) {
    const std::size_t len = decode(bytes, pos, cp);
    if (len == 0) {
      out += kReplacement;
      ++pos;
    } else {
      out.append(bytes.substr(pos, len));
      pos += len;
    }
  }
  return out;
}

std::string normalize_text(std::string_view text) {
  // Pass 1: repair, drop invisible characters, collapse white space.
  std::string collapsed;
  collapsed.reserve(text.size());
  bool pending_space = false;
  bool needs_nfc = false;
  for (std::size_t pos = 0; pos < text.size();) {
    const char32_t cp = next_code_point(text, pos);
    needs_nfc = needs_nfc || !is_nfc_stable(cp);
    if (is_space(cp)) {
      pending_space = !collapsed.empty();
      continue;
    }
    if (is_dropped(cp) || is_control(cp)) continue;
    if (pending_space) {
      collapsed += ' ';
      pending_space = false;
    }
    append_utf8(collapsed, cp);
  }
  // Pass 2: NFC, unless every character is one NFC leaves alone whatever surrounds it: the
  // common case for news text, whose only non-ASCII characters are often quotes and dashes.
  if (!needs_nfc || collapsed.empty()) return collapsed;
  utf8proc_uint8_t* composed = nullptr;
  const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(collapsed.data()),
                              static_cast<utf8proc_ssize_t>(collapsed.size()), &composed,
                              static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  // Cannot happen on repaired input; the text is kept rather than lost.
  if (n < 0) return collapsed;
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(composed, &std::free);
  return std::string(reinterpret_cast<const char*>(composed), static_cast<std::size_t>(n));
}

char32_t next_code_point(std::string_view s, std::size_t& pos) {
  return read_code_point(s, pos);
}

bool is_word_char(char32_t cp) {
  return word_char(cp);
}

bool is_bidi_control(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

namespace {

// Whether ASCII byte `b` is a control that printable() escapes.
bool escaped_ascii(unsigned char b, bool keep_lines) {
  return (b < 0x20 && !(keep_lines && (b == '\n' || b == '\t'))) || b == 0x7F;
}

bool needs_printing(std::string_view s, bool keep_lines) {
  for (std::size_t pos = 0; pos < s.size();) {
    const auto b = static_cast<unsigned char>(s[pos]);
    if (b < 0x80) {
      if (escaped_ascii(b, keep_lines)) return true;
      ++pos;
      continue;
    }
    char32_t cp = 0;
    const std::size_t n = decode(s, pos, cp);
    if (n == 0 || cp < 0xA0 || is_bidi_control(cp)) return true;
    pos += n;
  }
  return false;
}

}  // namespace

std::string printable(std::string_view bytes, bool keep_lines) {
  if (!needs_printing(bytes, keep_lines)) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size() + 16);
  for (std::size_t pos = 0; pos < bytes.size();) {
    const auto b = static_cast<unsigned char>(bytes[pos]);
    if (b < 0x80) {
      if (escaped_ascii(b, keep_lines)) {
        out += fmt::format("\\x{:02X}", b);
      } else {
        out += static_cast<char>(b);
      }
      ++pos;
      continue;
    }
    char32_t cp = 0;
    const std::size_t n = decode(bytes, pos, cp);
    if (n == 0) {
      out += fmt::format("\\x{:02X}", b);
      ++pos;
      continue;
    }
    if (cp < 0xA0) {
      out += fmt::format("\\u{:04X}", static_cast<unsigned>(cp));
    } else if (!is_bidi_control(cp)) {
      out.append(bytes.substr(pos, n));
    }
    pos += n;
  }
  return out;
}

bool is_word_joiner(char32_t cp) {
  return word_joiner(cp);
}

std::size_t count_words(std::string_view text) {
  std::size_t words = 0;
  bool in_word = false;
  bool joiner_pending = false;  // an apostrophe or hyphen right after a word character
  for (std::size_t pos = 0; pos < text.size();) {
    const char32_t cp = next_code_point(text, pos);
    if (is_word_char(cp)) {
      if (!in_word) ++words;
      in_word = true;
      joiner_pending = false;
    } else if (in_word && !joiner_pending && is_word_joiner(cp)) {
      joiner_pending = true;  // stays in the word if a word character follows
    } else {
      in_word = false;
      joiner_pending = false;
    }
  }
  return words;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         ascii_lower(text.substr(0, prefix.size())) == ascii_lower(prefix);
}

std::string title_case_if_all_caps(std::string_view text) {
  std::size_t letters = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const auto cp = static_cast<utf8proc_int32_t>(next_code_point(text, pos));
    const utf8proc_category_t category = utf8proc_category(cp);
    if (category == UTF8PROC_CATEGORY_LL) return std::string(text);
    if (category == UTF8PROC_CATEGORY_LU) ++letters;
  }
  if (letters < 2) return std::string(text);
  std::string out;
  out.reserve(text.size());
  bool after_letter = false;
  for (std::size_t pos = 0; pos < text.size();) {
    auto cp = static_cast<utf8proc_int32_t>(next_code_point(text, pos));
    const bool letter = utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
    if (letter && after_letter) cp = utf8proc_tolower(cp);
    after_letter = letter;
    append_utf8(out, static_cast<char32_t>(cp));
  }
  return out;
}

std::string comparison_key(std::string_view text) {
  const std::string normal = normalize_text(text);
  std::string key;
  key.reserve(normal.size());
  for (std::size_t i = 0; i < normal.size();) {
    const unsigned char c = static_cast<unsigned char>(normal[i]);
    if (c < 0x80) {
      key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
      ++i;
      continue;
    }
    // The characters folded here are all two bytes (U+00AB, U+00BB) or three (U+2010-201F).
    const std::string_view rest = std::string_view(normal).substr(i);
    if (rest.starts_with("\u00AB") || rest.starts_with("\u00BB")) {
      key += '"';
      i += 2;
    } else if (const unsigned char last =
                   rest.size() >= 3 ? static_cast<unsigned char>(rest[2]) : 0;
               c == 0xE2 && static_cast<unsigned char>(rest[1]) == 0x80 &&
               ((last >= 0x90 && last <= 0x95) || (last >= 0x98 && last <= 0x9F))) {
      // U+2010 + (last - 0x90): dashes up to U+2015, then single and double quotes.
      key += last <= 0x95 ? '-' : (last <= 0x9B ? '\'' : '"');
      i += 3;
    } else {
      key += normal[i];
      ++i;
    }
  }
  return key;
}

bool starts_upper(std::string_view text) {
  if (text.empty()) return false;
  std::size_t pos = 0;
  const auto category =
      utf8proc_category(static_cast<utf8proc_int32_t>(next_code_point(text, pos)));
  return category == UTF8PROC_CATEGORY_LU || category == UTF8PROC_CATEGORY_LT;
}

}  // namespace st
