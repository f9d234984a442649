// Where the store writes new git objects: straight into the object database as loose objects
// (one `add`), or into one pack file (`import`). The store builds raw git object bytes itself,
// so both sinks see exactly the same content and ids.
#pragma once

#include <git2.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "store/git.hpp"
#include "util/result.hpp"

namespace st {

// An object ready to be stored: its id is computed and, for a pack, its pack entry (type and
// size header, then the zlib-compressed bytes) may already be made. Preparing is pure and
// thread-safe, so batches prepare their objects on every core.
struct PreparedObject {
  git_object_t type = GIT_OBJECT_BLOB;
  git_oid id{};
  std::string pack_entry;      // empty when not prepared for a pack
  std::uint32_t pack_crc = 0;  // CRC-32 of pack_entry, as .idx files record it
};

PreparedObject prepare_object(git_object_t type, std::string_view content, bool for_pack);

class ObjectSink {
 public:
  virtual ~ObjectSink() = default;
  // True when prepare_object should make pack entries for this sink.
  virtual bool wants_pack_entries() const = 0;
  // Stores a prepared object (unless the store already has it); `content` is its raw bytes.
  // A pack sink takes over the object's pack entry rather than copying it.
  virtual Result<void> put(PreparedObject& object, std::string_view content) = 0;
  // Prepares and stores an object; returns its id.
  Result<git_oid> write(git_object_t type, std::string_view content);
};

// Loose objects through libgit2, fsynced when the store enabled fsync.
class LooseObjectSink final : public ObjectSink {
 public:
  explicit LooseObjectSink(git_odb* odb) : odb_(odb) {}
  bool wants_pack_entries() const override { return false; }
  Result<void> put(PreparedObject& object, std::string_view content) override;

 private:
  git_odb* odb_;
};

// Collects objects into one pack. finish() writes objects/pack/pack-<sha>.pack and its .idx
// (version 2) directly, each fsynced before it is renamed into place, the .idx last so the
// pack becomes visible only once complete. Objects are whole (no deltas), compressed with
// zlib level 1: writing speed matters more here, and `git gc` may repack later.
class PackObjectSink final : public ObjectSink {
 public:
  PackObjectSink(git_odb* odb, std::filesystem::path objects_dir)
      : odb_(odb), objects_dir_(std::move(objects_dir)) {}
  bool wants_pack_entries() const override { return true; }
  Result<void> put(PreparedObject& object, std::string_view content) override;
  std::size_t object_count() const { return index_.size(); }
  // Writes the pack (nothing when no object was added). Objects are durable when it returns.
  Result<void> finish();

 private:
  struct IndexEntry {
    git_oid id;
    std::uint64_t offset;  // of the entry in the pack file, header included
    std::uint32_t crc;     // CRC-32 of the entry's bytes, as .idx files record it
  };
  struct OidHash {
    std::size_t operator()(const git_oid& id) const;
  };
  struct OidEqual {
    bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_equal(&a, &b); }
  };
  git_odb* odb_;
  std::filesystem::path objects_dir_;
  std::vector<std::string> entries_;  // the pack's object entries, in order
  std::uint64_t entries_size_ = 0;    // their total size in bytes
  std::vector<IndexEntry> index_;
  std::unordered_set<git_oid, OidHash, OidEqual> seen_;
};

}  // namespace st
