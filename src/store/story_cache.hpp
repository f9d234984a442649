// A cache of story summaries, so `storytrail stories` need not read one commit per story.
//
// Kept in <store>/storytrail/stories.cache. Each line holds a story's tip commit id with the
// summary read from that commit. A commit never changes, so an entry is valid exactly while
// its story's ref still points at that commit; a stale entry is simply read again. The cache
// is derived data: deleting it loses nothing, and writers never need to update it.
#pragma once

#include <filesystem>
#include <string>
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
void write_story_cache(const std::filesystem::path& store_dir, const std::vector<CachedStory>& stories);

}  // namespace st
