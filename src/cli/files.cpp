#include "cli/files.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace st::cli {

namespace {

// Writes into `path` as it is, for what a rename would replace: devices, FIFOs.
Result<void> write_into(const std::filesystem::path& path, std::string_view bytes) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return fail("cannot write {}: {}", path.string(), std::strerror(errno));
  const bool written =
      std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size() && std::fflush(file) == 0;
  const int error = errno;
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed) {
    return fail("cannot write {}: {}", path.string(), std::strerror(written ? errno : error));
  }
  return {};
}

}  // namespace

Result<void> write_file_atomically(const std::filesystem::path& given, std::string_view bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path path = given;
  for (int links = 0; fs::is_symlink(path, ec); ++links) {  // the file the link names, if any
    if (links == 40) return fail("cannot write {}: too many symbolic links", given.string());
    const fs::path target = fs::read_symlink(path, ec);
    if (ec) return fail("cannot write {}: {}", given.string(), ec.message());
    path = target.is_absolute() ? target : path.parent_path() / target;
  }
  const fs::file_status status = fs::status(path, ec);
  if (fs::is_directory(status)) return fail("cannot write {}: it is a folder", given.string());
  if (fs::exists(status) && !fs::is_regular_file(status)) return write_into(path, bytes);

  const fs::path temporary =
      path.string() + ".tmp-" + std::to_string(static_cast<long>(::getpid()));
  std::FILE* file = std::fopen(temporary.c_str(), "wb");
  if (file == nullptr) {
    return fail("cannot write {}: {}", given.string(), std::strerror(errno));
  }
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size() &&
                       std::fflush(file) == 0 && ::fsync(::fileno(file)) == 0;
  const int error = errno;
  std::fclose(file);
  if (!written) {
    fs::remove(temporary, ec);
    return fail("cannot write {}: {}", given.string(), std::strerror(error));
  }
  fs::rename(temporary, path, ec);
  if (ec) {
    const std::string why = ec.message();
    fs::remove(temporary, ec);
    return fail("cannot write {}: {}", given.string(), why);
  }
  return {};
}

}  // namespace st::cli
