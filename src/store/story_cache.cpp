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
    text += fmt::format("{} {} {} {} {} {}\n", s.tip, s.summary.revisions,
                        s.summary.first_captured_at, s.summary.last_captured_at, s.summary.story,
                        s.summary.headline);
  }
  return text;
}

std::vector<CachedStory> read_story_cache(const std::filesystem::path& store_dir) {
  std::FILE* file = std::fopen(cache_path(store_dir).c_str(), "rb");
  if (file == nullptr) return {};
  std::string text;
  char buffer[1 << 16];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, n);
  std::fclose(file);
  return parse_story_cache(text);
}

void write_story_cache(const std::filesystem::path& store_dir,
                       const std::vector<CachedStory>& stories) {
  const auto path = cache_path(store_dir);
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  const auto temp = path.parent_path() / fmt::format("stories.cache.{}.tmp", ::getpid());
  std::FILE* file = std::fopen(temp.c_str(), "wb");
  if (file == nullptr) return;
  const std::string text = format_story_cache(stories);
  const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed || std::rename(temp.c_str(), path.c_str()) != 0) {
    std::filesystem::remove(temp, ec);
  }
}

}  // namespace st
