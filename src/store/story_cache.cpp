#include "store/story_cache.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace st {
namespace {

constexpr std::string_view kHeader = "storytrail stories cache 1\n";

std::filesystem::path cache_path(const std::filesystem::path& store_dir) {
  return store_dir / "storytrail" / "stories.cache";
}

// Reads a space-terminated field from `line`, advancing it.
std::string_view field(std::string_view& line) {
  const auto space = line.find(' ');
  const std::string_view value = line.substr(0, space);
  line = space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
  return value;
}

template <typename Int>
bool number(std::string_view text, Int& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::vector<CachedStory> parse_story_cache(std::string_view text) {
  std::vector<CachedStory> cache;
  if (!text.starts_with(kHeader)) return cache;
  text.remove_prefix(kHeader.size());
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    // <tip> <revisions> <first> <last> <slug> <headline...>
    CachedStory entry;
    entry.tip = std::string(field(line));
    if (entry.tip.size() != 40) continue;
    if (!number(field(line), entry.summary.revisions) ||
        !number(field(line), entry.summary.first_captured_at) ||
        !number(field(line), entry.summary.last_captured_at)) {
      continue;
    }
    entry.summary.story = std::string(field(line));
    if (entry.summary.story.empty()) continue;
    entry.summary.headline = std::string(line);
    cache.push_back(std::move(entry));
  }
  const auto by_story = [](const CachedStory& a, const CachedStory& b) {
    return a.summary.story < b.summary.story;
  };
  if (!std::is_sorted(cache.begin(), cache.end(), by_story)) {
    std::sort(cache.begin(), cache.end(), by_story);
  }
  return cache;
}

std::string format_story_cache(const std::vector<CachedStory>& stories) {
  std::string text(kHeader);
  for (const CachedStory& s : stories) {
    text +=
        fmt::format("{} {} {} {} {} {}\n", s.tip, s.summary.revisions, s.summary.first_captured_at,
                    s.summary.last_captured_at, s.summary.story, s.summary.headline);
  }
  return text;
}

std::string read_cache_file(const std::filesystem::path& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return {};
  std::string text;
  char buffer[1 << 16];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, n);
  std::fclose(file);
  return text;
}

void write_cache_file(const std::filesystem::path& path, std::string_view text) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  const auto temp =
      path.parent_path() / fmt::format("{}.{}.tmp", path.filename().string(), ::getpid());
  std::FILE* file = std::fopen(temp.c_str(), "wb");
  if (file == nullptr) return;
  const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed || std::rename(temp.c_str(), path.c_str()) != 0) {
    std::filesystem::remove(temp, ec);
  }
}

std::vector<CachedStory> read_story_cache(const std::filesystem::path& store_dir) {
  return parse_story_cache(read_cache_file(cache_path(store_dir)));
}

void write_story_cache(const std::filesystem::path& store_dir,
                       const std::vector<CachedStory>& stories) {
  write_cache_file(cache_path(store_dir), format_story_cache(stories));
}

std::filesystem::path chain_cache_path(const std::filesystem::path& store_dir,
                                       std::string_view story) {
  return store_dir / "storytrail" / "chains" / std::string(story);
}

std::string format_chain_cache(std::string_view tip, const std::vector<RevisionInfo>& revisions) {
  std::string text = fmt::format("tip {}\n", tip);
  for (const RevisionInfo& r : revisions) {
    text += fmt::format("{}\t{}\t{}\t{}\n", r.id, r.captured_at, r.url, r.headline);
  }
  return text;
}

std::optional<std::vector<RevisionInfo>> parse_chain_cache(std::string_view text,
                                                           std::string_view tip) {
  const std::string header = fmt::format("tip {}\n", tip);
  if (!text.starts_with(header)) return std::nullopt;
  text.remove_prefix(header.size());
  std::vector<RevisionInfo> revisions;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    if (end == std::string_view::npos) return std::nullopt;  // cut short
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end + 1);
    std::string_view fields[4];
    for (int f = 0; f < 3; ++f) {
      const std::size_t tab = line.find('\t');
      if (tab == std::string_view::npos) return std::nullopt;
      fields[f] = line.substr(0, tab);
      line.remove_prefix(tab + 1);
    }
    fields[3] = line;
    if (fields[0].size() != 40) return std::nullopt;
    RevisionInfo info;
    info.number = static_cast<int>(revisions.size()) + 1;
    info.id = std::string(fields[0]);
    const auto [ptr, error] =
        std::from_chars(fields[1].data(), fields[1].data() + fields[1].size(), info.captured_at);
    if (error != std::errc() || ptr != fields[1].data() + fields[1].size()) return std::nullopt;
    info.url = std::string(fields[2]);
    info.headline = std::string(fields[3]);
    revisions.push_back(std::move(info));
  }
  if (revisions.empty() || revisions.back().id != tip) return std::nullopt;
  return revisions;
}

}  // namespace st
