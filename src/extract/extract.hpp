// Article extraction: raw captured bytes in, a structured Article out. Pure: no disk, no
// network; callers hand in the bytes and what they know of them.
#pragma once

#include <string>
#include <string_view>

#include "article/article.hpp"
#include "util/result.hpp"

namespace st {

enum class CaptureKind { html, text };

class SiteRules;

struct ExtractInput {
  std::string_view bytes;            // the capture exactly as saved or fetched
  std::string url;                   // where it came from, may be empty
  std::string content_type;          // the HTTP Content-Type when known ("text/html; charset=...")
  const SiteRules* rules = nullptr;  // the user's site rules, consulted before the built-in
};

// Decides whether a capture is an HTML page or plain text, from the content type when given,
// else from the bytes (a doctype, <html>, <head> or <body> near the start means HTML).
CaptureKind sniff_capture_kind(std::string_view bytes, std::string_view content_type);

// Extracts the article from an HTML page or from plain text (see extract_text). Fails with a
// message for the user on binary data, undecodable text, or a capture with no article text.
Result<Article> extract_article(const ExtractInput& input);

// Plain text: UTF-8 (a UTF-8 or UTF-16 byte order mark is honoured). The first paragraph is
// the headline, the rest are body paragraphs; paragraphs are separated by blank lines.
Result<Article> extract_text(const ExtractInput& input);

// An HTML page: the charset from the content type, a byte order mark or <meta>; metadata from
// JSON-LD, OpenGraph and <meta>; body blocks from the main article container.
Result<Article> extract_html(const ExtractInput& input);

// The version recorded in article.json, so revisions can be re-extracted by a later one.
inline constexpr std::string_view kHtmlExtractorName = "storytrail-html/2";
inline constexpr std::string_view kTextExtractorName = "storytrail-text/1";

}  // namespace st
