// Turning a file the user names into a capture ready for the store: read, extract, name.
#pragma once

#include <optional>
#include <string>

#include "extract/site_rules.hpp"
#include "store/revision_store.hpp"
#include "util/result.hpp"

namespace st::cli {

// The largest capture accepted, in bytes.
inline constexpr std::size_t kMaxCaptureBytes = 20 * 1024 * 1024;

// Reads a whole file, or standard input for "-". Fails on a missing, unreadable or oversized
// file and on a directory.
Result<std::string> read_capture_file(const std::string& path);

// Reads and checks the site rules file of --rules (src/extract/site_rules.hpp has the format);
// nothing when the option was not given.
Result<std::optional<SiteRules>> load_site_rules(const std::string& path);

// The content type that --type html|text stands for; empty (sniff the bytes) otherwise.
std::string content_type_for(std::string_view type);

struct CaptureRequest {
  std::string file;   // for messages and the source file's name
  std::string story;  // empty: derived from the URL, else from the headline
  std::string url;    // may be empty
  std::string type;   // "html", "text" or "" (sniffed)
  UnixSeconds captured_at = 0;
  const SiteRules* rules = nullptr;  // the user's site rules, if any
  std::string content_type;          // the HTTP Content-Type of a fetched page; wins over `type`
};

// Extracts the article from `bytes` and fills a NewCapture, naming the story when the request
// does not. Validates everything, so a capture that passes can be stored.
Result<NewCapture> make_capture(const CaptureRequest& request, std::string bytes);

}  // namespace st::cli
