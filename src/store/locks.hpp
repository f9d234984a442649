// Locks between storytrail processes sharing one store, held with flock(2) so the kernel
// releases them when a process dies: a killed writer never leaves a lock behind.
//
// - storytrail/store.lock is held while a store is created or adopted, so two processes
//   creating one store at once do not trip over each other's half-made repository.
// - storytrail/locks/NN (256 stripes, by a hash of the slug) is held around every update of a
//   story's ref. No storytrail process writes refs/stories/<slug>.lock without it, so a
//   .lock file found while holding it was left by a killed process (or, briefly, by another
//   git tool) and can be removed safely.
#pragma once

#include <chrono>
#include <filesystem>
#include <string_view>

#include "util/result.hpp"

namespace st {

class FileLock {
 public:
  // Creates `path` (and its folder) if needed and waits for an exclusive lock on it.
  static Result<FileLock> acquire(const std::filesystem::path& path);

  FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_;
};

// The lock guarding creation of the store in `store_dir`.
std::filesystem::path store_lock_path(const std::filesystem::path& store_dir);

// The lock stripe guarding the ref of `story`.
std::filesystem::path story_lock_path(const std::filesystem::path& store_dir,
                                      std::string_view story);

// Removes `lock` if it exists and was last modified more than `age` ago. Call only while
// holding the storytrail lock that guards what `lock` protects.
void remove_lock_file_older_than(const std::filesystem::path& lock, std::chrono::milliseconds age);

}  // namespace st
