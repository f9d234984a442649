// What must hold for every Article that st::extract_article returns, whatever bytes it was
// given, and the ways the fuzz target hands it those bytes. Shared by the libFuzzer target
// (src/fuzz/extract_fuzz.cpp) and the regression test over the inputs it found
// (tests/extract/fuzz_regression_test.cpp), so both check exactly the same things.
//
// Header-only on purpose: the fuzz target is built with clang and sanitizer coverage, the test
// with the normal compiler, and neither should need a library of its own for this.
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "article/article.hpp"
#include "extract/extract.hpp"
#include "util/text.hpp"

namespace st::fuzz {

// One way of handing a capture to the extractor.
struct ExtractCase {
  std::string_view label;  // for messages: "as given", "html", "text", "charset"
  ExtractInput input;
};

// Charset labels the "charset" case picks from: the ones browsers map to something else, ones
// iconv knows under its own name, stateful and multi-byte encodings, UTF-16 declared for bytes
// that may not be, and labels that are not charsets at all. 32 of them, so five bits of the
// first byte pick one.
inline constexpr std::array<std::string_view, 32> kFuzzCharsets{
    "utf-8",        "iso-8859-1", "windows-1252",    "windows-1251",   "koi8-r",
    "iso-8859-2",   "shift_jis",  "euc-jp",          "iso-2022-jp",    "gb2312",
    "gb18030",      "big5",       "euc-kr",          "utf-16",         "utf-16le",
    "utf-16be",     "utf-7",      "utf-32",          "ucs-2",          "iso-8859-8-i",
    "tis-620",      "macintosh",  "cp437",           "x-user-defined", "\"utf-8\"",
    "'latin1'",     "",           "utf-8//translit", "bogus-charset",  "iso-2022-kr",
    "utf-16be;x=1", "  UTF-8  "};

// The cases tried for each input:
// - "as given": no content type, so the extractor sniffs HTML or text from the bytes;
// - "html" and "text": the content type decides, as when a server states it;
// - "charset": the first byte picks a charset label (low five bits) and text/html or
//   text/plain (the next bit) for the content type; the rest of the bytes are the capture.
// `bytes` must outlive the returned cases (they point into it).
inline std::vector<ExtractCase> extract_cases(std::string_view bytes) {
  std::vector<ExtractCase> cases;
  cases.push_back({"as given", {bytes, "https://news.example.com/world/2024/story.html", ""}});
  cases.push_back({"html", {bytes, "", "text/html"}});
  cases.push_back({"text", {bytes, "", "text/plain"}});
  if (!bytes.empty()) {
    const auto selector = static_cast<unsigned char>(bytes.front());
    const std::string_view charset = kFuzzCharsets[selector % kFuzzCharsets.size()];
    const std::string_view type =
        (selector / kFuzzCharsets.size()) % 2 == 0 ? "text/html" : "text/plain";
    cases.push_back({"charset",
                     {bytes.substr(1), "/relative/path",
                      std::string(type) + "; charset=" + std::string(charset)}});
  }
  return cases;
}

// The first broken invariant of an extracted article, described for a person; empty when all
// hold. The invariants:
// - every stored string (headline, standfirst, bylines, metadata, block texts) is valid UTF-8:
//   article.json cannot be written otherwise;
// - the headline, standfirst and bylines are one line each: canonical_text separates its parts
//   with blank lines, so a line break inside one would change where the parts are;
// - every block's text is non-empty and normalized (normalize_text gives it back unchanged),
//   as Block promises;
// - canonical_text ends in a newline;
// - article_to_json, written out as text and parsed back with article_from_json, gives an equal
//   Article.
inline std::string article_violation(const Article& article) {
  const auto check_string = [](std::string_view what, const std::string& text,
                               bool one_line) -> std::string {
    if (!is_valid_utf8(text)) return std::string(what) + " is not valid UTF-8";
    if (one_line && text.find_first_of("\r\n") != std::string::npos) {
      return std::string(what) + " holds a line break";
    }
    return {};
  };
  const std::array<std::pair<std::string_view, const std::string*>, 9> fields{{
      {"url", &article.url},
      {"canonical_url", &article.canonical_url},
      {"site", &article.site},
      {"headline", &article.headline},
      {"standfirst", &article.standfirst},
      {"published", &article.published},
      {"modified", &article.modified},
      {"language", &article.language},
      {"extractor", &article.extractor},
  }};
  for (const auto& [what, text] : fields) {
    const bool one_line = what == "headline" || what == "standfirst";
    if (std::string problem = check_string(what, *text, one_line); !problem.empty()) {
      return problem;
    }
  }
  for (std::size_t i = 0; i < article.bylines.size(); ++i) {
    const std::string what = "byline " + std::to_string(i);
    if (std::string problem = check_string(what, article.bylines[i], true); !problem.empty()) {
      return problem;
    }
  }
  for (std::size_t i = 0; i < article.body.size(); ++i) {
    const std::string what = "block " + std::to_string(i);  // 0-based
    const std::string& text = article.body[i].text;
    if (std::string problem = check_string(what, text, true); !problem.empty()) return problem;
    if (text.empty()) return what + " is empty";
    if (normalize_text(text) != text) return what + " is not normalized: '" + text + "'";
  }

  const std::string canonical = canonical_text(article);
  if (canonical.empty() || canonical.back() != '\n') {
    return "canonical_text does not end in a newline";
  }

  std::string json_text;
  try {
    json_text = article_to_json(article).dump();
  } catch (const std::exception& e) {
    return std::string("article_to_json cannot be written out: ") + e.what();
  }
  nlohmann::json parsed;
  try {
    parsed = nlohmann::json::parse(json_text);
  } catch (const std::exception& e) {
    return std::string("article.json does not parse back: ") + e.what();
  }
  const Result<Article> read_back = article_from_json(parsed);
  if (!read_back.ok()) {
    return "article_from_json rejects article_to_json's output: " + read_back.error().message;
  }
  if (*read_back != article) {
    return "article_from_json(article_to_json(a)) differs from a: " + json_text;
  }
  return {};
}

// Runs the extractor on one case and checks its result; empty when the invariants hold (a
// failure to extract is a valid outcome). Exceptions are violations too: extract_article
// reports expected failures as values. With `twice`, also extracts a second time and checks
// that the result is the same, since captures are compared by their extracted text.
inline std::string extraction_violation(const ExtractInput& input, bool twice) {
  try {
    const Result<Article> result = extract_article(input);
    if (!result.ok()) {
      if (result.error().message.empty()) return "extraction failed with an empty message";
      return {};
    }
    if (std::string problem = article_violation(*result); !problem.empty()) return problem;
    if (twice) {
      const Result<Article> again = extract_article(input);
      if (!again.ok() || *again != *result) return "a second extraction gives another result";
    }
    return {};
  } catch (const std::exception& e) {
    return std::string("extract_article threw: ") + e.what();
  }
}

}  // namespace st::fuzz
