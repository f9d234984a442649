// The article body: the container walked into blocks. Internal to src/extract.
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <string_view>
#include <vector>

#include "article/article.hpp"
#include "extract/html_page.hpp"

namespace st::html {

// The blocks of the article in `containers` (from find_containers), in document order: <p>
// paragraphs, headings, quotes, list items, captions, embedded posts, with chrome and
// interface lines left out. The headline (and the <h1> that shows it) does not come back as a
// block. A lead image caption between the <h1> and the container comes first.
std::vector<Block> article_blocks(const PageIndex& index,
                                  const std::vector<std::size_t>& containers,
                                  std::string_view headline, const GumboNode* h1);

// Text split into paragraphs: at blank lines, else at line breaks (JSON-LD articleBody).
std::vector<Block> paragraphs_from_text(std::string_view text);

// Final clean-up of the body: blocks equal to the standfirst go, and so does a heading,
// caption or embed equal to the block before it (pages repeat them for other screen sizes),
// and headings left with nothing under them at the end.
std::vector<Block> tidy_body(std::vector<Block> blocks, std::string_view standfirst);

}  // namespace st::html
