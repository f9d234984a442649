#include "cli/capture.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>

#include "extract/extract.hpp"
#include "util/slug.hpp"

namespace st::cli {

Result<std::string> read_capture_file(const std::string& path) {
  const auto too_large = [&] {
    return fail("'{}' is larger than {} MB, the most a capture may be", path,
                kMaxCaptureBytes / (1024 * 1024));
  };
  std::FILE* file = stdin;
  if (path != "-") {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
      return fail("cannot read '{}': {}", path, std::strerror(errno));
    }
    if (S_ISDIR(info.st_mode)) return fail("'{}' is a directory, not a saved page", path);
    if (S_ISREG(info.st_mode) && static_cast<std::size_t>(info.st_size) > kMaxCaptureBytes) {
      return too_large();
    }
    file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) return fail("cannot read '{}': {}", path, std::strerror(errno));
  }
  // Read to the end rather than trusting the size: pipes and process substitutions have none,
  // and a file may grow while it is read.
  std::string bytes;
  char buffer[1 << 16];
  std::size_t n;
  bool large = false;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
    bytes.append(buffer, n);
    if (bytes.size() > kMaxCaptureBytes) {
      large = true;
      break;
    }
  }
  const bool failed = std::ferror(file) != 0;
  const int saved = errno;
  if (file != stdin) std::fclose(file);
  if (large) return too_large();
  if (failed) {
    return fail("cannot read '{}': {}", path == "-" ? "standard input" : path,
                std::strerror(saved));
  }
  return bytes;
}

Result<std::optional<SiteRules>> load_site_rules(const std::string& path) {
  if (path.empty()) return std::optional<SiteRules>();
  auto text = read_capture_file(path);
  if (!text) return std::move(text).error();
  auto rules = SiteRules::parse(*text, path);
  if (!rules) return std::move(rules).error();
  return std::optional<SiteRules>(std::move(*rules));
}

std::string content_type_for(std::string_view type) {
  if (type == "html") return "text/html";
  if (type == "text") return "text/plain";
  return {};
}

Result<NewCapture> make_capture(const CaptureRequest& request, std::string bytes) {
  if (!request.story.empty()) {
    if (auto ok = check_slug(request.story); !ok) return std::move(ok).error();
  }
  if (bytes.empty()) return fail("'{}' is empty", request.file);
  ExtractInput input{
      bytes, request.url,
      request.content_type.empty() ? content_type_for(request.type) : request.content_type,
      request.rules};
  const CaptureKind kind = sniff_capture_kind(bytes, input.content_type);
  auto article = extract_article(input);
  if (!article) return fail("{}: {}", request.file, article.error().message);

  NewCapture capture;
  capture.story = request.story;
  if (capture.story.empty() && !request.url.empty()) capture.story = slug_from_url(request.url);
  if (capture.story.empty()) capture.story = slug_from_text(article->headline);
  if (capture.story.empty()) {
    return fail("cannot name the story of '{}'; give a name with --story", request.file);
  }
  capture.captured_at = request.captured_at;
  capture.source_url = request.url;
  capture.article = std::move(*article);
  capture.source_name = kind == CaptureKind::html ? "source.html" : "source.txt";
  capture.source = std::move(bytes);
  return capture;
}

}  // namespace st::cli
