#include "store/revision_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <thread>
#include <tuple>
#include <utility>

#include "store/chain.hpp"
#include "store/git.hpp"
#include "store/locks.hpp"
#include "store/object_sink.hpp"
#include "store/story_cache.hpp"
#include "util/parallel.hpp"
#include "util/slug.hpp"

namespace st {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kStoryRefPrefix = "refs/stories/";
constexpr std::string_view kIdentity = "storytrail <storytrail@localhost>";

// ---- commit messages -------------------------------------------------------------------------

struct RevisionMessage {
  std::string headline;
  std::string story;
  int number = 0;                    // Revision: trailer, 0 when absent
  std::optional<UnixSeconds> first;  // First-Captured-At: trailer
  std::string url;                   // Source-URL: trailer
};

std::string headline_or_untitled(std::string_view headline) {
  return headline.empty() ? std::string("(untitled)") : std::string(headline);
}

std::string format_message(const RevisionMessage& m, UnixSeconds captured_at) {
  std::string message = headline_or_untitled(m.headline) + "\n\n";
  message += fmt::format("Story: {}\nRevision: {}\nCaptured-At: {}\n", m.story, m.number,
                         format_time(captured_at));
  if (m.first) message += fmt::format("First-Captured-At: {}\n", format_time(*m.first));
  if (!m.url.empty()) message += fmt::format("Source-URL: {}\n", m.url);
  return message;
}

RevisionMessage parse_message(std::string_view message) {
  RevisionMessage m;
  const auto end_of_subject = message.find('\n');
  m.headline = std::string(message.substr(0, end_of_subject));
  // Trailers are the last paragraph; each key counts once, its first occurrence.
  const auto trailers = message.rfind("\n\n");
  if (trailers == std::string_view::npos || trailers < end_of_subject) return m;
  bool seen_story = false, seen_number = false, seen_first = false, seen_url = false;
  const auto once = [](bool& seen) { return !std::exchange(seen, true); };
  std::size_t pos = trailers + 1;
  while (pos != std::string_view::npos && pos < message.size()) {
    const std::size_t start = pos + 1;
    pos = message.find('\n', start);
    const std::string_view line =
        message.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start);
    const auto colon = line.find(": ");
    if (colon == std::string_view::npos) continue;
    const std::string_view key = line.substr(0, colon);
    const std::string_view value = line.substr(colon + 2);
    if (key == "Story" && once(seen_story)) {
      m.story = std::string(value);
    } else if (key == "Revision" && once(seen_number)) {
      m.number = std::atoi(std::string(value).c_str());
    } else if (key == "First-Captured-At" && once(seen_first)) {
      if (auto t = parse_time(value)) m.first = *t;
    } else if (key == "Source-URL" && once(seen_url)) {
      m.url = std::string(value);
    }
  }
  return m;
}

// ---- raw object bytes ------------------------------------------------------------------------

struct TreeFile {
  std::string name;
  git_oid id;
};

// A tree of plain files; git wants entries sorted by name.
std::string tree_bytes(std::vector<TreeFile> files) {
  std::sort(files.begin(), files.end(),
            [](const TreeFile& a, const TreeFile& b) { return a.name < b.name; });
  std::string bytes;
  for (const TreeFile& f : files) {
    bytes += "100644 ";
    bytes += f.name;
    bytes += '\0';
    bytes.append(reinterpret_cast<const char*>(f.id.id), GIT_OID_RAWSZ);
  }
  return bytes;
}

std::string commit_bytes(const git_oid& tree, const git_oid* parent, UnixSeconds time,
                         std::string_view message) {
  std::string bytes = "tree " + git::to_hex(tree) + "\n";
  if (parent != nullptr) bytes += "parent " + git::to_hex(*parent) + "\n";
  const std::string stamp = fmt::format("{} {} +0000\n", kIdentity, time);
  bytes += "author " + stamp;
  bytes += "committer " + stamp;
  bytes += "\n";
  bytes += message;
  return bytes;
}

// ---- the chain as stored ---------------------------------------------------------------------

// One existing revision, as much of it as placing and rebuilding need.
struct StoredEntry {
  git_oid commit;
  git_oid tree;
  git_oid text;  // article.txt
  UnixSeconds captured_at;
  RevisionMessage message;
  std::optional<git_oid> parent;  // the previous revision (first parent)
};

// A capture prepared for writing: its files are made and their blobs hashed (and compressed
// for a pack), not yet written.
struct PreparedCapture {
  const NewCapture* capture;
  std::string json;
  std::string text;
  PreparedObject json_blob;
  PreparedObject text_blob;
  PreparedObject source_blob;
};

PreparedCapture prepare(const NewCapture& capture, bool for_pack) {
  PreparedCapture p{&capture,
                    article_to_json(capture.article).dump(2) + "\n",
                    canonical_text(capture.article),
                    {},
                    {},
                    {}};
  p.json_blob = prepare_object(GIT_OBJECT_BLOB, p.json, for_pack);
  p.text_blob = prepare_object(GIT_OBJECT_BLOB, p.text, for_pack);
  if (!capture.source_name.empty()) {
    p.source_blob = prepare_object(GIT_OBJECT_BLOB, capture.source, for_pack);
  }
  return p;
}

// How long a ref update waits on a ref .lock file before taking it for stale.
constexpr int kLockedAttempts = 10;
constexpr auto kLockedPause = std::chrono::milliseconds(10);

// Sleeps a little before retrying a contended ref update; grows with the attempt number.
void back_off(int attempt) {
  static thread_local std::minstd_rand random(static_cast<unsigned>(getpid()));
  const int ceiling_us = std::min(50'000, 500 << std::min(attempt, 7));
  std::this_thread::sleep_for(std::chrono::microseconds(random() % ceiling_us));
}

// True when `dir` holds nothing but files a store may start from: the project's README.md and
// .gitignore, storytrail's own folder, and the pieces of a bare repository that `git init`
// (or a creation that was interrupted) leaves. Such a folder can become a store; anything
// else is somebody's data.
bool holds_only_store_files(const fs::path& dir) {
  static constexpr std::string_view kAllowed[] = {
      "README.md",   ".gitignore", "storytrail",  "HEAD",        "config",
      "config.lock", "HEAD.lock",  "description", "hooks",       "info",
      "objects",     "refs",       "logs",        "packed-refs", "branches"};
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (std::find(std::begin(kAllowed), std::end(kAllowed), name) == std::end(kAllowed)) {
      return false;
    }
  }
  return !ec;
}

bool looks_like_git_dir(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "HEAD", ec) && fs::is_directory(dir / "objects", ec) &&
         fs::is_directory(dir / "refs", ec);
}

// Writes the store's configuration (under the store lock, see create_store).
Result<void> mark_as_store(git_repository* repo) {
  git_config* raw = nullptr;
  if (auto ok =
          git::check(git_repository_config(&raw, repo), "cannot read the store's configuration");
      !ok) {
    return ok;
  }
  git::Config config(raw);
  // Reflogs keep every former tip of a story reachable, so a chain rebuilt for an out-of-order
  // capture loses nothing, even to `git gc`.
  for (const auto& [key, value] : {std::pair{"core.logAllRefUpdates", "always"},
                                   {"gc.reflogExpire", "never"},
                                   {"gc.reflogExpireUnreachable", "never"},
                                   {"user.name", "storytrail"},
                                   {"user.email", "storytrail@localhost"}}) {
    if (auto ok = git::check(git_config_set_string(config.get(), key, value),
                             "cannot configure the store");
        !ok) {
      return ok;
    }
  }
  // The marker goes last: a store is only a store once it is fully set up.
  return git::check(git_config_set_int32(config.get(), "storytrail.version", kStoreFormatVersion),
                    "cannot configure the store");
}

}  // namespace

// ---- the store -------------------------------------------------------------------------------

struct RevisionStore::Impl {
  git::Repository repo;
  git::Odb odb;
  fs::path path;

  std::string ref_name(std::string_view story) const {
    return std::string(kStoryRefPrefix) + std::string(story);
  }

  // The tip commit of a story; nullopt when the story does not exist.
  Result<std::optional<git_oid>> tip(std::string_view story) const {
    git_oid id;
    const int code = git_reference_name_to_id(&id, repo.get(), ref_name(story).c_str());
    if (code == GIT_ENOTFOUND) return std::optional<git_oid>();
    if (auto ok = git::check(code, fmt::format("cannot read story '{}'", story)); !ok) {
      return std::move(ok).error();
    }
    return std::optional<git_oid>(id);
  }

  Result<git::Commit> commit_of(const git_oid& commit_id) const {
    git_commit* raw = nullptr;
    if (auto ok = git::check(git_commit_lookup(&raw, repo.get(), &commit_id),
                             fmt::format("cannot read revision {}", git::to_hex(commit_id)));
        !ok) {
      return std::move(ok).error();
    }
    return git::Commit(raw);
  }

  Result<StoredEntry> load_entry(const git_oid& commit_id) const {
    auto found = commit_of(commit_id);
    if (!found) return std::move(found).error();
    const git::Commit& commit = *found;
    StoredEntry entry{commit_id,
                      *git_commit_tree_id(commit.get()),
                      {},
                      git_commit_time(commit.get()),
                      parse_message(git_commit_message(commit.get())),
                      std::nullopt};
    if (git_commit_parentcount(commit.get()) > 0)
      entry.parent = *git_commit_parent_id(commit.get(), 0);
    git_tree* tree_raw = nullptr;
    if (auto ok = git::check(git_tree_lookup(&tree_raw, repo.get(), &entry.tree),
                             "cannot read a revision's files");
        !ok) {
      return std::move(ok).error();
    }
    git::Tree tree(tree_raw);
    const git_tree_entry* text = git_tree_entry_byname(tree.get(), "article.txt");
    if (text == nullptr) {
      return fail("revision {} has no article.txt; is this a storytrail store?",
                  git::to_hex(commit_id));
    }
    entry.text = *git_tree_entry_id(text);
    return entry;
  }

  // The newest revisions of a story, oldest first, back to and including the newest one
  // captured at or before `since` (all of them when none is), and the number of the first one
  // returned.
  struct Suffix {
    std::vector<StoredEntry> entries;
    int first_number = 1;
  };
  Result<Suffix> load_suffix(const git_oid& tip_id, std::optional<UnixSeconds> since) const {
    Suffix suffix;
    std::optional<git_oid> next = tip_id;
    int tip_number = 0;
    while (next) {
      auto entry = load_entry(*next);
      if (!entry) return std::move(entry).error();
      if (suffix.entries.empty()) tip_number = entry->message.number;
      next = entry->parent;
      const bool stop = since && entry->captured_at <= *since && tip_number > 0;
      suffix.entries.push_back(std::move(*entry));
      if (stop) break;
    }
    std::reverse(suffix.entries.begin(), suffix.entries.end());
    const int count = static_cast<int>(suffix.entries.size());
    suffix.first_number = next ? tip_number - count + 1 : 1;
    return suffix;
  }

  // Moves a story's ref from `expected` (nullopt: the story is new) to `target`, only if
  // nobody moved it meanwhile. Returns false when it was moved: the caller starts over.
  // `on` is the repository handle to use (this store's by default; a thread needs its own).
  Result<bool> compare_and_swap(std::string_view story, const std::optional<git_oid>& expected,
                                const git_oid& target, const std::string& log_message,
                                git_repository* on = nullptr) const {
    return compare_and_swap_ref(ref_name(story), story_lock_path(path, story), expected, target,
                                log_message, fmt::format("story '{}'", story), on);
  }

  // compare_and_swap for any ref `name`, under the lock file `lock`; `what` names it in errors.
  Result<bool> compare_and_swap_ref(const std::string& name, const fs::path& lock,
                                    const std::optional<git_oid>& expected, const git_oid& target,
                                    const std::string& log_message, std::string_view what,
                                    git_repository* on = nullptr) const {
    if (on == nullptr) on = repo.get();
    auto guard = FileLock::acquire(lock);
    if (!guard) return std::move(guard).error();
    int code = 0;
    for (int attempt = 0;; ++attempt) {
      git_reference* raw = nullptr;
      code = expected
                 ? git_reference_create_matching(&raw, on, name.c_str(), &target, 1, &*expected,
                                                 log_message.c_str())
                 : git_reference_create(&raw, on, name.c_str(), &target, 0, log_message.c_str());
      git::Reference owner(raw);
      if (code != GIT_ELOCKED || attempt == kLockedAttempts) break;
      // No storytrail process holds the ref's .lock outside the stripe lock we hold, so it
      // was left by a killed process, or is held for a moment by another git tool: wait a
      // little for the latter, then remove it.
      std::this_thread::sleep_for(kLockedPause);
      if (attempt + 1 == kLockedAttempts) {
        remove_lock_file_older_than(path / (name + ".lock"), kLockedPause * kLockedAttempts);
      }
    }
    if (code == GIT_EMODIFIED || code == GIT_EEXISTS) return false;
    if (auto ok = git::check(code, fmt::format("cannot update {}", what)); !ok) {
      return std::move(ok).error();
    }
    return true;
  }

  // A story's summary, from its tip commit's trailers (or by walking the chain when a commit
  // lacks them).
  Result<StorySummary> summarise(const std::string& story, const git_oid& tip_id) const {
    git_commit* raw = nullptr;
    if (auto ok = git::check(git_commit_lookup(&raw, repo.get(), &tip_id),
                             fmt::format("cannot read story '{}'", story));
        !ok) {
      return std::move(ok).error();
    }
    git::Commit commit(raw);
    const RevisionMessage message = parse_message(git_commit_message(commit.get()));
    StorySummary summary{story, message.number, 0, git_commit_time(commit.get()), message.headline};
    if (message.number > 0 && message.first) {
      summary.first_captured_at = *message.first;
      return summary;
    }
    auto suffix = load_suffix(tip_id, std::nullopt);
    if (!suffix) return std::move(suffix).error();
    summary.revisions = static_cast<int>(suffix->entries.size());
    summary.first_captured_at = suffix->entries.front().captured_at;
    return summary;
  }

  // The tree of a revision's commit, without reading the rest of it.
  Result<git_oid> tree_of(const git_oid& commit_id) const {
    auto commit = commit_of(commit_id);
    if (!commit) return std::move(commit).error();
    return *git_commit_tree_id(commit->get());
  }

  Result<std::string> read_blob(const git_oid& tree_id, std::string_view name) const {
    git_tree* tree_raw = nullptr;
    if (auto ok = git::check(git_tree_lookup(&tree_raw, repo.get(), &tree_id),
                             "cannot read a revision's files");
        !ok) {
      return std::move(ok).error();
    }
    git::Tree tree(tree_raw);
    const git_tree_entry* entry = git_tree_entry_byname(tree.get(), std::string(name).c_str());
    if (entry == nullptr) return fail("the revision has no {}", name);
    git_odb_object* raw = nullptr;
    if (auto ok = git::check(git_odb_read(&raw, odb.get(), git_tree_entry_id(entry)),
                             fmt::format("cannot read {}", name));
        !ok) {
      return std::move(ok).error();
    }
    git::OdbObject object(raw);
    return std::string(static_cast<const char*>(git_odb_object_data(object.get())),
                       git_odb_object_size(object.get()));
  }
};

namespace {

// What a story's chain becomes once new captures are placed into it: built by the planner,
// written by write_chain.
struct ChainPlan {
  std::string story;
  std::optional<git_oid> old_tip;
  std::vector<StoredEntry> stored;        // the loaded suffix
  int first_number = 1;                   // number of stored[0] (or of the first new entry)
  std::vector<PreparedCapture> captures;  // the new captures, any order
  std::vector<ChainEntry> chain;          // entry.source: < stored.size() an old revision,
                                          // else stored.size() + index into captures
  std::vector<Placement> placements;      // one per capture, in the order of `captures`
  std::vector<std::size_t> equal_source;  // per capture: the entry an unchanged one equals
  std::map<std::size_t, std::size_t> replaced_by;  // source of a displaced entry -> its taker
};

Result<ChainPlan> plan_chain(const RevisionStore::Impl& store, std::string story,
                             std::vector<PreparedCapture> captures) {
  ChainPlan plan;
  plan.story = std::move(story);
  plan.captures = std::move(captures);
  auto tip = store.tip(plan.story);
  if (!tip) return std::move(tip).error();
  plan.old_tip = *tip;
  if (plan.old_tip) {
    UnixSeconds earliest = plan.captures.front().capture->captured_at;
    for (const auto& c : plan.captures) earliest = std::min(earliest, c.capture->captured_at);
    auto suffix = store.load_suffix(*plan.old_tip, earliest);
    if (!suffix) return std::move(suffix).error();
    plan.stored = std::move(suffix->entries);
    plan.first_number = suffix->first_number;
  }
  for (std::size_t i = 0; i < plan.stored.size(); ++i) {
    plan.chain.push_back(
        ChainEntry{plan.stored[i].captured_at, git::to_hex(plan.stored[i].text), i});
  }
  // Captures are placed in capture order (stable for equal times), so a batch behaves like the
  // same captures added one by one in that order.
  std::vector<std::size_t> order(plan.captures.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return plan.captures[a].capture->captured_at < plan.captures[b].capture->captured_at;
  });
  plan.placements.resize(plan.captures.size());
  plan.equal_source.resize(plan.captures.size());
  for (const std::size_t i : order) {
    const auto& c = plan.captures[i];
    Placement placement = place_capture(
        plan.chain,
        ChainEntry{c.capture->captured_at, git::to_hex(c.text_blob.id), plan.stored.size() + i});
    if (placement.replaced) plan.replaced_by[placement.replaced->source] = plan.stored.size() + i;
    if (!placement.stored) plan.equal_source[i] = plan.chain[placement.position].source;
    plan.placements[i] = std::move(placement);
  }
  return plan;
}

struct WrittenChain {
  std::optional<git_oid> new_tip;  // nullopt: nothing changed
  std::vector<git_oid> commits;    // one per chain entry
};

// Writes the new commits of `plan` (and the blobs of its captures, which the sink may take).
Result<WrittenChain> write_chain(ChainPlan& plan, ObjectSink& sink) {
  WrittenChain written;
  const std::size_t old_count = plan.stored.size();
  // The first position whose entry differs from what was stored there.
  std::size_t first_change = 0;
  while (first_change < plan.chain.size() && first_change < old_count &&
         plan.chain[first_change].source == first_change) {
    ++first_change;
  }
  if (first_change == plan.chain.size() && plan.chain.size() == old_count) return written;
  for (std::size_t i = 0; i < first_change; ++i) written.commits.push_back(plan.stored[i].commit);

  // First-Captured-At is the story's first capture: known from the oldest loaded revision when
  // the whole chain is loaded, else from its trailer (unchanged: the start is not rewritten).
  std::optional<UnixSeconds> first_capture;
  if (plan.first_number == 1) {
    first_capture = plan.chain.front().captured_at;
  } else if (!plan.stored.empty()) {
    first_capture = plan.stored.front().message.first;
  }
  for (std::size_t i = first_change; i < plan.chain.size(); ++i) {
    const ChainEntry& entry = plan.chain[i];
    const git_oid* parent = i == 0 ? nullptr : &written.commits[i - 1];
    RevisionMessage message;
    git_oid tree;
    if (entry.source < old_count) {
      const StoredEntry& old = plan.stored[entry.source];
      message = old.message;
      tree = old.tree;
    } else {
      PreparedCapture& c = plan.captures[entry.source - old_count];
      const NewCapture& capture = *c.capture;
      message.headline = capture.article.headline;
      message.url = capture.source_url;
      std::vector<TreeFile> files;
      const std::tuple<std::string_view, PreparedObject&, std::string_view> blobs[] = {
          {"article.json", c.json_blob, c.json},
          {"article.txt", c.text_blob, c.text},
          {capture.source_name, c.source_blob, capture.source}};
      for (const auto& [name, blob, content] : blobs) {
        if (name.empty()) continue;
        if (auto ok = sink.put(blob, content); !ok) return std::move(ok).error();
        files.push_back(TreeFile{std::string(name), blob.id});
      }
      auto tree_id = sink.write(GIT_OBJECT_TREE, tree_bytes(std::move(files)));
      if (!tree_id) return std::move(tree_id).error();
      tree = *tree_id;
    }
    message.story = plan.story;
    message.number = plan.first_number + static_cast<int>(i);
    message.first = first_capture;
    auto commit = sink.write(
        GIT_OBJECT_COMMIT,
        commit_bytes(tree, parent, entry.captured_at, format_message(message, entry.captured_at)));
    if (!commit) return std::move(commit).error();
    written.commits.push_back(*commit);
  }
  written.new_tip = written.commits.back();
  return written;
}

// Finds where the entry with `source` ended up, following displacements.
std::size_t final_position(const ChainPlan& plan, std::size_t source) {
  for (auto it = plan.replaced_by.find(source); it != plan.replaced_by.end();
       it = plan.replaced_by.find(source)) {
    source = it->second;
  }
  for (std::size_t i = 0; i < plan.chain.size(); ++i) {
    if (plan.chain[i].source == source) return i;
  }
  return 0;
}

std::vector<AddResult> results_of(const ChainPlan& plan, const WrittenChain& written) {
  std::vector<AddResult> results;
  for (std::size_t i = 0; i < plan.captures.size(); ++i) {
    const Placement& placement = plan.placements[i];
    AddResult result;
    result.story = plan.story;
    result.captured_at = plan.captures[i].capture->captured_at;
    std::size_t position;
    if (placement.stored) {
      result.outcome = AddResult::Outcome::stored;
      position = final_position(plan, plan.stored.size() + i);
      result.replaced_later = placement.replaced.has_value();
      for (std::size_t j = position + 1; j < plan.chain.size(); ++j) {
        result.rebuilt += plan.chain[j].source < plan.stored.size();  // an old revision
      }
    } else {
      result.outcome = AddResult::Outcome::unchanged;
      position = final_position(plan, plan.equal_source[i]);
    }
    result.number = plan.first_number + static_cast<int>(position);
    result.id = position < written.commits.size() ? git::to_hex(written.commits[position])
                : position < plan.stored.size()   ? git::to_hex(plan.stored[position].commit)
                                                  : std::string();
    results.push_back(std::move(result));
  }
  return results;
}

std::string log_message_for(const ChainPlan& plan, std::string_view command) {
  return fmt::format("storytrail {}: {} capture(s) into {}", command, plan.captures.size(),
                     plan.story);
}

}  // namespace

RevisionStore::RevisionStore(std::unique_ptr<Impl> impl, fs::path path)
    : impl_(std::move(impl)), path_(std::move(path)) {}
RevisionStore::RevisionStore(RevisionStore&&) noexcept = default;
RevisionStore& RevisionStore::operator=(RevisionStore&&) noexcept = default;
RevisionStore::~RevisionStore() = default;

namespace {

Result<git::Repository> open_repository(const fs::path& dir) {
  git_repository* raw = nullptr;
  if (auto ok = git::check(
          git_repository_open_ext(
              &raw, dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE, nullptr),
          fmt::format("cannot open the store '{}'", dir.string()));
      !ok) {
    return std::move(ok).error();
  }
  return git::Repository(raw);
}

// The store's format version from its config; 0 when it is not marked as a store.
int store_version(git_repository* repo) {
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo) != 0) return 0;
  git::Config config(raw);
  int32_t version = 0;
  return git_config_get_int32(&version, config.get(), "storytrail.version") == 0 ? version : 0;
}

bool has_refs(git_repository* repo) {
  git_reference_iterator* raw = nullptr;
  if (git_reference_iterator_new(&raw, repo) != 0) return false;
  git::ReferenceIterator it(raw);
  const char* name = nullptr;
  return git_reference_next_name(&name, it.get()) == 0;
}

Error not_a_store(const fs::path& dir) {
  return fail(
      "'{}' exists and is not a storytrail store; choose another place with --store or "
      "STORYTRAIL_STORE",
      dir.string());
}

// Makes `dir` a store: a bare repository marked storytrail.version. Runs under the store lock,
// so concurrent creators take turns and each finds the work of the one before; an interrupted
// creation is finished by the next.
Result<void> create_store(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir, ec)) {
    return fail("cannot create the store folder '{}': {}", dir.string(), ec.message());
  }
  auto lock = FileLock::acquire(store_lock_path(dir));
  if (!lock) return std::move(lock).error();
  if (looks_like_git_dir(dir)) {
    auto repo = open_repository(dir);
    if (repo && store_version(repo->get()) != 0) return {};  // another process made it
    if (repo && has_refs(repo->get())) {
      return fail("'{}' is a git repository but not a storytrail store", dir.string());
    }
  } else if (!holds_only_store_files(dir)) {
    return not_a_store(dir);
  }
  // Locks of a creation killed half-way: nobody else creates under the lock we hold.
  remove_lock_file_older_than(dir / "config.lock", std::chrono::milliseconds(0));
  remove_lock_file_older_than(dir / "HEAD.lock", std::chrono::milliseconds(0));
  git_repository* raw = nullptr;
  if (auto ok = git::check(git_repository_init(&raw, dir.c_str(), 1),
                           fmt::format("cannot create the store '{}'", dir.string()));
      !ok) {
    return ok;
  }
  git::Repository repo(raw);
  return mark_as_store(repo.get());
}

}  // namespace

Result<RevisionStore> RevisionStore::open(const fs::path& dir, Access access) {
  std::error_code ec;
  const bool exists = fs::exists(dir, ec);
  if (exists && !fs::is_directory(dir, ec)) {
    return fail("the store path '{}' is not a directory", dir.string());
  }
  const bool is_git = exists && looks_like_git_dir(dir);
  if (exists && !is_git && !holds_only_store_files(dir)) return not_a_store(dir);
  if (!is_git && access == Access::read) {
    return fail("no store at '{}' yet: 'storytrail add' or 'storytrail demo' creates it",
                dir.string());
  }
  git::ensure_initialised();
  if (access == Access::write) git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
  // Reading commands do not hash every object again, as git does not: zlib's checksum still
  // catches damaged objects, and git fsck checks the hashes.
  if (access == Access::read) git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);

  Result<git::Repository> repo = is_git ? open_repository(dir) : Result<git::Repository>(Error{});
  int version = repo ? store_version(repo->get()) : 0;
  if (version == 0) {
    if (repo && has_refs(repo->get())) {
      return fail("'{}' is a git repository but not a storytrail store", dir.string());
    }
    // Not a store yet. Reading finds it empty; writing makes it one.
    if (access == Access::write) {
      if (auto ok = create_store(dir); !ok) return std::move(ok).error();
      repo = open_repository(dir);
      if (!repo) return std::move(repo).error();
      version = store_version(repo->get());
    }
  }
  if (version > kStoreFormatVersion) {
    return fail("the store '{}' has format {} from a newer storytrail; this one reads up to {}",
                dir.string(), version, kStoreFormatVersion);
  }
  auto impl = std::make_unique<Impl>();
  impl->repo = std::move(*repo);
  impl->path = dir;
  git_odb* odb_raw = nullptr;
  if (auto ok = git::check(git_repository_odb(&odb_raw, impl->repo.get()),
                           "cannot open the store's objects");
      !ok) {
    return std::move(ok).error();
  }
  impl->odb.reset(odb_raw);
  return RevisionStore(std::move(impl), dir);
}

Result<std::vector<StorySummary>> RevisionStore::stories() const {
  std::vector<CachedStory> cache = read_story_cache(path_);
  // Finds a story in the cache; refs usually come in the cache's (sorted) order, so the entry
  // after the last hit is tried before a binary search.
  std::size_t cursor = 0;
  const auto find_cached = [&](std::string_view story) -> CachedStory* {
    if (cursor < cache.size() && cache[cursor].summary.story == story) return &cache[cursor++];
    const auto it = std::lower_bound(
        cache.begin(), cache.end(), story,
        [](const CachedStory& c, std::string_view s) { return c.summary.story < s; });
    if (it == cache.end() || it->summary.story != story) return nullptr;
    cursor = static_cast<std::size_t>(it - cache.begin()) + 1;
    return &*it;
  };
  std::vector<CachedStory> current;
  current.reserve(cache.size());
  bool stale = false;  // the cache misses a story, or holds one that is gone or moved
  git_reference_iterator* it_raw = nullptr;
  const std::string glob = std::string(kStoryRefPrefix) + "*";
  if (auto ok =
          git::check(git_reference_iterator_glob_new(&it_raw, impl_->repo.get(), glob.c_str()),
                     "cannot list stories");
      !ok) {
    return std::move(ok).error();
  }
  git::ReferenceIterator it(it_raw);
  git_reference* ref_raw = nullptr;
  while (git_reference_next(&ref_raw, it.get()) == 0) {
    git::Reference ref(ref_raw);
    const git_oid* target = git_reference_target(ref.get());
    if (target == nullptr) continue;
    const std::string_view story(git_reference_name(ref.get()) + kStoryRefPrefix.size());
    char tip_hex[GIT_OID_HEXSZ];
    git_oid_fmt(tip_hex, target);
    const std::string_view tip(tip_hex, sizeof tip_hex);
    if (CachedStory* hit = find_cached(story); hit != nullptr && hit->tip == tip) {
      current.push_back(std::move(*hit));
      continue;
    }
    stale = true;
    auto summary = impl_->summarise(std::string(story), *target);
    if (!summary) return std::move(summary).error();
    current.push_back(CachedStory{std::string(tip), std::move(*summary)});
  }
  const auto by_story = [](const CachedStory& a, const CachedStory& b) {
    return a.summary.story < b.summary.story;
  };
  if (!std::is_sorted(current.begin(), current.end(), by_story)) {
    std::sort(current.begin(), current.end(), by_story);
  }
  if (stale || current.size() != cache.size()) write_story_cache(path_, current);
  std::vector<StorySummary> stories;
  stories.reserve(current.size());
  for (CachedStory& c : current) stories.push_back(std::move(c.summary));
  return stories;
}

Result<std::vector<RevisionInfo>> RevisionStore::revisions(std::string_view story) const {
  auto tip = impl_->tip(story);
  if (!tip) return std::move(tip).error();
  if (!*tip) return fail("no story named '{}' in the store '{}'", story, path_.string());
  // The chain cache spares reading every commit while the story has not moved.
  const std::string tip_id = git::to_hex(**tip);
  const auto cache = chain_cache_path(path_, story);
  if (auto cached = parse_chain_cache(read_cache_file(cache), tip_id)) {
    fresh_chain_caches_[std::string(story)] = tip_id;
    return std::move(*cached);
  }
  auto suffix = impl_->load_suffix(**tip, std::nullopt);
  if (!suffix) return std::move(suffix).error();
  std::vector<RevisionInfo> revisions;
  int number = 1;
  for (const StoredEntry& entry : suffix->entries) {
    revisions.push_back(RevisionInfo{number++, git::to_hex(entry.commit), entry.captured_at,
                                     entry.message.headline, entry.message.url});
  }
  return revisions;
}

namespace {

Result<Article> parse_article_json(const std::string& json_text, const std::string& revision_id) {
  auto article = article_from_json_text(json_text);
  if (!article) {
    return fail("revision {} has a damaged article.json ({})", revision_id,
                article.error().message);
  }
  return article;
}

}  // namespace

void RevisionStore::remember_revisions(std::string_view story,
                                       const std::vector<RevisionInfo>& revisions) const {
  if (revisions.empty()) return;
  const auto fresh = fresh_chain_caches_.find(std::string(story));
  if (fresh != fresh_chain_caches_.end() && fresh->second == revisions.back().id) return;
  const auto cache = chain_cache_path(path_, story);
  if (!parse_chain_cache(read_cache_file(cache), revisions.back().id)) {
    write_cache_file(cache, format_chain_cache(revisions.back().id, revisions));
  }
  fresh_chain_caches_[std::string(story)] = revisions.back().id;
}

Result<StoredRevision> RevisionStore::read(const RevisionInfo& revision) const {
  git_oid id;
  if (git_oid_fromstr(&id, revision.id.c_str()) != 0) return fail("invalid revision id");
  auto entry = impl_->load_entry(id);
  if (!entry) return std::move(entry).error();
  auto text = impl_->read_blob(entry->tree, "article.txt");
  if (!text) return std::move(text).error();
  auto json_text = impl_->read_blob(entry->tree, "article.json");
  if (!json_text) return std::move(json_text).error();
  auto article = parse_article_json(*json_text, revision.id);
  if (!article) return std::move(article).error();
  return StoredRevision{revision, std::move(*article), std::move(*text)};
}

Result<Article> RevisionStore::read_article(const RevisionInfo& revision) const {
  git_oid id;
  if (git_oid_fromstr(&id, revision.id.c_str()) != 0) return fail("invalid revision id");
  auto tree = impl_->tree_of(id);
  if (!tree) return std::move(tree).error();
  auto json_text = impl_->read_blob(*tree, "article.json");
  if (!json_text) return std::move(json_text).error();
  return parse_article_json(*json_text, revision.id);
}

namespace {

// What every capture must satisfy before anything is written: the story name and URL end up
// in ref names and commit trailers, the time in commit dates.
Result<void> check_capture(const NewCapture& capture) {
  if (auto ok = check_slug(capture.story); !ok) return ok;
  if (!capture.source_url.empty()) {
    if (auto ok = check_url(capture.source_url); !ok) return ok;
  }
  return check_capture_time(capture.captured_at);
}

}  // namespace

Result<AddResult> RevisionStore::add(const NewCapture& capture) {
  if (auto ok = check_capture(capture); !ok) return std::move(ok).error();
  LooseObjectSink sink(impl_->odb.get());
  for (int attempt = 0;; ++attempt) {
    std::vector<PreparedCapture> prepared;
    prepared.push_back(prepare(capture, false));
    auto plan = plan_chain(*impl_, capture.story, std::move(prepared));
    if (!plan) return std::move(plan).error();
    auto written = write_chain(*plan, sink);
    if (!written) return std::move(written).error();
    if (written->new_tip) {
      auto swapped = impl_->compare_and_swap(plan->story, plan->old_tip, *written->new_tip,
                                             log_message_for(*plan, "add"));
      if (!swapped) return std::move(swapped).error();
      if (!*swapped) {
        if (attempt >= 2000) {
          return fail("story '{}' is being changed by other processes; try again", capture.story);
        }
        back_off(attempt);
        continue;
      }
    }
    return results_of(*plan, *written).front();
  }
}

Result<std::vector<AddResult>> RevisionStore::import(const std::vector<NewCapture>& captures,
                                                     const Progress& progress) {
  for (const NewCapture& capture : captures) {
    if (auto ok = check_capture(capture); !ok) return std::move(ok).error();
  }
  // Group by story, keeping each capture's index in `captures` for the results.
  std::map<std::string, std::vector<std::size_t>> by_story;
  for (std::size_t i = 0; i < captures.size(); ++i) by_story[captures[i].story].push_back(i);

  std::vector<AddResult> results(captures.size());
  PackObjectSink pack(impl_->odb.get(), path_ / "objects");
  // Making the files, hashing and compressing them is most of the work: done on every core.
  std::vector<std::optional<PreparedCapture>> prepared_all(captures.size());
  parallel_for(captures.size(),
               [&](std::size_t i) { prepared_all[i] = prepare(captures[i], true); });
  struct Pending {
    ChainPlan plan;
    WrittenChain written;
    const std::vector<std::size_t>* indexes;
  };
  std::vector<Pending> pending;
  std::size_t done = 0;
  for (const auto& [story, indexes] : by_story) {
    std::vector<PreparedCapture> prepared;
    for (const std::size_t i : indexes) prepared.push_back(std::move(*prepared_all[i]));
    auto plan = plan_chain(*impl_, story, std::move(prepared));
    if (!plan) return std::move(plan).error();
    auto written = write_chain(*plan, pack);
    if (!written) return std::move(written).error();
    pending.push_back(Pending{std::move(*plan), std::move(*written), &indexes});
    done += indexes.size();
    if (progress) progress(done, captures.size());
  }
  if (auto ok = pack.finish(); !ok) return std::move(ok).error();

  // Each ref update waits for its fsyncs, not for the CPU, so several threads overlap those
  // waits. libgit2 handles are not shared between threads: each opens its own.
  constexpr std::size_t kRefWriters = 8;
  std::vector<Result<bool>> swaps(pending.size(), Result<bool>(true));
  std::atomic<std::size_t> next{0};
  const auto update_refs = [&] {
    git_repository* raw = nullptr;
    if (git_repository_open_ext(&raw, path_.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
      return;  // the stories left are updated below, on the main handle
    }
    git::Repository own(raw);
    for (std::size_t i = next++; i < pending.size(); i = next++) {
      const Pending& p = pending[i];
      if (!p.written.new_tip) continue;
      swaps[i] = impl_->compare_and_swap(p.plan.story, p.plan.old_tip, *p.written.new_tip,
                                         log_message_for(p.plan, "import"), own.get());
    }
  };
  {
    std::vector<std::thread> writers;
    for (std::size_t t = 0; t < std::min(kRefWriters, pending.size()); ++t) {
      writers.emplace_back(update_refs);
    }
    for (std::thread& t : writers) t.join();
  }
  for (std::size_t i = next; i < pending.size(); ++i) {
    const Pending& p = pending[i];
    if (!p.written.new_tip) continue;
    swaps[i] = impl_->compare_and_swap(p.plan.story, p.plan.old_tip, *p.written.new_tip,
                                       log_message_for(p.plan, "import"));
  }
  for (std::size_t n = 0; n < pending.size(); ++n) {
    Pending& p = pending[n];
    if (!swaps[n]) return std::move(swaps[n]).error();
    if (*swaps[n]) {
      auto story_results = results_of(p.plan, p.written);
      for (std::size_t k = 0; k < p.indexes->size(); ++k) {
        results[(*p.indexes)[k]] = std::move(story_results[k]);
      }
      continue;
    }
    // Another process changed this story meanwhile: record its captures one by one on top,
    // in capture order as plan_chain does.
    std::vector<std::size_t> order = *p.indexes;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return captures[a].captured_at < captures[b].captured_at;
    });
    for (const std::size_t i : order) {
      auto added = add(captures[i]);
      if (!added) return std::move(added).error();
      results[i] = std::move(*added);
    }
  }
  return results;
}

// ---- the tracking document --------------------------------------------------------------------

namespace {

constexpr std::string_view kTrackingRef = "refs/storytrail/tracking";
constexpr std::string_view kTrackingFile = "tracking.json";

}  // namespace

Result<std::string> RevisionStore::read_tracking() const {
  git_oid tip;
  const int code = git_reference_name_to_id(&tip, impl_->repo.get(), kTrackingRef.data());
  if (code == GIT_ENOTFOUND) return std::string();
  if (auto ok = git::check(code, "cannot read the tracking document"); !ok) {
    return std::move(ok).error();
  }
  auto tree = impl_->tree_of(tip);
  if (!tree) return std::move(tree).error();
  return impl_->read_blob(*tree, kTrackingFile);
}

Result<void> RevisionStore::update_tracking(const TrackingChange& change,
                                            std::string_view message) {
  LooseObjectSink sink(impl_->odb.get());
  const fs::path lock = story_lock_path(impl_->path, kTrackingRef);
  for (int attempt = 0;; ++attempt) {
    git_oid tip;
    std::optional<git_oid> expected;
    const int code = git_reference_name_to_id(&tip, impl_->repo.get(), kTrackingRef.data());
    if (code == 0) {
      expected = tip;
    } else if (code != GIT_ENOTFOUND) {
      if (auto ok = git::check(code, "cannot read the tracking document"); !ok) {
        return std::move(ok).error();
      }
    }
    std::string current;
    if (expected) {
      auto text = read_tracking();
      if (!text) return std::move(text).error();
      current = std::move(*text);
    }
    auto next = change(current);
    if (!next) return std::move(next).error();
    if (*next == current) return {};
    auto blob = sink.write(GIT_OBJECT_BLOB, *next);
    if (!blob) return std::move(blob).error();
    auto tree = sink.write(GIT_OBJECT_TREE, tree_bytes({{std::string(kTrackingFile), *blob}}));
    if (!tree) return std::move(tree).error();
    // Each version stands alone (no parent) and the ref keeps no reflog: a store tracking many
    // stories writes a version every pass, and only the latest is worth keeping, so `git gc`
    // may drop the others.
    auto commit = sink.write(GIT_OBJECT_COMMIT, commit_bytes(*tree, nullptr, now_seconds(),
                                                             std::string(message) + "\n"));
    if (!commit) return std::move(commit).error();
    auto swapped = impl_->compare_and_swap_ref(std::string(kTrackingRef), lock, expected, *commit,
                                               std::string(message), "the tracking document");
    if (!swapped) return std::move(swapped).error();
    if (*swapped) {
      git_reflog_delete(impl_->repo.get(), kTrackingRef.data());  // see above; harmless if none
      return {};
    }
    if (attempt >= 2000) {
      return fail("the tracking document is being changed by other processes; try again");
    }
    back_off(attempt);
  }
}

}  // namespace st
