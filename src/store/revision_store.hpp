// The git-backed revision store. The format is a contract documented in store/README.md:
// a bare git repository, one ref per story (refs/stories/<slug>) whose first-parent chain holds
// the revisions in capture order, one commit per revision with article.json, article.txt and
// the captured source in its tree.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "article/article.hpp"
#include "util/result.hpp"
#include "util/time.hpp"

struct git_repository;

namespace st {

struct RevisionInfo {
  int number = 0;  // 1-based position in capture order
  std::string id;  // the commit id, 40 hex digits
  UnixSeconds captured_at = 0;
  std::string headline;
  std::string url;  // Source-URL, may be empty
};

struct StorySummary {
  std::string story;
  int revisions = 0;
  UnixSeconds first_captured_at = 0;
  UnixSeconds last_captured_at = 0;
  std::string headline;  // of the latest revision
};

struct StoredRevision {
  RevisionInfo info;
  Article article;
  std::string text;  // article.txt
};

// One capture to record.
struct NewCapture {
  std::string story;
  UnixSeconds captured_at = 0;
  std::string source_url;  // may be empty
  Article article;
  std::string source;       // the captured bytes
  std::string source_name;  // "source.html" or "source.txt"
};

struct AddResult {
  enum class Outcome { stored, unchanged } outcome = Outcome::stored;
  std::string story;
  int number = 0;   // stored: the new revision's number; unchanged: the revision it equals
  std::string id;   // that revision's commit id
  int rebuilt = 0;  // stored: later revisions rebuilt on top of it (a late capture)
  bool replaced_later = false;  // stored: it took the place of a later capture of its text
  UnixSeconds captured_at = 0;
};

class RevisionStore {
 public:
  enum class Access { read, write };

  // Opens the store in `dir`. With Access::write a missing store is created: `dir` may be
  // absent, empty, or hold only README.md and .gitignore (as the project's store/ folder does),
  // or be a git repository with no refs. Anything else is refused with a message, never
  // overwritten. With Access::read a missing store is an error.
  static Result<RevisionStore> open(const std::filesystem::path& dir, Access access);

  RevisionStore(RevisionStore&&) noexcept;
  RevisionStore& operator=(RevisionStore&&) noexcept;
  ~RevisionStore();

  const std::filesystem::path& path() const { return path_; }

  // Every story, sorted by slug.
  Result<std::vector<StorySummary>> stories() const;
  // The revisions of one story, oldest first. An unknown story is an error. Read from the
  // story's chain cache when it is up to date, else from every commit of the story.
  Result<std::vector<RevisionInfo>> revisions(std::string_view story) const;
  // Keeps `revisions` (as revisions() gave them) in the story's chain cache, so that the next
  // reading command need not read every commit. Commands call it once they have succeeded: a
  // command that fails changes nothing in the store. Failures are ignored (a cache is only a
  // shortcut).
  void remember_revisions(std::string_view story, const std::vector<RevisionInfo>& revisions) const;
  Result<StoredRevision> read(const RevisionInfo& revision) const;
  // The revision's article alone (its article.json), without article.txt: what diffs and
  // timelines need, read faster.
  Result<Article> read_article(const RevisionInfo& revision) const;

  // Records one capture: stored as a new revision in capture order, or `unchanged` when its
  // canonical text equals the revision current at its capture time. Durable when it returns
  // (objects and the ref are fsynced); safe against concurrent writers (compare-and-swap).
  Result<AddResult> add(const NewCapture& capture);

  // The tracking document (what `track`, `feed add` and `watch` keep, src/track/tracking.hpp):
  // the text of tracking.json in the commit at refs/storytrail/tracking, or empty when there is
  // none yet. Each change is a new commit of its own on that ref (no parent, no reflog): only
  // the latest version is kept.
  Result<std::string> read_tracking() const;

  // Changes the tracking document: `change` gets the current text and returns the new one.
  // The ref moves by compare-and-swap, so when another process changed the document meanwhile,
  // `change` runs again on its text; nothing is written when the text stays the same.
  using TrackingChange = std::function<Result<std::string>(const std::string& current)>;
  Result<void> update_tracking(const TrackingChange& change, std::string_view message);

  // Records many captures in one pass: all objects go into one pack and each story's ref
  // moves once. `progress` is called after each capture is placed (done, total). Results are
  // in the order of `captures`.
  using Progress = std::function<void(std::size_t done, std::size_t total)>;
  Result<std::vector<AddResult>> import(const std::vector<NewCapture>& captures,
                                        const Progress& progress = {});

  struct Impl;  // the libgit2 side, defined in revision_store.cpp

 private:
  explicit RevisionStore(std::unique_ptr<Impl> impl, std::filesystem::path path);
  std::unique_ptr<Impl> impl_;
  std::filesystem::path path_;
  // Stories whose chain cache this object found up to date, with the tip it names: the
  // reading commands need not check them again.
  mutable std::unordered_map<std::string, std::string> fresh_chain_caches_;
};

// The format version this program reads and writes (config key storytrail.version).
inline constexpr int kStoreFormatVersion = 1;

}  // namespace st
