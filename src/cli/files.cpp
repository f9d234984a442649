#include "cli/files.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace st::cli {

Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
  const std::filesystem::path temporary =
      path.string() + ".tmp-" + std::to_string(static_cast<long>(::getpid()));
  std::FILE* file = std::fopen(temporary.c_str(), "wb");
  if (file == nullptr) {
    return fail("cannot write {}: {}", path.string(), std::strerror(errno));
  }
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size() &&
                       std::fflush(file) == 0 && ::fsync(::fileno(file)) == 0;
  const int error = errno;
  std::fclose(file);
  std::error_code ec;
  if (!written) {
    std::filesystem::remove(temporary, ec);
    return fail("cannot write {}: {}", path.string(), std::strerror(error));
  }
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::filesystem::remove(temporary, ec);
    return fail("cannot write {}: {}", path.string(), ec.message());
  }
  return {};
}

}  // namespace st::cli
