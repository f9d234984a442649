// libFuzzer target for what storytrail reads from servers it does not control besides pages:
// news feeds (parse_feed) and URLs (parse_url, normalize_url, resolve_url). Every input is
// parsed as a feed, and its first line is used as a URL and as a reference against a base.
// Invariants, checked on every input:
//   - every entry's link is an http(s) URL that parse_url accepts;
//   - normalize_url is idempotent, and its result parses;
//   - a resolved reference parses, and resolving it again against any base changes nothing
//     (it is absolute).
// A violation prints what broke and aborts, which libFuzzer records as a crash.
//
// Built only with -DSTORYTRAIL_FUZZ=ON and clang (cmake/fuzz.cmake); run it with
// tools/fuzz --target feed.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "feed/feed.hpp"
#include "util/url.hpp"

namespace {

[[noreturn]] void violated(const char* what, std::string_view detail) {
  std::fprintf(stderr, "\nst_fuzz_feed: invariant violated: %s: %.*s\n", what,
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

void check_url(std::string_view text) {
  if (auto normal = st::normalize_url(text)) {
    if (!st::parse_url(*normal)) violated("normalize_url gave a URL that does not parse", *normal);
    auto again = st::normalize_url(*normal);
    if (!again || *again != *normal) violated("normalize_url is not idempotent", *normal);
  }
  for (const std::string_view base :
       {std::string_view("http://a/b/c/d;p?q"), std::string_view("https://example.org/")}) {
    if (auto resolved = st::resolve_url(base, text)) {
      if (!st::parse_url(*resolved)) violated("resolve_url gave a URL that does not parse", *resolved);
      auto again = st::resolve_url("https://other.example/x/y", *resolved);
      if (!again || *again != *resolved) violated("a resolved URL is not absolute", *resolved);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (auto feed = st::parse_feed(input, "https://example.org/news/feed.xml")) {
    for (const st::FeedEntry& entry : feed->entries) {
      if (!st::parse_url(entry.link)) violated("a feed entry's link does not parse", entry.link);
    }
  }
  check_url(input.substr(0, std::min<std::size_t>(input.find('\n'), 4096)));
  return 0;
}
