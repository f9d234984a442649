// Writing the files commands produce (HTML pages).
#pragma once

#include <filesystem>
#include <string_view>

#include "util/result.hpp"

namespace st::cli {

// Writes `bytes` to `path` through a temporary file in the same folder, renamed into place: a
// reader sees the old file or the new one, never half of one. The folder must exist. A symbolic
// link is written through (its target is replaced, not the link), and a path that is not a
// regular file (a device, a FIFO) is written into directly, never replaced.
Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

}  // namespace st::cli
