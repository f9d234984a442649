#include "store/locks.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace st {

Result<FileLock> FileLock::acquire(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return fail("cannot open the lock {}: {}", path.string(), std::strerror(errno));
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    const int saved = errno;
    ::close(fd);
    return fail("cannot lock {}: {}", path.string(), std::strerror(saved));
  }
  return FileLock(fd);
}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the flock
}

std::filesystem::path store_lock_path(const std::filesystem::path& store_dir) {
  return store_dir / "storytrail" / "store.lock";
}

std::filesystem::path story_lock_path(const std::filesystem::path& store_dir,
                                      std::string_view story) {
  // FNV-1a: stable across runs and builds, which std::hash does not promise.
  std::uint32_t hash = 2166136261u;
  for (const char c : story) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619u;
  }
  return store_dir / "storytrail" / "locks" / fmt::format("{:02x}", hash & 0xFF);
}

void remove_lock_file_older_than(const std::filesystem::path& lock, std::chrono::milliseconds age) {
  struct stat info {};
  if (::stat(lock.c_str(), &info) != 0) return;
  const auto modified = std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::seconds(info.st_mtim.tv_sec) +
          std::chrono::nanoseconds(info.st_mtim.tv_nsec)));
  if (std::chrono::system_clock::now() - modified > age) ::unlink(lock.c_str());
}

}  // namespace st
