// Character encodings of captured pages: finding out which one a capture uses and converting it
// to UTF-8. Pure functions; the conversion uses glibc's iconv.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace st {

// A byte order mark at the start of a capture.
struct ByteOrderMark {
  std::string_view charset;  // "utf-8", "utf-16le" or "utf-16be"; empty when there is none
  std::size_t length = 0;    // bytes taken by the mark: 0, 2 or 3
};

ByteOrderMark detect_byte_order_mark(std::string_view bytes);

// The charset parameter of an HTTP Content-Type ("text/html; charset="UTF-8"" gives "utf-8"),
// lower case, unquoted; empty when there is none.
std::string charset_from_content_type(std::string_view content_type);

// The charset an HTML page declares in its first 4 KiB: <meta charset=...> or
// <meta http-equiv="Content-Type" content="...; charset=...">, lower case; empty when neither
// is there. Comments are skipped. A declared UTF-16 means UTF-8 (as in browsers: a page that
// can be read as ASCII to find the declaration is not UTF-16).
std::string sniff_html_charset(std::string_view bytes);

// The iconv name for a charset label as browsers read it: labels are case-insensitive,
// "iso-8859-1", "latin1" and "us-ascii" mean windows-1252, "gb2312" means GB18030, and so on.
// "UTF-8" for every UTF-8 label; the label itself, upper case, when it is not one we map.
std::string iconv_charset_name(std::string_view label);

// Converts `bytes` (without a byte order mark) from `charset` to UTF-8. Never fails: a sequence
// the charset does not define becomes U+FFFD, and an empty or unknown charset is read as UTF-8
// with every ill-formed sequence replaced by U+FFFD. The result is always valid UTF-8.
std::string decode_to_utf8(std::string_view bytes, std::string_view charset);

// The charset of an HTML capture, in the order that decides it: a byte order mark (it cannot
// be mistaken, so it wins as in browsers), the Content-Type charset, a <meta> declaration, and
// else UTF-8. Declarations of charsets iconv does not know are passed over. One exception:
// bytes that are valid UTF-8 and not plain ASCII are UTF-8 whatever is declared, since text in
// a legacy charset is practically never valid UTF-8 (such pages were converted and kept their
// old declaration). Returns a label for decode_to_utf8.
std::string html_charset(std::string_view bytes, std::string_view content_type);

}  // namespace st
