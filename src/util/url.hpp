// URLs as storytrail tracks them: absolute http and https URLs only, their identity form, and
// references resolved against a base (for feed entries and redirects). Pure: text in, text out.
#pragma once

#include <string>
#include <string_view>

#include "util/result.hpp"

namespace st {

// An absolute http or https URL cut into its parts. `host` is in lower case, without brackets
// for an IPv6 literal; `port` is 0 when the URL names none; `path` starts with "/" (it is "/"
// when the URL has none); `query` and `fragment` are without their "?" and "#", and
// `has_query` tells an empty query ("?") from none.
struct Url {
  std::string scheme;  // "http" or "https", in lower case
  std::string userinfo;
  std::string host;
  int port = 0;
  std::string path = "/";
  bool has_query = false;
  std::string query;
  bool has_fragment = false;
  std::string fragment;
};

// Parses an absolute URL. Errors (one line, for the user): not a URL, a scheme other than http
// or https ("ftp://... : only http and https URLs can be tracked"), no host, a bad port, white
// space or control characters.
Result<Url> parse_url(std::string_view text);

// The URL written back, as given (nothing dropped).
std::string to_string(const Url& url);

// The identity of a URL, so that two ways of writing one page are one tracked story: scheme and
// host in lower case, the default port (80, 443) dropped, an empty path as "/", the fragment
// dropped, and tracking parameters dropped from the query (utm_*, fbclid, gclid, dclid, msclkid,
// mc_cid, mc_eid, igshid, _ga, yclid, ...), keeping the others in their order; "?" dropped when
// nothing is left. Percent-escapes are written in upper case; nothing else is decoded.
// Parameter names are compared without regard to case (kTrackingParameters in url.cpp has the
// whole list), and empty pieces of the query ("a=1&&b=2", a trailing "&") are dropped too.
Result<std::string> normalize_url(std::string_view text);

// `reference` (absolute, scheme-relative "//host/...", absolute-path "/...", or relative
// "a/b", "../c", "?q") resolved against the absolute `base`, as RFC 3986 section 5 does, with
// dot segments removed. The result must be http or https, and is written as to_string writes
// it (host in lower case, an empty path as "/"). An absolute reference needs no usable base;
// "http:g" against an http base is read as the relative "g", as browsers do (RFC 3986 5.2.2).
Result<std::string> resolve_url(std::string_view base, std::string_view reference);

// The host of a URL as it identifies a server for politeness: host and port
// ("example.org:443"); empty when `url` does not parse.
std::string host_key(std::string_view url);

// RFC 3986 section 5.2.4: "." and ".." segments of a path removed ("/a/b/../c/./d" gives
// "/a/c/d"; ".." above the root is dropped). Used by resolve_url; public for its tests.
std::string remove_dot_segments(std::string_view path);

}  // namespace st
