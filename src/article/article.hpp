// The structured article: what the extractor produces, the store records (article.json,
// article.txt), and the diff and summary modules compare. Plain value types.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace st {

enum class BlockKind {
  paragraph,
  heading,    // a sub-heading inside the body
  quote,      // a block quotation (pull quotes are chrome and are not kept)
  list_item,  // one item of a bulleted or numbered list
  caption,    // the caption of an image or video
  embed,      // an embedded post (a tweet, an Instagram post) given as text
};

std::string_view block_kind_name(BlockKind kind);
// Accepts the names block_kind_name() gives ("paragraph", "list_item", ...).
Result<BlockKind> block_kind_from_name(std::string_view name);

struct Block {
  BlockKind kind = BlockKind::paragraph;
  std::string text;  // normalized (see normalize_text): one line, never empty
  bool operator==(const Block&) const = default;
};

struct Article {
  std::string url;            // where the capture came from, as given; may be empty
  std::string canonical_url;  // the page's own canonical URL when it states one
  std::string site;           // the publication's name ("Al Jazeera")
  std::string headline;
  std::string standfirst;            // the summary line under the headline (dek), may be empty
  std::vector<std::string> bylines;  // author names, in page order
  std::string published;             // ISO 8601 as the page states it, may be empty
  std::string modified;              // ISO 8601 as the page states it, may be empty
  std::string language;              // BCP 47 tag ("en"), may be empty
  std::vector<Block> body;
  std::string extractor;  // name and version of what produced this ("storytrail-html/2")
  bool operator==(const Article&) const = default;
};

// The byline as one line of text: "By A", "By A and B", "By A, B and C"; empty without names.
std::string byline_text(const Article& article);

// The canonical plain text stored as article.txt: the headline, then the standfirst and the
// byline line when present, then each body block, separated by blank lines, ending in one
// newline. Two captures are the same revision exactly when these texts are equal, so nothing
// that changes with page chrome (times, ads) may appear here.
std::string canonical_text(const Article& article);

// The JSON document stored as article.json (format in store/README.md), keys in a fixed
// order so the stored bytes are stable, and back.
nlohmann::ordered_json article_to_json(const Article& article);
Result<Article> article_from_json(const nlohmann::json& json);
// The same from the text of article.json, read without building a JSON tree when it is in the
// form storytrail writes (the full parser takes over otherwise); the same errors.
Result<Article> article_from_json_text(std::string_view text);

}  // namespace st
