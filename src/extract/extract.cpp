// extract_article: decides what a capture is and hands it to the HTML or the text extractor,
// after turning away captures that are not text at all.

#include "extract/extract.hpp"

#include <array>
#include <optional>

#include "extract/charset.hpp"
#include "util/text.hpp"

namespace st {
namespace {

// How far into a capture sniff_capture_kind looks for an <html> or <body> tag, in bytes.
constexpr std::size_t kSniffLimit = 2048;

// Binary formats that get saved by mistake, recognised by their first bytes.
struct FileSignature {
  std::string_view magic;
  std::string_view description;
};
constexpr std::array<FileSignature, 8> kBinarySignatures{{
    {"%PDF-", "a PDF document"},
    {"\x1f\x8b", "gzip-compressed data (decompress it first, for example with gunzip)"},
    {"PK\x03\x04", "a ZIP archive"},
    {"\x89PNG\r\n\x1a\n", "a PNG image"},
    {"\xFF\xD8\xFF", "a JPEG image"},
    {"GIF87a", "a GIF image"},
    {"GIF89a", "a GIF image"},
    {"\x28\xB5\x2F\xFD", "zstd-compressed data (decompress it first, for example with unzstd)"},
}};

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// The media type of a Content-Type value in lower case: "text/html; charset=x" gives
// "text/html".
std::string media_type(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && is_ascii_space(type.front())) type.remove_prefix(1);
  while (!type.empty() && is_ascii_space(type.back())) type.remove_suffix(1);
  return ascii_lower(type);
}

// Text control characters: C0 bytes other than tab, line feed, vertical tab, form feed,
// carriage return and escape (which ISO-2022 encodings use).
bool is_binary_control(unsigned char c) {
  return c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r' && c != 0x1B;
}

// An error when `bytes` are clearly not text: a known binary file signature, a NUL byte, or
// control characters in more than 1 byte in 100 (at least 4 of them).
std::optional<Error> binary_data_error(std::string_view bytes) {
  for (const FileSignature& signature : kBinarySignatures) {
    if (bytes.starts_with(signature.magic)) {
      return fail("the file looks like {}, not an HTML page or text", signature.description);
    }
  }
  // UTF-16 is full of NUL and other low bytes; judge it by what it decodes to.
  const ByteOrderMark bom = detect_byte_order_mark(bytes);
  std::string decoded;
  if (bom.charset.starts_with("utf-16")) {
    decoded = decode_to_utf8(bytes.substr(bom.length), bom.charset);
    bytes = decoded;
  }
  std::size_t controls = 0;
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == 0) return fail("the file looks like binary data, not an HTML page or text");
    if (is_binary_control(byte)) ++controls;
  }
  if (controls >= 4 && controls * 100 > bytes.size()) {
    return fail("the file looks like binary data, not an HTML page or text");
  }
  return std::nullopt;
}

}  // namespace

CaptureKind sniff_capture_kind(std::string_view bytes, std::string_view content_type) {
  const std::string type = media_type(content_type);
  if (type == "text/html" || type == "application/xhtml+xml") return CaptureKind::html;
  if (type == "text/plain") return CaptureKind::text;

  const ByteOrderMark bom = detect_byte_order_mark(bytes);
  std::string head;
  if (bom.charset.starts_with("utf-16")) {
    head = decode_to_utf8(bytes.substr(bom.length, 2 * kSniffLimit), bom.charset);
  } else {
    head = std::string(bytes.substr(bom.length, kSniffLimit));
  }
  head = ascii_lower(head);
  std::string_view start = head;
  while (!start.empty() && is_ascii_space(start.front())) start.remove_prefix(1);
  for (const std::string_view opening :
       {"<!doctype html", "<html", "<head", "<body", "<meta", "<!--"}) {
    if (start.starts_with(opening)) return CaptureKind::html;
  }
  for (const std::string_view tag : {"<html", "<body"}) {
    for (std::size_t pos = head.find(tag); pos != std::string::npos;
         pos = head.find(tag, pos + 1)) {
      const std::size_t after = pos + tag.size();
      if (after >= head.size() || is_ascii_space(head[after]) || head[after] == '>' ||
          head[after] == '/') {
        return CaptureKind::html;
      }
    }
  }
  return CaptureKind::text;
}

Result<Article> extract_article(const ExtractInput& input) {
  if (input.bytes.empty()) return fail("the file is empty");
  if (auto error = binary_data_error(input.bytes)) return std::move(*error);
  if (sniff_capture_kind(input.bytes, input.content_type) == CaptureKind::html) {
    return extract_html(input);
  }
  return extract_text(input);
}

}  // namespace st
