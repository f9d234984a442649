// Story slugs: the names of stories in the store (refs/stories/<slug>).
#pragma once

#include <string>
#include <string_view>

#include "util/result.hpp"

namespace st {

inline constexpr std::size_t kMaxSlugLength = 80;

// A slug is [a-z0-9][a-z0-9-]*, at most 80 characters.
bool is_valid_slug(std::string_view slug);

// is_valid_slug, with a message for the user when it is not.
Result<void> check_slug(std::string_view slug);

// A slug made from free text: accents removed, lower case, every other run of characters
// turned into one hyphen, cut at a hyphen to fit 80 characters. Empty when nothing is left.
std::string slug_from_text(std::string_view text);

// A URL as storytrail records it: not empty, at most 4,096 characters, no white space or
// control characters (a URL with a line break could forge the trailers of a revision's
// commit message).
Result<void> check_url(std::string_view url);

// A slug from a URL: its last meaningful path segment without a file extension
// ("https://x.org/news/2021/6/8/harris-mexico.html" gives "harris-mexico"); the host when the
// path has none. Empty when nothing usable is left.
std::string slug_from_url(std::string_view url);

}  // namespace st
