// What a page says about its article in machine-readable form: JSON-LD (schema.org), OpenGraph
// and other <meta> tags, <link rel=canonical>, <title> and <html lang>. Internal to src/extract;
// html.cpp combines it with what it finds in the body.
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace st::html {

// The longest metadata value kept, in bytes; longer ones (a <title> left open in broken markup
// swallows the page) are not metadata and are left out.
inline constexpr std::size_t kMaxMetadataLength = 4096;

// Every text field is normalized (st::normalize_text), URLs and dates are trimmed; a field is
// empty when the page does not state it or states more than kMaxMetadataLength bytes.
struct PageMetadata {
  // From the first JSON-LD object typed as an article (NewsArticle, Article, BlogPosting...),
  // found at the top level, in a top-level array, in "@graph" or as a WebPage's "mainEntity".
  // References by "@id" (a publisher or author given elsewhere in the graph) are followed.
  std::string ld_headline;
  std::string ld_description;
  std::string ld_publisher;  // publisher.name
  std::vector<std::string> ld_authors;
  std::string ld_published;
  std::string ld_modified;
  std::string ld_url;       // "url", else "mainEntityOfPage"
  std::string ld_language;  // "inLanguage"
  std::string ld_body;      // "articleBody", not normalized: line breaks are kept

  // From microdata: itemprop properties of the first element whose itemtype is an article
  // (".../NewsArticle", ".../BlogPosting"...), its own properties only, not those of items
  // nested in it (a comment's author). Times as written (datetime or content attribute, else
  // the text).
  std::string md_headline;
  std::string md_description;
  std::vector<std::string> md_authors;  // an author item's name, else the author's text
  std::string md_published;
  std::string md_modified;

  // From <meta> tags, each field the first of several names in order of trust.
  std::string og_title;  // og:title, twitter:title, dc.title
  std::string og_site_name;
  std::string og_url;
  std::string og_description;  // og:description, twitter:description, dc.description
  std::string og_locale;
  std::string meta_description;     // <meta name=description>
  std::string meta_author;          // author, byl, dc.creator, parsely-author...
  std::string application_name;     // <meta name=application-name>
  std::string meta_published_time;  // article:published_time, dc.date, pubdate, date...
  std::string meta_modified_time;   // article:modified_time, og:updated_time, dcterms.modified...

  std::string canonical_link;  // <link rel=canonical href>
  std::string title;           // <title>
  std::string html_lang;       // <html lang>
};

// The name of a microdata author property (itemprop=author): the name property of its item
// when it is one (itemscope), else its text. Normalized; empty when there is none.
std::string microdata_author_name(const GumboNode* element);

// Reads the metadata of a parsed page; `root` is its <html> element.
PageMetadata read_page_metadata(const GumboNode* root);

// Decodes the HTML character references that pages leave in JSON-LD strings ("&amp;",
// "&#8217;", "&rsquo;"...). Unknown references are kept as written.
std::string decode_entities(std::string_view text);

// Removes site and section names that pages append to a title with " | ", " - ", " – ", " — ",
// " · " or " :: ". A trailing segment goes when it equals, contains or is part of the site
// name, or, with `strip_short_tails`, when it has at most 4 words and what is left before it
// still reads as a headline: at least 3 words before a " | ", at least 4 words more than the
// tail before the other separators, which also occur inside headlines ("Obama admits ... |
// US & Canada News | Al Jazeera" loses both tails; "Biden - the man" stays). A leading segment
// naming the site goes too. Nothing is removed that would leave the title empty.
std::string strip_site_from_title(std::string_view title, std::string_view site,
                                  bool strip_short_tails);

// A title split at the separators strip_site_from_title knows, each part normalized
// ("Obama admits ... - BBC News" gives "Obama admits ...", "BBC News").
std::vector<std::string> title_segments(std::string_view title);

// Author names from a byline text ("By Jane Doe and John Roe | Updated 2 hours ago"):
// "By"/"Written by" removed, split at " and ", ",", "&", "|", ";", " · ", and anything that
// is not a name (a URL, an e-mail address, a date, a time, words like "Updated") left out.
std::vector<std::string> byline_names(std::string_view text);

// `names` without repeats (compared case-insensitively), in their first order.
std::vector<std::string> unique_names(std::vector<std::string> names);

}  // namespace st::html
