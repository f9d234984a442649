// Caches of derived data, so reading commands need not read one commit per story or per
// revision. The story cache lists every story's summary; the chain caches list each story's
// revisions.
//
// Kept in <store>/storytrail/stories.cache. Each line holds a story's tip commit id with the
// summary read from that commit. A commit never changes, so an entry is valid exactly while
// its story's ref still points at that commit; a stale entry is simply read again. The cache
// is derived data: deleting it loses nothing, and writers never need to update it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/revision_store.hpp"

namespace st {

struct CachedStory {
  std::string tip;  // the commit id the summary was read from, 40 hex digits
  StorySummary summary;
};

// Parses the cache file's text, sorted by story; lines that do not parse are skipped (those
// stories are read again).
std::vector<CachedStory> parse_story_cache(std::string_view text);
std::string format_story_cache(const std::vector<CachedStory>& stories);

// Reads the cache of the store at `store_dir`; empty when missing or unreadable.
std::vector<CachedStory> read_story_cache(const std::filesystem::path& store_dir);
// Replaces the cache atomically (temporary file and rename). Failures are ignored: a store on
// read-only media still lists its stories, only more slowly.
void write_story_cache(const std::filesystem::path& store_dir,
                       const std::vector<CachedStory>& stories);

// A cache file's text; empty when missing or unreadable.
std::string read_cache_file(const std::filesystem::path& path);
// Replaces a cache file atomically (temporary file and rename), creating its folder. Failures
// are ignored: a cache is only ever a shortcut.
void write_cache_file(const std::filesystem::path& path, std::string_view text);

// The chain cache of a story: <store>/storytrail/chains/<slug>, "tip <id>" then one line per
// revision, oldest first: id, capture time (seconds), source URL and headline, tab-separated
// (neither can hold a tab or a line break). Valid exactly while the story's ref points at that
// tip, which must be the last revision.
std::filesystem::path chain_cache_path(const std::filesystem::path& store_dir,
                                       std::string_view story);
std::string format_chain_cache(std::string_view tip, const std::vector<RevisionInfo>& revisions);
// The revisions, or nothing when the text is not a complete cache for `tip`.
std::optional<std::vector<RevisionInfo>> parse_chain_cache(std::string_view text,
                                                           std::string_view tip);

}  // namespace st
