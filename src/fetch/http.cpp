// Fetching over HTTP(S) with libcurl: one blocking request (`fetch`) or many under politeness
// limits (`fetch_all`, the multi interface driven on the calling thread).
//
// Both share `Transfer`, which owns one easy handle, sets every limit on it, reads the response
// heads as they arrive and turns curl's result into a FetchResult.

// With CURL_STRICTER, CURL and CURLM are distinct incomplete types rather than both `void`, so
// passing a multi handle where an easy handle belongs does not compile.
#define CURL_STRICTER
#include "fetch/http.hpp"

#include <curl/curl.h>
#include <fmt/core.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <deque>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <utility>

// The build is expected to pass the project version (target_compile_definitions on st_fetch);
// this fallback keeps the file building until it does.
#ifndef STORYTRAIL_VERSION
#define STORYTRAIL_VERSION "0.1.0"
#endif

namespace st {
namespace {

using Clock = std::chrono::steady_clock;

// ---- RAII owners of libcurl handles ----

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct MultiDeleter {
  void operator()(CURLM* handle) const { curl_multi_cleanup(handle); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlEasy = std::unique_ptr<CURL, EasyDeleter>;
using CurlMulti = std::unique_ptr<CURLM, MultiDeleter>;
using CurlSlist = std::unique_ptr<curl_slist, SlistDeleter>;

// Appends one header line; false when curl could not allocate (the list is left as it was).
bool append_header(CurlSlist& list, const std::string& line) {
  curl_slist* grown = curl_slist_append(list.get(), line.c_str());
  if (grown == nullptr) return false;
  (void)list.release();  // curl_slist_append returns the same head once the list exists
  list.reset(grown);
  return true;
}

// curl_global_init must run once before any other call and is not safe to race; a
// function-local static gives both. It is never undone: at exit other threads may still hold
// handles, and the process's end frees what it holds anyway.
void init_curl_once() {
  static const CURLcode init_result = curl_global_init(CURL_GLOBAL_DEFAULT);
  (void)init_result;  // on failure curl_easy_init fails too, and that is reported per request
}

// ---- small text helpers (ASCII only: header names, schemes and host names) ----

char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

std::string_view trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Error messages are one line: control characters (from a URL or a server's reason phrase)
// become spaces.
std::string one_line(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return text;
}

// curl's messages start with a capital ("Could not resolve..."); ours start lower case. A first
// word with more capitals ("SSL", "OpenSSL/3.0") is a name and keeps them.
std::string lower_first(std::string text) {
  const std::size_t word_end = std::min(text.find_first_of(" :/"), text.size());
  const bool capitalised_word =
      word_end > 0 &&
      std::all_of(text.begin() + 1, text.begin() + static_cast<std::ptrdiff_t>(word_end),
                  [](char c) { return c < 'A' || c > 'Z'; });
  if (capitalised_word) text[0] = ascii_lower(text[0]);
  return text;
}

// "10 MB", "1.5 MB", "64 KB", "900 bytes": limits are usually round, and then shown whole.
std::string format_size(std::size_t bytes) {
  constexpr std::size_t kib = 1024;
  constexpr std::size_t mib = 1024 * kib;
  const auto in = [bytes](std::size_t unit) {
    return static_cast<double>(bytes) / static_cast<double>(unit);
  };
  if (bytes >= mib) {
    return bytes % mib == 0 ? fmt::format("{} MB", bytes / mib) : fmt::format("{:.1f} MB", in(mib));
  }
  if (bytes >= kib) {
    return bytes % kib == 0 ? fmt::format("{} KB", bytes / kib) : fmt::format("{:.1f} KB", in(kib));
  }
  return fmt::format("{} bytes", bytes);
}

// "30 s", "300 ms", "1.5 s".
std::string format_duration(std::chrono::milliseconds duration) {
  const auto ms = duration.count();
  if (ms % 1000 == 0) return fmt::format("{} s", ms / 1000);
  if (ms < 1000) return fmt::format("{} ms", ms);
  return fmt::format("{:.1f} s", static_cast<double>(ms) / 1000.0);
}

// ---- URLs: only as much as politeness and error messages need ----

// The parts of scheme://[userinfo@]host[:port][/path...] that say where a request goes.
struct UrlAuthority {
  std::string scheme;  // lower case
  std::string host;    // lower case; an IPv6 literal keeps its brackets
  std::string port;    // digits as written; empty when the URL names none
};

std::optional<UrlAuthority> split_authority(std::string_view url) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return std::nullopt;
  UrlAuthority parts;
  parts.scheme = lower(url.substr(0, scheme_end));
  std::string_view authority = url.substr(scheme_end + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(0, close + 1);
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return std::nullopt;
      port = rest.substr(1);
    }
  } else if (const std::size_t colon = authority.find(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty() || (!port.empty() && !all_digits(port))) return std::nullopt;
  parts.host = lower(host);
  parts.port = std::string(port);
  return parts;
}

bool is_http_scheme(std::string_view scheme) {
  return scheme == "http" || scheme == "https";
}

// The politeness key: host and port, the port filled in from the scheme, so "http://a/" and
// "http://a:80/" are one host while two ports of one machine are two.
std::string host_key_of(const UrlAuthority& parts) {
  const std::string_view port = !parts.port.empty()       ? std::string_view(parts.port)
                                : parts.scheme == "https" ? "443"
                                                          : "80";
  return fmt::format("{}:{}", parts.host, port);
}

// The host as a user would name it in a message: "example.com", "127.0.0.1:8080".
std::string host_for_message(std::string_view url) {
  const auto parts = split_authority(url);
  if (!parts) return std::string(url);
  return parts->port.empty() ? parts->host : fmt::format("{}:{}", parts->host, parts->port);
}

// Why a URL is not fetched at all, or nullopt when it may be.
std::optional<std::string> refuse_url(std::string_view url) {
  if (const std::size_t scheme_end = url.find("://");
      scheme_end != std::string_view::npos && scheme_end > 0 &&
      !is_http_scheme(lower(url.substr(0, scheme_end)))) {
    return fmt::format("cannot fetch {}: only http and https are supported", url);
  }
  if (!split_authority(url)) return fmt::format("malformed URL {}", url);
  return std::nullopt;
}

// ---- response heads ----

// The head of one response. A transfer sees several when it follows redirects; each status
// line starts a new one.
struct ResponseHead {
  long status = 0;
  std::string reason;  // the status line's reason phrase, may be empty (HTTP/2 has none)
  std::string content_type;
  std::string content_encoding;
  std::optional<std::uint64_t> content_length;
  std::string etag;
  std::string last_modified;
  std::string location;
  std::string retry_after;
  std::string date;
  bool complete = false;  // the blank line after the header fields has been seen
};

// "HTTP/1.1 404 Not Found" → 404 and "Not Found"; false when the line is not a status line.
bool parse_status_line(std::string_view line, ResponseHead& head) {
  if (!line.starts_with("HTTP/")) return false;
  const std::size_t space = line.find(' ');
  if (space == std::string_view::npos) return false;
  std::string_view rest = line.substr(space + 1);
  const std::string_view code = rest.substr(0, 3);
  if (code.size() != 3 || !all_digits(code)) return false;
  head.status = (code[0] - '0') * 100L + (code[1] - '0') * 10L + (code[2] - '0');
  head.reason = std::string(trim(rest.substr(3)));
  return true;
}

void read_header_field(std::string_view line, ResponseHead& head) {
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return;  // a folded continuation line: not one we use
  const std::string name = lower(trim(line.substr(0, colon)));
  const std::string value(trim(line.substr(colon + 1)));
  if (name == "content-type") {
    head.content_type = value;
  } else if (name == "content-encoding") {
    head.content_encoding = lower(value);
  } else if (name == "content-length") {
    std::uint64_t length = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), length);
    if (error == std::errc() && end == value.data() + value.size()) head.content_length = length;
  } else if (name == "etag") {
    head.etag = value;
  } else if (name == "last-modified") {
    head.last_modified = value;
  } else if (name == "location") {
    head.location = value;
  } else if (name == "retry-after") {
    head.retry_after = value;
  } else if (name == "date") {
    head.date = value;
  }
}

struct MediaType {
  std::string essence;  // "text/html", lower case
  std::string charset;  // lower case, unquoted; may be empty
};

MediaType parse_content_type(std::string_view value) {
  MediaType type;
  const std::size_t semicolon = value.find(';');
  type.essence = lower(trim(value.substr(0, semicolon)));
  std::string_view parameters =
      semicolon == std::string_view::npos ? std::string_view() : value.substr(semicolon + 1);
  while (!parameters.empty()) {
    const std::size_t next = parameters.find(';');
    const std::string_view parameter = parameters.substr(0, next);
    parameters = next == std::string_view::npos ? std::string_view() : parameters.substr(next + 1);
    const std::size_t equals = parameter.find('=');
    if (equals == std::string_view::npos || lower(trim(parameter.substr(0, equals))) != "charset") {
      continue;
    }
    std::string_view charset = trim(parameter.substr(equals + 1));
    if (charset.size() >= 2 && charset.front() == '"' && charset.back() == '"') {
      charset = charset.substr(1, charset.size() - 2);
    }
    type.charset = lower(trim(charset));
    break;
  }
  return type;
}

// Why a response of this type is not what `kind` asks for, or nullopt when it is. No
// Content-Type at all is accepted: extraction sniffs the bytes anyway.
std::optional<std::string> refuse_content_type(FetchKind kind, const std::string& essence) {
  if (essence.empty()) return std::nullopt;
  switch (kind) {
    case FetchKind::page:
      if (essence == "text/html" || essence == "application/xhtml+xml") return std::nullopt;
      return fmt::format("not an HTML page ({})", essence);
    case FetchKind::feed:
      if (essence == "application/rss+xml" || essence == "application/atom+xml" ||
          essence == "application/rdf+xml" || essence == "application/xml" ||
          essence == "text/xml") {
        return std::nullopt;
      }
      return fmt::format("not a feed ({})", essence);
  }
  return std::nullopt;
}

// Retry-After is delta-seconds or an HTTP date. A date is measured against the response's own
// Date when it has one, so a server whose clock is off still means what it says.
std::optional<std::chrono::seconds> parse_retry_after(const std::string& value,
                                                      const std::string& date) {
  if (all_digits(value)) {
    std::int64_t seconds = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (error != std::errc()) return kMaxRetryAfter;  // more digits than any wait worth keeping
    return std::min(std::chrono::seconds(seconds), kMaxRetryAfter);
  }
  // curl_getdate reads the three HTTP date formats (RFC 9110 section 5.6.7); -1 is failure.
  const std::time_t when = curl_getdate(value.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  std::time_t now = date.empty() ? -1 : curl_getdate(date.c_str(), nullptr);
  if (now == -1) now = std::time(nullptr);
  return std::min(std::chrono::seconds(std::max<std::time_t>(0, when - now)), kMaxRetryAfter);
}

// What to send in Accept: the kinds' types first, anything else after, so a server that
// negotiates serves the right one and a strict one does not answer 406.
const char* accept_header(FetchKind kind) {
  switch (kind) {
    case FetchKind::page:
      return "Accept: text/html,application/xhtml+xml;q=0.9,*/*;q=0.5";
    case FetchKind::feed:
      return "Accept: application/rss+xml,application/atom+xml,application/rdf+xml;q=0.9,"
             "application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5";
  }
  return "Accept: */*";
}

// A validator sent back to the server must not be able to start a header line of its own.
bool safe_header_value(std::string_view value) {
  return !value.empty() && value.find_first_of("\r\n") == std::string_view::npos;
}

bool is_tls_error(CURLcode code) {
  switch (code) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
      return true;
    default:
      return false;
  }
}

// The hosts reached without a proxy: those of $no_proxy (or $NO_PROXY), and loopback.
const std::string& no_proxy_list() {
  static const std::string list = [] {
    std::string hosts = "localhost,127.0.0.1,::1";
    for (const char* name : {"no_proxy", "NO_PROXY"}) {
      if (const char* value = std::getenv(name); value != nullptr && *value != '\0') {
        return std::string(value) + "," + hosts;
      }
    }
    return hosts;
  }();
  return list;
}

FetchResult failed_result(const std::string& url, std::string error) {
  FetchResult result;
  result.outcome = FetchOutcome::failed;
  result.final_url = url;
  result.error = one_line(std::move(error));
  return result;
}

// ---- one transfer ----

// One request on one easy handle: sets every option, collects the response as it arrives and
// builds the FetchResult. Callbacks hold `this`, so a Transfer never moves.
class Transfer {
 public:
  Transfer(const FetchRequest& request, const FetchOptions& options, CurlEasy handle);
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  CURL* handle() const { return handle_.get(); }
  // False when curl refused an option; finish() then reports it.
  bool ready() const { return setup_error_ == CURLE_OK; }
  void mark_started() { started_ = Clock::now(); }

  // The result once curl has finished with `code`.
  FetchResult finish(CURLcode code);
  // The result of a transfer abandoned before it finished.
  FetchResult interrupted();
  // The easy handle, reset, for the next transfer: it keeps its TLS session cache.
  CurlEasy reuse_handle();

 private:
  template <typename Value>
  void set(CURLoption option, Value value) {
    if (setup_error_ == CURLE_OK) setup_error_ = curl_easy_setopt(handle_.get(), option, value);
  }
  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* self);
  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self);
  bool read_header_line(std::string_view line);
  bool check_final_head();
  bool keep_body(std::string_view bytes);
  FetchResult base_result() const;
  std::string describe_failure(CURLcode code) const;

  const FetchRequest& request_;
  const FetchOptions& options_;
  CurlEasy handle_;
  CurlSlist request_headers_;  // curl keeps only a pointer to the list: it lives here
  CURLcode setup_error_ = CURLE_OK;
  bool conditional_ = false;  // If-None-Match or If-Modified-Since was sent
  char error_buffer_[CURL_ERROR_SIZE] = {};

  ResponseHead head_;        // the last response seen
  bool final_head_ = false;  // head_ is complete and not a redirect or 1xx: it is the answer
  std::string body_;         // the final 2xx response's body, decoded
  std::size_t discarded_bytes_ = 0;  // of an error response's body, which nobody reads
  std::string refusal_;              // why we aborted the transfer ourselves, for the user
  Clock::time_point started_ = Clock::now();
};

Transfer::Transfer(const FetchRequest& request, const FetchOptions& options, CurlEasy handle)
    : request_(request), options_(options), handle_(std::move(handle)) {
  const auto milliseconds = [](std::chrono::milliseconds duration) {
    return static_cast<long>(std::max<std::chrono::milliseconds::rep>(0, duration.count()));
  };
  set(CURLOPT_URL, request.url.c_str());
  // Only http and https, also after a redirect: curl would otherwise follow a Location to
  // file:// or ftp:// among others.
  set(CURLOPT_PROTOCOLS_STR, "http,https");
  set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  set(CURLOPT_FOLLOWLOCATION, 1L);
  set(CURLOPT_MAXREDIRS, static_cast<long>(std::max(0, options.max_redirects)));
  set(CURLOPT_CONNECTTIMEOUT_MS, milliseconds(options.connect_timeout));
  set(CURLOPT_TIMEOUT_MS, milliseconds(options.total_timeout));
  set(CURLOPT_LOW_SPEED_LIMIT, std::max(0L, options.low_speed_bytes));
  set(CURLOPT_LOW_SPEED_TIME,
      static_cast<long>(std::max<std::chrono::seconds::rep>(0, options.low_speed_time.count())));
  set(CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
  const std::string user_agent =
      options.user_agent.empty() ? default_user_agent() : options.user_agent;
  set(CURLOPT_USERAGENT, user_agent.c_str());  // curl copies string options
  // Timeouts must not use SIGALRM: fetch_all may run beside other threads.
  set(CURLOPT_NOSIGNAL, 1L);
  // Proxies named in the environment are honoured, but never for this machine itself.
  set(CURLOPT_NOPROXY, no_proxy_list().c_str());
  // A proxy's "200 Connection established" would otherwise look like the page's response.
  set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
  set(CURLOPT_ERRORBUFFER, error_buffer_);
  set(CURLOPT_HEADERFUNCTION, &Transfer::on_header);
  set(CURLOPT_HEADERDATA, static_cast<void*>(this));
  set(CURLOPT_WRITEFUNCTION, &Transfer::on_body);
  set(CURLOPT_WRITEDATA, static_cast<void*>(this));

  bool headers_ok = append_header(request_headers_, accept_header(request.kind));
  if (safe_header_value(request.etag)) {
    headers_ok = headers_ok && append_header(request_headers_, "If-None-Match: " + request.etag);
    conditional_ = true;
  }
  if (safe_header_value(request.last_modified)) {
    headers_ok = headers_ok &&
                 append_header(request_headers_, "If-Modified-Since: " + request.last_modified);
    conditional_ = true;
  }
  if (!headers_ok && setup_error_ == CURLE_OK) setup_error_ = CURLE_OUT_OF_MEMORY;
  set(CURLOPT_HTTPHEADER, request_headers_.get());
}

std::size_t Transfer::on_header(char* data, std::size_t size, std::size_t count, void* self) {
  const std::size_t length = size * count;
  auto& transfer = *static_cast<Transfer*>(self);
  // No exception may cross into curl's C code.
  try {
    return transfer.read_header_line(std::string_view(data, length)) ? length : 0;
  } catch (...) {
    transfer.refusal_ = "out of memory";
    return 0;
  }
}

std::size_t Transfer::on_body(char* data, std::size_t size, std::size_t count, void* self) {
  const std::size_t length = size * count;
  auto& transfer = *static_cast<Transfer*>(self);
  try {
    return transfer.keep_body(std::string_view(data, length)) ? length : 0;
  } catch (...) {
    transfer.refusal_ = "out of memory";
    return 0;
  }
}

// Returns false to abort the transfer.
bool Transfer::read_header_line(std::string_view line) {
  if (line.starts_with("HTTP/")) {
    head_ = ResponseHead();
    final_head_ = false;
    parse_status_line(trim(line), head_);
    return true;
  }
  if (head_.complete) return true;  // trailers after a chunked body: nothing we use
  line = trim(line);
  if (!line.empty()) {
    read_header_field(line, head_);
    return true;
  }
  head_.complete = true;
  const bool informational = head_.status >= 100 && head_.status < 200;
  // curl follows any 3xx that has a Location; for those another head follows.
  const bool redirect = head_.status >= 300 && head_.status < 400 && !head_.location.empty();
  if (informational || redirect) return true;
  final_head_ = true;
  return check_final_head();
}

// At the end of the final response's head, before any of its body: a body we would refuse is
// not downloaded at all.
bool Transfer::check_final_head() {
  if (head_.status < 200 || head_.status >= 300) return true;
  if (auto refusal =
          refuse_content_type(request_.kind, parse_content_type(head_.content_type).essence)) {
    refusal_ = std::move(*refusal);
    return false;
  }
  const bool identity = head_.content_encoding.empty() || head_.content_encoding == "identity";
  if (identity && head_.content_length) {
    if (*head_.content_length > options_.max_body_bytes) {
      refusal_ = fmt::format("body over {}", format_size(options_.max_body_bytes));
      return false;
    }
    body_.reserve(static_cast<std::size_t>(*head_.content_length));
  }
  return true;
}

// Returns false to abort the transfer. The limit counts decoded bytes, so a small compressed
// body that inflates past it is cut as soon as it does.
bool Transfer::keep_body(std::string_view bytes) {
  if (!final_head_ || head_.status < 200 || head_.status >= 300) {
    // An error page is read to its end, so the connection can serve the next request, but
    // not kept, and not read without end.
    discarded_bytes_ += bytes.size();
    return discarded_bytes_ <= options_.max_body_bytes;
  }
  if (bytes.size() > options_.max_body_bytes - body_.size()) {
    refusal_ = fmt::format("body over {}", format_size(options_.max_body_bytes));
    return false;
  }
  body_.append(bytes);
  return true;
}

FetchResult Transfer::base_result() const {
  FetchResult result;
  result.outcome = FetchOutcome::failed;
  result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started_);
  const char* effective_url = nullptr;
  if (curl_easy_getinfo(handle_.get(), CURLINFO_EFFECTIVE_URL, &effective_url) == CURLE_OK &&
      effective_url != nullptr && *effective_url != '\0') {
    result.final_url = effective_url;
  } else {
    result.final_url = request_.url;
  }
  result.status = head_.status;
  result.content_type = head_.content_type;
  result.charset = parse_content_type(head_.content_type).charset;
  result.retry_after = parse_retry_after(head_.retry_after, head_.date);
  return result;
}

FetchResult Transfer::finish(CURLcode code) {
  FetchResult result = base_result();
  if (!ready()) {
    result.error =
        fmt::format("cannot set up the request: {}", lower_first(curl_easy_strerror(setup_error_)));
    return result;
  }
  if (!refusal_.empty()) {
    result.error = refusal_;
    return result;
  }
  const bool success = head_.status >= 200 && head_.status < 300;
  if (final_head_ && head_.status >= 300) {
    // The status is the answer even if curl then failed on the (discarded) body.
    if (head_.status == 304 && conditional_) {
      result.outcome = FetchOutcome::not_modified;
      result.etag = head_.etag;
      result.last_modified = head_.last_modified;
      return result;
    }
    result.outcome = FetchOutcome::http_error;
    result.error =
        one_line(head_.reason.empty() ? fmt::format("HTTP {}", head_.status)
                                      : fmt::format("HTTP {} {}", head_.status, head_.reason));
    return result;
  }
  if (final_head_ && success && code == CURLE_OK) {
    result.outcome = FetchOutcome::ok;
    result.etag = head_.etag;
    result.last_modified = head_.last_modified;
    result.body = std::move(body_);
    return result;
  }
  result.error = one_line(describe_failure(code));
  return result;
}

FetchResult Transfer::interrupted() {
  FetchResult result = base_result();
  result.error = "interrupted";
  return result;
}

CurlEasy Transfer::reuse_handle() {
  curl_easy_reset(handle_.get());
  return std::move(handle_);
}

std::string Transfer::describe_failure(CURLcode code) const {
  const char* url_text = nullptr;
  curl_easy_getinfo(handle_.get(), CURLINFO_EFFECTIVE_URL, &url_text);
  const std::string url = url_text != nullptr && *url_text != '\0' ? url_text : request_.url;
  const std::string host = host_for_message(url);
  // curl's own words (the error buffer names the detail, curl_easy_strerror only the kind).
  const std::string detail =
      lower_first(error_buffer_[0] != '\0' ? error_buffer_ : curl_easy_strerror(code));

  switch (code) {
    case CURLE_OK:
      return "no HTTP response";
    case CURLE_COULDNT_RESOLVE_HOST:
      return fmt::format("cannot resolve host {}", host);
    case CURLE_COULDNT_RESOLVE_PROXY:
      return fmt::format("cannot resolve the proxy: {}", detail);
    case CURLE_COULDNT_CONNECT: {
      long os_error = 0;
      curl_easy_getinfo(handle_.get(), CURLINFO_OS_ERRNO, &os_error);
      if (os_error == ECONNREFUSED) return fmt::format("connection refused by {}", host);
      if (os_error != 0) {
        return fmt::format("cannot connect to {}: {}", host,
                           lower_first(std::strerror(static_cast<int>(os_error))));
      }
      return fmt::format("cannot connect to {}", host);
    }
    case CURLE_OPERATION_TIMEDOUT: {
      // curl reports three limits with this one code; only its message tells which it was.
      const std::string_view message(error_buffer_);
      if (message.find("too slow") != std::string_view::npos) {
        return fmt::format("too slow: under {} bytes/s for {}", options_.low_speed_bytes,
                           format_duration(options_.low_speed_time));
      }
      if (message.starts_with("Connection timed out") ||
          message.starts_with("Resolving timed out") || message.starts_with("Failed to connect")) {
        // The total limit also bounds connecting, when it is the shorter.
        return fmt::format(
            "cannot connect to {}: timed out after {}", host,
            format_duration(std::min(options_.connect_timeout, options_.total_timeout)));
      }
      return fmt::format("timed out after {}", format_duration(options_.total_timeout));
    }
    case CURLE_PARTIAL_FILE:
      return "body cut short";
    case CURLE_TOO_MANY_REDIRECTS:
      return fmt::format("more than {} redirects", options_.max_redirects);
    case CURLE_UNSUPPORTED_PROTOCOL: {
      // After a redirect the effective URL is the one curl refused to follow.
      long redirects = 0;
      curl_easy_getinfo(handle_.get(), CURLINFO_REDIRECT_COUNT, &redirects);
      const auto parts = split_authority(url);
      if (redirects > 0 && (!parts || !is_http_scheme(parts->scheme))) {
        return fmt::format("redirect to {}: only http and https are followed", url);
      }
      return detail;
    }
    case CURLE_GOT_NOTHING:
      return fmt::format("empty reply from {}", host);
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
      return fmt::format("connection to {} lost: {}", host, detail);
    case CURLE_PEER_FAILED_VERIFICATION:
      return fmt::format("certificate of {} not trusted: {}", host, detail);
    case CURLE_BAD_CONTENT_ENCODING:
      return fmt::format("body cannot be decoded: {}", detail);
    case CURLE_WEIRD_SERVER_REPLY:
      return fmt::format("malformed response from {}: {}", host, detail);
    case CURLE_URL_MALFORMAT:
      return fmt::format("malformed URL {}", url);
    case CURLE_OUT_OF_MEMORY:
      return "out of memory";
    default:
      if (is_tls_error(code)) return fmt::format("TLS error with {}: {}", host, detail);
      return detail;
  }
}

// ---- many transfers ----

// Keeps an easy handle in a multi handle. curl requires it out again before either is cleaned
// up, and before the easy handle is reset for reuse; leave() or the destructor does that.
class MultiMembership {
 public:
  MultiMembership(CURLM* multi, CURL* easy) : multi_(multi), easy_(easy) {
    if (curl_multi_add_handle(multi, easy) != CURLM_OK) multi_ = nullptr;
  }
  MultiMembership(const MultiMembership&) = delete;
  MultiMembership& operator=(const MultiMembership&) = delete;
  ~MultiMembership() { leave(); }

  bool joined() const { return multi_ != nullptr; }
  void leave() {
    if (multi_ != nullptr) curl_multi_remove_handle(multi_, easy_);
    multi_ = nullptr;
  }

 private:
  CURLM* multi_;
  CURL* easy_;
};

// One fetch_all call: the requests queued per host, the transfers in flight and the multi
// handle whose connection cache they share.
class Batch {
 public:
  using Done = std::function<void(std::size_t, FetchResult)>;

  Batch(const std::vector<FetchRequest>& requests, const FetchOptions& options,
        const FetchPoliteness& politeness, const Done& done);
  void run(const std::atomic<bool>* stop);

 private:
  struct Host {
    std::string key;                    // host:port
    std::deque<std::size_t> waiting;    // request indexes, in the order given
    bool busy = false;                  // a request to it is in flight
    Clock::time_point ready_at{};       // the next request may not start before
    Clock::time_point blocked_until{};  // it asked to wait (Retry-After): nothing is sent
  };
  struct Running {
    Running(std::size_t index_in, std::size_t host_in, std::unique_ptr<Transfer> transfer_in,
            CURLM* multi)
        : index(index_in),
          host(host_in),
          transfer(std::move(transfer_in)),
          membership(multi, transfer->handle()) {}
    std::size_t index;
    std::size_t host;
    std::unique_ptr<Transfer> transfer;
    MultiMembership membership;  // after `transfer`: leaves the multi before it is cleaned up
  };

  void report_refused();
  void defer_blocked_hosts();
  void start_ready_transfers();
  void start_next(Host& host, std::size_t host_slot);
  void collect_finished();
  void abandon_running();
  void fail_everything(const std::string& error);
  int poll_timeout_ms() const;
  bool has_work() const { return !running_.empty() || waiting_ > 0; }

  const std::vector<FetchRequest>& requests_;
  const FetchOptions& options_;
  const std::size_t max_concurrent_;
  const std::chrono::milliseconds min_host_gap_;
  const Done& done_;
  HostMemory* memory_;

  CurlMulti multi_;  // declared first, so it is cleaned up after every easy handle below
  std::vector<CurlEasy> spare_handles_;
  std::vector<Host> hosts_;
  std::vector<std::size_t> refused_;  // indexes of requests whose URL is not fetched at all
  std::size_t waiting_ = 0;           // requests queued in hosts_
  std::vector<std::unique_ptr<Running>> running_;
};

Batch::Batch(const std::vector<FetchRequest>& requests, const FetchOptions& options,
             const FetchPoliteness& politeness, const Done& done)
    : requests_(requests),
      options_(options),
      max_concurrent_(std::max<std::size_t>(1, politeness.max_concurrent)),
      min_host_gap_(std::max(std::chrono::milliseconds(0), politeness.min_host_gap)),
      done_(done),
      memory_(politeness.memory),
      multi_(curl_multi_init()) {
  std::unordered_map<std::string, std::size_t> host_slots;
  for (std::size_t index = 0; index < requests.size(); ++index) {
    const auto parts = split_authority(requests[index].url);
    if (refuse_url(requests[index].url) || !parts) {
      refused_.push_back(index);
      continue;
    }
    const std::string key = host_key_of(*parts);
    const auto [slot, added] = host_slots.try_emplace(key, hosts_.size());
    if (added) {
      Host host;
      host.key = key;
      if (memory_ != nullptr) {
        host.ready_at = (*memory_)[key].ready_at;
        host.blocked_until = (*memory_)[key].blocked_until;
      }
      hosts_.push_back(std::move(host));
    }
    hosts_[slot->second].waiting.push_back(index);
    ++waiting_;
  }
}

void Batch::run(const std::atomic<bool>* stop) {
  const auto stopped = [stop] { return stop != nullptr && stop->load(); };
  if (stopped()) return;
  report_refused();
  if (!multi_) {
    fail_everything("cannot start libcurl");
    return;
  }
  while (true) {
    if (stopped()) {
      abandon_running();
      return;
    }
    defer_blocked_hosts();
    start_ready_transfers();
    if (!has_work()) return;
    int still_running = 0;
    if (const CURLMcode code = curl_multi_perform(multi_.get(), &still_running); code != CURLM_OK) {
      fail_everything(fmt::format("libcurl failed: {}", lower_first(curl_multi_strerror(code))));
      return;
    }
    collect_finished();
    if (!has_work()) return;
    // Waits for traffic, curl's own timers, a host coming out of its gap, or at most 100 ms so
    // the stop flag is seen promptly.
    if (const CURLMcode code =
            curl_multi_poll(multi_.get(), nullptr, 0, poll_timeout_ms(), nullptr);
        code != CURLM_OK) {
      fail_everything(fmt::format("libcurl failed: {}", lower_first(curl_multi_strerror(code))));
      return;
    }
  }
}

void Batch::report_refused() {
  for (const std::size_t index : refused_) {
    const std::string& url = requests_[index].url;
    done_(index, failed_result(url, refuse_url(url).value_or("malformed URL " + url)));
  }
  refused_.clear();
}

// The requests to a host that asked to wait are not sent in this batch: each is reported
// deferred at once, with how long the host still wants.
void Batch::defer_blocked_hosts() {
  const auto now = Clock::now();
  for (Host& host : hosts_) {
    if (host.busy || host.waiting.empty() || host.blocked_until <= now) continue;
    const auto wait = std::chrono::ceil<std::chrono::seconds>(host.blocked_until - now);
    while (!host.waiting.empty()) {
      const std::size_t index = host.waiting.front();
      host.waiting.pop_front();
      --waiting_;
      FetchResult result = failed_result(
          requests_[index].url,
          fmt::format("not sent: {} asked to wait {} s (Retry-After)", host.key, wait.count()));
      result.outcome = FetchOutcome::deferred;
      result.retry_after = wait;
      done_(index, std::move(result));
    }
  }
}

void Batch::start_ready_transfers() {
  const auto now = Clock::now();
  while (running_.size() < max_concurrent_ && waiting_ > 0) {
    // Of the hosts free to take a request, the one whose next request comes first in the
    // list: requests keep their order as far as politeness allows.
    std::size_t best = hosts_.size();
    for (std::size_t slot = 0; slot < hosts_.size(); ++slot) {
      const Host& host = hosts_[slot];
      if (host.busy || host.waiting.empty() || host.ready_at > now) continue;
      if (best == hosts_.size() || host.waiting.front() < hosts_[best].waiting.front()) {
        best = slot;
      }
    }
    if (best == hosts_.size()) return;
    start_next(hosts_[best], best);
  }
}

void Batch::start_next(Host& host, std::size_t host_slot) {
  const std::size_t index = host.waiting.front();
  host.waiting.pop_front();
  --waiting_;
  const FetchRequest& request = requests_[index];

  CurlEasy handle;
  if (!spare_handles_.empty()) {
    handle = std::move(spare_handles_.back());
    spare_handles_.pop_back();
  } else {
    handle.reset(curl_easy_init());
  }
  if (!handle) {
    done_(index, failed_result(request.url, "cannot start libcurl"));
    return;
  }
  auto transfer = std::make_unique<Transfer>(request, options_, std::move(handle));
  if (!transfer->ready()) {
    done_(index, transfer->finish(CURLE_OK));
    return;
  }
  transfer->mark_started();
  auto running = std::make_unique<Running>(index, host_slot, std::move(transfer), multi_.get());
  if (!running->membership.joined()) {
    done_(index, failed_result(request.url, "cannot start libcurl"));
    return;
  }
  host.busy = true;
  running_.push_back(std::move(running));
}

void Batch::collect_finished() {
  int messages_left = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_.get(), &messages_left)) {
    if (message->msg != CURLMSG_DONE) continue;
    // `message` dies with the handle's removal from the multi: copy what it says first.
    CURL* const easy = message->easy_handle;
    const CURLcode code = message->data.result;
    const auto it = std::find_if(running_.begin(), running_.end(), [easy](const auto& running) {
      return running->transfer->handle() == easy;
    });
    if (it == running_.end()) continue;
    std::unique_ptr<Running> finished = std::move(*it);
    running_.erase(it);
    finished->membership.leave();

    FetchResult result = finished->transfer->finish(code);
    Host& host = hosts_[finished->host];
    host.busy = false;
    host.ready_at = Clock::now() + min_host_gap_;
    if (result.retry_after && (result.status == 429 || result.status == 503)) {
      host.blocked_until = Clock::now() + *result.retry_after;
    }
    if (memory_ != nullptr) {
      (*memory_)[host.key].ready_at = host.ready_at;
      (*memory_)[host.key].blocked_until = host.blocked_until;
    }
    spare_handles_.push_back(finished->transfer->reuse_handle());
    done_(finished->index, std::move(result));
  }
}

void Batch::abandon_running() {
  std::sort(running_.begin(), running_.end(),
            [](const auto& a, const auto& b) { return a->index < b->index; });
  std::vector<std::unique_ptr<Running>> abandoned = std::move(running_);
  running_.clear();
  for (auto& running : abandoned) {
    running->membership.leave();
    done_(running->index, running->transfer->interrupted());
  }
}

void Batch::fail_everything(const std::string& error) {
  std::vector<std::unique_ptr<Running>> running = std::move(running_);
  running_.clear();
  for (auto& transfer : running) {
    transfer->membership.leave();
    FetchResult result = transfer->transfer->interrupted();
    result.error = error;
    done_(transfer->index, std::move(result));
  }
  for (Host& host : hosts_) {
    while (!host.waiting.empty()) {
      const std::size_t index = host.waiting.front();
      host.waiting.pop_front();
      --waiting_;
      done_(index, failed_result(requests_[index].url, error));
    }
  }
}

int Batch::poll_timeout_ms() const {
  auto wait = std::chrono::milliseconds(100);
  if (running_.size() < max_concurrent_) {
    const auto now = Clock::now();
    for (const Host& host : hosts_) {
      if (host.busy || host.waiting.empty()) continue;
      const auto until_ready = std::chrono::ceil<std::chrono::milliseconds>(host.ready_at - now);
      wait = std::clamp(until_ready, std::chrono::milliseconds(0), wait);
    }
  }
  return static_cast<int>(wait.count());
}

}  // namespace

std::string default_user_agent() {
  return "storytrail/" STORYTRAIL_VERSION " (+https://github.com/storytrail/storytrail)";
}

FetchResult fetch(const FetchRequest& request, const FetchOptions& options) {
  init_curl_once();
  if (auto refusal = refuse_url(request.url)) return failed_result(request.url, *refusal);
  CurlEasy handle(curl_easy_init());
  if (!handle) return failed_result(request.url, "cannot start libcurl");
  Transfer transfer(request, options, std::move(handle));
  if (!transfer.ready()) return transfer.finish(CURLE_OK);
  transfer.mark_started();
  return transfer.finish(curl_easy_perform(transfer.handle()));
}

void fetch_all(const std::vector<FetchRequest>& requests, const FetchOptions& options,
               const FetchPoliteness& politeness,
               const std::function<void(std::size_t index, FetchResult result)>& done,
               const std::atomic<bool>* stop) {
  init_curl_once();
  Batch batch(requests, options, politeness, done);
  batch.run(stop);
}

}  // namespace st
