#include "util/url.hpp"

#include <array>

#include "util/slug.hpp"
#include "util/text.hpp"

namespace st {
namespace {

// Query parameters that only say how a reader arrived (ad clicks, newsletters, share buttons,
// analytics), never which page is shown. Compared without regard to case; "utm_" is a prefix.
constexpr std::string_view kTrackingPrefix = "utm_";
constexpr std::array<std::string_view, 20> kTrackingParameters = {
    "fbclid",  "gclid",  "gclsrc", "dclid",     "gbraid", "wbraid",  "msclkid",
    "yclid",   "twclid", "ttclid", "li_fat_id", "igshid", "mc_cid",  "mc_eid",
    "mkt_tok", "_hsenc", "_hsmi",  "_ga",       "_gl",    "ref_src",
};

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

char upper_hex(char c) {
  return c >= 'a' && c <= 'f' ? static_cast<char>(c - 'a' + 'A') : c;
}

// `text` fit for a one-line message: cut to 200 bytes, white space and control characters
// shown as '?', valid UTF-8.
std::string shown(std::string_view text) {
  std::string out(text.substr(0, 200));
  for (char& c : out) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F) c = '?';
  }
  if (text.size() > 200) out += "...";
  return repair_utf8(out);
}

// The scheme of `text` (RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) before ":"),
// or empty when it has none.
std::string_view scheme_of(std::string_view text) {
  if (text.empty() || !is_alpha(text[0])) return {};
  for (std::size_t i = 1; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ':') return text.substr(0, i);
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return {};
  }
  return {};
}

// A reg-name host (RFC 3986 3.2.2): unreserved, sub-delims and percent-escapes; bytes past
// ASCII are let through for internationalised names, which are not converted.
bool valid_reg_name(std::string_view host) {
  for (std::size_t i = 0; i < host.size(); ++i) {
    const char c = host[i];
    if (is_alpha(c) || is_digit(c) || static_cast<unsigned char>(c) >= 0x80) continue;
    if (c == '%') {
      if (i + 2 >= host.size() || !is_hex(host[i + 1]) || !is_hex(host[i + 2])) return false;
      i += 2;
      continue;
    }
    if (std::string_view("-._~!$&'()*+,;=").find(c) == std::string_view::npos) return false;
  }
  return true;
}

// The inside of an IP literal: hex digits, colons and dots (an IPv4 tail), at least one colon.
// IPvFuture and zone identifiers are not accepted.
bool valid_ipv6(std::string_view inside) {
  if (inside.find(':') == std::string_view::npos) return false;
  for (const char c : inside) {
    if (!is_hex(c) && c != ':' && c != '.') return false;
  }
  return true;
}

int default_port(std::string_view scheme) {
  return scheme == "https" ? 443 : 80;
}

std::string bracketed_host(const Url& url) {
  if (url.host.find(':') != std::string::npos) return "[" + url.host + "]";
  return url.host;
}

// Copies `text` with the hex digits of every percent-escape in upper case.
void append_upper_escapes(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && is_hex(text[i + 1]) && is_hex(text[i + 2])) {
      out += '%';
      out += upper_hex(text[i + 1]);
      out += upper_hex(text[i + 2]);
      i += 2;
    } else {
      out += text[i];
    }
  }
}

bool is_tracking_parameter(std::string_view name) {
  if (starts_with_ci(name, kTrackingPrefix)) return true;
  const std::string lower = ascii_lower(name);
  for (const std::string_view tracking : kTrackingParameters) {
    if (lower == tracking) return true;
  }
  return false;
}

// The query without tracking parameters and without empty pieces ("a&&b", a trailing "&"),
// the rest in order.
std::string filter_query(std::string_view query) {
  std::string out;
  while (true) {
    const std::size_t amp = query.find('&');
    const std::string_view piece = query.substr(0, amp);
    const std::string_view name = piece.substr(0, piece.find('='));
    if (!piece.empty() && !is_tracking_parameter(name)) {
      if (!out.empty()) out += '&';
      out += piece;
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

// A reference cut into the five parts of RFC 3986 appendix B; `has_*` tells an empty part from
// a missing one.
struct Reference {
  bool has_scheme = false;
  std::string_view scheme;
  bool has_authority = false;
  std::string_view authority;
  std::string_view path;
  bool has_query = false;
  std::string_view query;
  bool has_fragment = false;
  std::string_view fragment;
};

Reference split_reference(std::string_view text) {
  Reference ref;
  if (const std::size_t hash = text.find('#'); hash != std::string_view::npos) {
    ref.has_fragment = true;
    ref.fragment = text.substr(hash + 1);
    text = text.substr(0, hash);
  }
  if (const std::size_t question = text.find('?'); question != std::string_view::npos) {
    ref.has_query = true;
    ref.query = text.substr(question + 1);
    text = text.substr(0, question);
  }
  if (const std::string_view scheme = scheme_of(text); !scheme.empty()) {
    ref.has_scheme = true;
    ref.scheme = scheme;
    text.remove_prefix(scheme.size() + 1);
  }
  if (text.starts_with("//")) {
    text.remove_prefix(2);
    const std::size_t slash = text.find('/');
    ref.has_authority = true;
    ref.authority = text.substr(0, slash);
    text = slash == std::string_view::npos ? std::string_view() : text.substr(slash);
  }
  ref.path = text;
  return ref;
}

// Removes the last segment and its "/" from `out` (RFC 3986 5.2.4, step 2C).
void drop_last_segment(std::string& out) {
  const std::size_t slash = out.rfind('/');
  out.resize(slash == std::string::npos ? 0 : slash);
}

// The base path up to its last "/", then `reference` (RFC 3986 5.2.3).
std::string merge_paths(std::string_view base_path, std::string_view reference) {
  const std::size_t slash = base_path.rfind('/');
  if (slash == std::string_view::npos) return "/" + std::string(reference);
  std::string merged(base_path.substr(0, slash + 1));
  merged += reference;
  return merged;
}

}  // namespace

std::string remove_dot_segments(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  while (!path.empty()) {
    if (path.starts_with("../")) {
      path.remove_prefix(3);
    } else if (path.starts_with("./")) {
      path.remove_prefix(2);
    } else if (path.starts_with("/./")) {
      path.remove_prefix(2);  // leaves the "/" that follows
    } else if (path == "/.") {
      path = "/";
    } else if (path.starts_with("/../")) {
      path.remove_prefix(3);
      drop_last_segment(out);
    } else if (path == "/..") {
      path = "/";
      drop_last_segment(out);
    } else if (path == "." || path == "..") {
      path = {};
    } else {
      // The first segment, with its leading "/" if it has one, moves to the output.
      const std::size_t end = path.find('/', 1);
      out += path.substr(0, end);
      path = end == std::string_view::npos ? std::string_view() : path.substr(end);
    }
  }
  return out;
}

Result<Url> parse_url(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F) {
      return fail("the URL '{}' holds white space or a control character", shown(text));
    }
  }
  if (auto checked = check_url(text); !checked) return std::move(checked).error();
  if (!is_valid_utf8(text)) return fail("the URL '{}' is not valid UTF-8", shown(text));

  const Reference ref = split_reference(text);
  if (!ref.has_scheme) {
    return fail("'{}' is not a URL: it does not start with http:// or https://", shown(text));
  }
  Url url;
  url.scheme = ascii_lower(ref.scheme);
  if (url.scheme != "http" && url.scheme != "https") {
    return fail("'{}': only http and https URLs can be tracked", shown(text));
  }
  if (!ref.has_authority) {
    return fail("'{}' is not a URL: expected // after {}:", shown(text), url.scheme);
  }
  std::string_view authority = ref.authority;

  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    url.userinfo = authority.substr(0, at);
    authority.remove_prefix(at + 1);
  }
  std::string_view host;
  std::string_view port;
  bool has_port = false;
  if (authority.starts_with('[')) {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos || !valid_ipv6(authority.substr(1, close - 1))) {
      return fail("'{}' has a bad IPv6 address", shown(text));
    }
    host = authority.substr(1, close - 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return fail("'{}' has a bad IPv6 address", shown(text));
      has_port = true;
      port = after.substr(1);
    }
  } else {
    const std::size_t colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      has_port = true;
      port = authority.substr(colon + 1);
    }
    if (!host.empty() && !valid_reg_name(host)) {
      return fail("'{}' has a bad host '{}'", shown(text), shown(host));
    }
  }
  if (host.empty()) return fail("'{}' has no host", shown(text));
  url.host = ascii_lower(host);

  // An empty port ("http://a:/") is allowed by RFC 3986 and means the default one.
  if (has_port && !port.empty()) {
    int value = 0;
    bool good = port.size() <= 5;
    for (const char c : port) {
      if (!good || !is_digit(c)) {
        good = false;
        break;
      }
      value = value * 10 + (c - '0');
    }
    if (!good || value < 1 || value > 65535) {
      return fail("'{}' has a bad port '{}': expected a number from 1 to 65535", shown(text),
                  shown(port));
    }
    url.port = value;
  }

  url.path = ref.path.empty() ? std::string("/") : std::string(ref.path);
  url.has_query = ref.has_query;
  url.query = ref.query;
  url.has_fragment = ref.has_fragment;
  url.fragment = ref.fragment;
  return url;
}

std::string to_string(const Url& url) {
  std::string out = url.scheme + "://";
  if (!url.userinfo.empty()) out += url.userinfo + "@";
  out += bracketed_host(url);
  if (url.port != 0) out += fmt::format(":{}", url.port);
  out += url.path.empty() ? std::string("/") : url.path;
  if (url.has_query) out += "?" + url.query;
  if (url.has_fragment) out += "#" + url.fragment;
  return out;
}

Result<std::string> normalize_url(std::string_view text) {
  auto parsed = parse_url(text);
  if (!parsed) return std::move(parsed).error();
  const Url& url = *parsed;
  std::string out = url.scheme + "://";
  if (!url.userinfo.empty()) {
    append_upper_escapes(out, url.userinfo);
    out += '@';
  }
  append_upper_escapes(out, bracketed_host(url));
  if (url.port != 0 && url.port != default_port(url.scheme)) out += fmt::format(":{}", url.port);
  append_upper_escapes(out, url.path);
  if (url.has_query) {
    const std::string query = filter_query(url.query);
    if (!query.empty()) {
      out += '?';
      append_upper_escapes(out, query);
    }
  }
  // The identity form can be a byte longer than the URL given (an empty path becomes "/"), so
  // it must pass the same length limit, or it would not be a URL storytrail accepts.
  if (auto checked = check_url(out); !checked) return std::move(checked).error();
  return out;
}

Result<std::string> resolve_url(std::string_view base, std::string_view reference) {
  Reference ref = split_reference(reference);
  // For backward compatibility (RFC 3986 5.2.2, and what browsers do), "http:g" against an
  // http base is read as the relative reference "g".
  if (ref.has_scheme && !ref.has_authority) {
    const std::string_view base_scheme = scheme_of(base);
    if (!base_scheme.empty() && ascii_lower(base_scheme) == ascii_lower(ref.scheme)) {
      ref.has_scheme = false;
    }
  }

  std::string target;
  if (ref.has_scheme) {
    // An absolute reference does not need the base.
    target = std::string(ref.scheme) + ":";
    if (ref.has_authority) target += "//" + std::string(ref.authority);
    target += remove_dot_segments(ref.path);
    if (ref.has_query) target += "?" + std::string(ref.query);
  } else {
    auto parsed_base = parse_url(base);
    if (!parsed_base) {
      return fail("cannot resolve '{}' against '{}': {}", shown(reference), shown(base),
                  parsed_base.error().message);
    }
    const Url& b = *parsed_base;
    target = b.scheme + "://";
    if (ref.has_authority) {
      target += ref.authority;
      target += remove_dot_segments(ref.path);
      if (ref.has_query) target += "?" + std::string(ref.query);
    } else {
      if (!b.userinfo.empty()) target += b.userinfo + "@";
      target += bracketed_host(b);
      if (b.port != 0) target += fmt::format(":{}", b.port);
      if (ref.path.empty()) {
        target += b.path;
        if (ref.has_query) {
          target += "?" + std::string(ref.query);
        } else if (b.has_query) {
          target += "?" + b.query;
        }
      } else {
        target += remove_dot_segments(ref.path.starts_with('/') ? std::string(ref.path)
                                                                : merge_paths(b.path, ref.path));
        if (ref.has_query) target += "?" + std::string(ref.query);
      }
    }
  }
  if (ref.has_fragment) target += "#" + std::string(ref.fragment);

  auto resolved = parse_url(target);
  if (!resolved) return std::move(resolved).error();
  std::string out = to_string(*resolved);
  // As in normalize_url: written back with its "/", it must still be within the limit.
  if (auto checked = check_url(out); !checked) return std::move(checked).error();
  return out;
}

std::string host_key(std::string_view url) {
  const auto parsed = parse_url(url);
  if (!parsed) return {};
  const int port = parsed->port != 0 ? parsed->port : default_port(parsed->scheme);
  return fmt::format("{}:{}", bracketed_host(*parsed), port);
}

}  // namespace st
