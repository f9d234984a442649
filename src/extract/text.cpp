// extract_text: plain text in, an Article out. The first paragraph is the headline; the others
// are the body.

#include "util/text.hpp"

#include <string>

#include "extract/charset.hpp"
#include "extract/extract.hpp"

namespace st {
namespace {

// The text as UTF-8: converted from UTF-16 after a byte order mark, taken as it is when it is
// valid UTF-8, else converted from the charset the Content-Type names, if it names one.
Result<std::string> text_as_utf8(const ExtractInput& input) {
  const ByteOrderMark bom = detect_byte_order_mark(input.bytes);
  const std::string_view bytes = input.bytes.substr(bom.length);
  if (bom.charset.starts_with("utf-16")) return decode_to_utf8(bytes, bom.charset);
  if (is_valid_utf8(bytes)) return std::string(bytes);
  // A declared legacy charset is believed only for bytes that are not UTF-8: servers often
  // label UTF-8 text as ISO-8859-1.
  const std::string declared = charset_from_content_type(input.content_type);
  if (!bom.charset.empty() || declared.empty() || iconv_charset_name(declared) == "UTF-8") {
    return fail("the text is not valid UTF-8 (convert it first, for example with iconv)");
  }
  return decode_to_utf8(bytes, declared);
}

// Paragraphs separated by lines that are empty or only white space; the lines of a paragraph
// are joined with spaces. Every paragraph is normalized; empty ones are left out.
std::vector<std::string> split_paragraphs(std::string_view text) {
  std::vector<std::string> paragraphs;
  std::string current;
  const auto finish = [&] {
    std::string paragraph = normalize_text(current);
    if (!paragraph.empty()) paragraphs.push_back(std::move(paragraph));
    current.clear();
  };
  std::size_t pos = 0;
  while (pos <= text.size()) {
    // A line ends at "\n", "\r\n" or a lone "\r".
    std::size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    if (normalize_text(line).empty()) {
      finish();
    } else {
      current += line;
      current += ' ';
    }
    if (end < text.size() && text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') {
      ++end;
    }
    pos = end + 1;
  }
  finish();
  return paragraphs;
}

}  // namespace

Result<Article> extract_text(const ExtractInput& input) {
  auto text = text_as_utf8(input);
  if (!text) return std::move(text).error();
  std::vector<std::string> paragraphs = split_paragraphs(*text);
  if (paragraphs.empty())
    return fail("no article text found: the text is empty or only white space");
  Article article;
  article.url = input.url;
  article.extractor = std::string(kTextExtractorName);
  article.headline = std::move(paragraphs.front());
  for (std::size_t i = 1; i < paragraphs.size(); ++i) {
    article.body.push_back(Block{BlockKind::paragraph, std::move(paragraphs[i])});
  }
  return article;
}

}  // namespace st
