// Fetching pages and feeds over HTTP(S) with libcurl. This module touches the network and
// nothing else: it knows nothing of the store, extraction or schedules.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace st {

// What is being fetched decides which content types are accepted.
enum class FetchKind {
  page,  // text/html, application/xhtml+xml (or no Content-Type at all)
  feed,  // application/rss+xml, application/atom+xml, application/rdf+xml, application/xml,
         // text/xml (or no Content-Type at all)
};

struct FetchRequest {
  std::string url;  // http or https
  FetchKind kind = FetchKind::page;
  std::string etag;           // sent as If-None-Match when not empty
  std::string last_modified;  // sent as If-Modified-Since when not empty
};

// Limits and identity of every request.
struct FetchOptions {
  int max_redirects = 5;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{30'000};
  // A transfer slower than this many bytes a second for `low_speed_time` is cut (a server that
  // drips one byte a second).
  long low_speed_bytes = 100;
  std::chrono::seconds low_speed_time{10};
  std::size_t max_body_bytes = 10 * 1024 * 1024;  // after decompression
  std::string user_agent;                         // empty: default_user_agent()
};

// "storytrail/<version> (+https://github.com/storytrail/storytrail)"
std::string default_user_agent();

enum class FetchOutcome {
  ok,            // 2xx with a body of an accepted type
  not_modified,  // 304 to a conditional request
  http_error,    // any other status (4xx, 5xx, 3xx without a usable Location)
  failed,        // no usable response: connection refused, DNS failure, timeout, too many
                 // redirects, redirect to another scheme, body over the limit, truncated
                 // body, content type not accepted, TLS error...
  deferred,      // fetch_all did not send it: its host asked to wait (Retry-After on a 429 or
                 // 503 to another request); `retry_after` says how much longer
};

// The longest Retry-After honoured: a server asking for more is waited for this long.
inline constexpr std::chrono::seconds kMaxRetryAfter{7 * 24 * 3600};

struct FetchResult {
  FetchOutcome outcome = FetchOutcome::failed;
  long status = 0;           // the last HTTP status; 0 when there was no response
  std::string final_url;     // after redirects (the request's URL when none)
  std::string content_type;  // the Content-Type header as sent, may be empty
  std::string charset;       // its charset parameter, lower case, may be empty
  std::string etag;          // validators of the response, to send back next time
  std::string last_modified;
  std::optional<std::chrono::seconds> retry_after;  // from Retry-After (seconds or HTTP date)
  std::string body;                                 // decoded (gzip, deflate, br); empty unless ok
  std::string error;  // failed/http_error: one line for the user, e.g.
                      // "connection refused", "HTTP 404 Not Found", "timed out after
                      // 30 s", "redirect to ftp://...: only http and https are
                      // followed", "more than 5 redirects", "body over 10 MB",
                      // "not an HTML page (application/pdf)", "body cut short"
  std::chrono::milliseconds elapsed{0};
};

// One request, blocking.
FetchResult fetch(const FetchRequest& request, const FetchOptions& options = {});

// Politeness across many requests.
// What fetch_all remembers of each host between calls, so that one process's batches (a
// feed, then its articles) keep the gap and a Retry-After across them.
class HostMemory {
 public:
  using Clock = std::chrono::steady_clock;
  struct Host {
    Clock::time_point ready_at{};       // the gap after the last request
    Clock::time_point blocked_until{};  // a Retry-After the host gave
  };
  Host& operator[](const std::string& host_key) { return hosts_[host_key]; }

 private:
  std::map<std::string, Host> hosts_;
};

struct FetchPoliteness {
  std::size_t max_concurrent = 8;                // requests in flight at once, overall
  std::chrono::milliseconds min_host_gap{1000};  // between the end of one request to a host and
                                                 // the start of the next to the same host
  HostMemory* memory = nullptr;                  // kept across calls when given
};

// Fetches every request, at most `max_concurrent` at once (0 counts as 1) and one at a time per
// host, with at least `min_host_gap` between two requests to one host. A host is the URL's host
// name and port (the scheme's default when none is written) of the request's URL; a redirect
// elsewhere is not counted against the host it leads to. The requests of one host go in the
// order given. Each result is handed to `done` (on the calling thread) as soon as it is
// complete, with the request's index (0-based); requests whose URL is not http or https are
// reported failed first. Connections are kept and reused between requests to one host.
// When `stop` becomes true (it is read at least every 100 ms; `done` may set it), requests not
// started are not started and NOT reported, those in flight are abandoned (reported as failed,
// "interrupted"), and the call returns. So `done` is called at most once per index, and exactly
// once for each when `stop` stays false; an interrupted caller knows the rest as the indexes
// it never got. An exception from `done` ends the call, dropping the transfers in flight.
void fetch_all(const std::vector<FetchRequest>& requests, const FetchOptions& options,
               const FetchPoliteness& politeness,
               const std::function<void(std::size_t index, FetchResult result)>& done,
               const std::atomic<bool>* stop = nullptr);

}  // namespace st
