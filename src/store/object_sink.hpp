// Where the store writes new git objects: straight into the object database as loose objects
// (one `add`), or into one pack file (`import`). Objects are built as raw git object bytes by
// the store itself, so both sinks see exactly the same content and ids.
#pragma once

#include <git2.h>

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "store/git.hpp"
#include "util/result.hpp"

namespace st {

class ObjectSink {
 public:
  virtual ~ObjectSink() = default;
  // Stores an object (unless the database already has it) and returns its id.
  virtual Result<git_oid> write(git_object_t type, std::string_view content) = 0;
};

// Loose objects through libgit2, fsynced when the store enabled fsync.
class LooseObjectSink final : public ObjectSink {
 public:
  explicit LooseObjectSink(git_odb* odb) : odb_(odb) {}
  Result<git_oid> write(git_object_t type, std::string_view content) override;

 private:
  git_odb* odb_;
};

// Collects objects into one pack, written by finish(): zlib-compressed whole objects, streamed
// through libgit2's pack indexer, which writes the .pack and .idx into objects/pack.
class PackObjectSink final : public ObjectSink {
 public:
  explicit PackObjectSink(git_odb* odb) : odb_(odb) {}
  Result<git_oid> write(git_object_t type, std::string_view content) override;
  std::size_t object_count() const { return count_; }
  // Writes the pack (nothing when no object was added). Objects are durable when it returns.
  Result<void> finish();

 private:
  struct OidHash {
    std::size_t operator()(const git_oid& id) const;
  };
  struct OidEqual {
    bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_equal(&a, &b); }
  };
  git_odb* odb_;
  std::string entries_;  // the pack's object entries, in order, without header or trailer
  std::size_t count_ = 0;
  std::unordered_set<git_oid, OidHash, OidEqual> seen_;
};

}  // namespace st
