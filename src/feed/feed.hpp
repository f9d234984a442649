// News feeds: RSS 2.0 and Atom 1.0 documents read into their entries, with a real XML parser
// (pugixml). Pure: the feed's bytes and URL in, entries out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace st {

struct FeedEntry {
  std::string link;       // absolute http(s) URL, resolved against the feed's URL (and xml:base)
  std::string title;      // plain text, white space collapsed; may be empty
  std::string id;         // RSS <guid> or Atom <id>; may be empty
  std::string published;  // ISO 8601 (util::normalize_date_time) when the entry has a date
};

struct Feed {
  std::string title;               // plain text; may be empty
  std::vector<FeedEntry> entries;  // in document order; entries without a usable link left out
};

// Reads an RSS 2.0 (<rss><channel><item>) or Atom (<feed><entry>) document; RSS 1.0/RDF
// (<rdf:RDF><item>) too. `url` is the feed's own URL, the base for relative links. An entry's
// link is RSS <link>, else a <guid isPermaLink="true"> URL; Atom <link rel="alternate"> (or a
// link with no rel), else the first link. Links that are not http(s) are left out.
// Details: a guid without isPermaLink is the link only when it is an absolute http(s) URL; RSS
// titles are read as HTML (tags removed, character references decoded), as feeds write them;
// a document declared as ISO-8859-1 (or another windows-1252 label) whose bytes are not valid
// UTF-8 is read as windows-1252; RSS dates with the zones EST ... PDT are read.
// Errors: the bytes are not XML ("not an XML document: <parser's message> at byte N"), or XML
// that is not a feed ("not an RSS or Atom feed: the root element is <html>").
Result<Feed> parse_feed(std::string_view bytes, std::string_view url);

}  // namespace st
