// Unicode text helpers shared by every module. Pure functions over UTF-8 strings.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace st {

// True when `bytes` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool is_valid_utf8(std::string_view bytes);

// `text` without the ASCII white space (space, tab, CR, LF, form feed) at its ends.
std::string_view trim_space(std::string_view text);

// Replaces every ill-formed sequence with U+FFFD; well-formed input comes back unchanged.
std::string repair_utf8(std::string_view bytes);

// Text that is safe to show on a terminal, in HTML or in a feed, from any bytes:
//   - bidirectional embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069)
//     are removed, so that hostile text cannot display in another order than it reads;
//   - bytes that are not UTF-8 are written as \xNN, C0 controls and DEL as \xNN (tab and line
//     feed are kept when `keep_lines`), C1 controls (U+0080-U+009F) as \u00NN, so that no
//     escape sequence reaches a terminal and the result is always valid UTF-8.
// Everything else comes back unchanged; text that needs none of this is returned as it is.
std::string printable(std::string_view bytes, bool keep_lines = false);

// Whether `cp` is a bidirectional embedding, override or isolate control (see printable).
bool is_bidi_control(char32_t cp);

// The normal form of all stored text: valid UTF-8, Unicode NFC, zero-width characters and soft
// hyphens removed, every run of Unicode white space (including no-break spaces, tabs and
// newlines) collapsed to one ASCII space, no leading or trailing space. Typographic quotes and
// dashes are kept as written.
std::string normalize_text(std::string_view text);

// The number of words: maximal runs of letters, marks and digits (Unicode categories L, M, N),
// with an apostrophe or hyphen between two such characters kept inside the word.
std::size_t count_words(std::string_view text);

// Reads the code point at `pos` of UTF-8 text and moves past it; an ill-formed byte reads as
// U+FFFD (and moves one byte).
char32_t next_code_point(std::string_view text, std::size_t& pos);

// Letters, marks and digits (Unicode categories L, M, N): what words are made of.
bool is_word_char(char32_t cp);

// An apostrophe or hyphen, which stays inside a word between two word characters.
bool is_word_joiner(char32_t cp);

// Whether the first character of `text` is an upper-case or title-case letter (Unicode Lu, Lt).
bool starts_upper(std::string_view text);

// Appends code point `cp` as UTF-8; NUL, surrogates and values past U+10FFFF become U+FFFD.
void append_utf8(std::string& out, char32_t cp);

// ASCII lower case; other bytes are left alone.
std::string ascii_lower(std::string_view text);

bool starts_with_ci(std::string_view text, std::string_view prefix);

// A name written in capitals in title case ("JEAN-LUC O'NEIL" gives "Jean-Luc O'Neil"):
// each letter after a letter is lowered. Text with any lower-case letter, or fewer than two
// letters, comes back as it is.
std::string title_case_if_all_caps(std::string_view text);

// A key under which two spellings of the same text compare equal: `text` normalised
// (normalize_text), ASCII letters in lower case, typographic single and double quotes
// (U+2018-201F, U+00AB, U+00BB) as ' and ", and the dashes U+2010-2015 as '-'.
std::string comparison_key(std::string_view text);

}  // namespace st
