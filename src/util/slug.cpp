#include "util/slug.hpp"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>
#include <vector>

#include "util/text.hpp"

namespace st {

bool is_valid_slug(std::string_view slug) {
  if (slug.empty() || slug.size() > kMaxSlugLength) return false;
  const auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(slug.front())) return false;
  for (const char c : slug) {
    if (!alnum(c) && c != '-') return false;
  }
  return true;
}

Result<void> check_slug(std::string_view slug) {
  if (is_valid_slug(slug)) return {};
  return fail(
      "invalid story name '{}': use 1 to 80 lower-case letters, digits and hyphens, starting "
      "with a letter or digit",
      slug);
}

std::string slug_from_text(std::string_view text) {
  // Decompose and strip marks so "Pérez" becomes "perez"; other non-ASCII letters are
  // separators.
  std::string ascii;
  const std::string repaired = repair_utf8(text);
  utf8proc_uint8_t* mapped = nullptr;
  const auto n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(repaired.data()),
      static_cast<utf8proc_ssize_t>(repaired.size()), &mapped,
      static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD));
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
  const std::string_view folded =
      n >= 0 ? std::string_view(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n))
             : std::string_view(repaired);
  std::string slug;
  bool hyphen = false;
  for (const char c : folded) {
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) {
      if (hyphen && !slug.empty()) slug += '-';
      hyphen = false;
      slug += lower;
    } else {
      hyphen = true;  // any other character, ASCII or not, separates words
    }
  }
  if (slug.size() > kMaxSlugLength) {
    slug.resize(kMaxSlugLength);
    const auto cut = slug.rfind('-');
    if (cut != std::string::npos && cut > kMaxSlugLength / 2) slug.resize(cut);
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
  }
  return slug;
}

Result<void> check_url(std::string_view url) {
  if (url.empty()) return fail("the URL is empty");
  if (url.size() > 4096) return fail("the URL is longer than 4096 characters");
  for (const char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F) {
      return fail("the URL '{}' holds white space or a control character", url);
    }
  }
  return {};
}

std::string slug_from_url(std::string_view url) {
  std::string_view rest = url;
  if (const auto scheme = rest.find("://"); scheme != std::string_view::npos) {
    rest.remove_prefix(scheme + 3);
  }
  if (const auto end = rest.find_first_of("?#"); end != std::string_view::npos) {
    rest = rest.substr(0, end);
  }
  const auto slash = rest.find('/');
  const std::string_view host = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  // Walk the segments from the last; skip ones that carry no name (numbers, "index.html").
  std::vector<std::string_view> segments;
  while (!path.empty()) {
    const auto start = path.find_first_not_of('/');
    if (start == std::string_view::npos) break;
    path.remove_prefix(start);
    const auto end = path.find('/');
    segments.push_back(path.substr(0, end));
    path = end == std::string_view::npos ? std::string_view() : path.substr(end);
  }
  for (auto it = segments.rbegin(); it != segments.rend(); ++it) {
    std::string_view segment = *it;
    if (const auto dot = segment.rfind('.'); dot != std::string_view::npos && dot > 0) {
      segment = segment.substr(0, dot);
    }
    if (segment == "index" || segment == "amp" || segment == "story" || segment == "article") {
      continue;
    }
    std::string slug = slug_from_text(segment);
    const bool numeric = slug.find_first_not_of("0123456789-") == std::string::npos;
    if (!slug.empty() && !numeric) return slug;
  }
  std::string_view bare_host = host.substr(0, host.find(':'));
  if (starts_with_ci(bare_host, "www.")) bare_host.remove_prefix(4);
  return slug_from_text(bare_host);
}

}  // namespace st
