// The fixture of the end-to-end tests: the built storytrail binary run on a store in a
// temporary folder, with colour off unless a test asks for it.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace st::test {

inline const std::filesystem::path kSample =
    std::filesystem::path(STORYTRAIL_SOURCE_DIR) / "samples" / "harris-mexico";

// Every file of a folder with its bytes: equal snapshots mean the folder is byte-for-byte the
// same.
inline std::map<std::string, std::string> snapshot(const std::filesystem::path& dir) {
  std::map<std::string, std::string> files;
  if (!std::filesystem::exists(dir)) return files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    const std::string name = std::filesystem::relative(entry.path(), dir).string();
    files[name] = entry.is_regular_file() ? read_file(entry.path()) : std::string("<dir>");
  }
  return files;
}

class Cli : public ::testing::Test {
 protected:
  std::filesystem::path store() const { return dir_ / "store"; }
  RunResult st(std::vector<std::string> args, const std::string& input = {},
               std::vector<std::string> env = {}) {
    args.insert(args.begin(), {STORYTRAIL_BINARY, "--store", store().string()});
    env.insert(env.begin(), {"NO_COLOR=", "CLICOLOR_FORCE="});
    return run(args, input, env);
  }
  RunResult add_sample(const std::string& file, const std::string& at) {
    return st({"add", (kSample / file).string(), "--story", "harris-mexico", "--url",
               "https://www.aljazeera.com/news/2021/6/8/harris-hails-new-era", "--at", at});
  }
  std::filesystem::path write(const std::string& name, const std::string& bytes) {
    write_file(dir_ / name, bytes);
    return dir_ / name;
  }
  // Expects a failure with exit code `code`, one line on stderr starting "storytrail: error:".
  void expect_error(const RunResult& r, int code, const std::string& fragment) {
    EXPECT_EQ(r.exit_code, code) << r.out << r.err;
    EXPECT_TRUE(r.err.starts_with("storytrail: error: ")) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find(fragment), std::string::npos) << r.err;
  }
  TempDir dir_;
};

}  // namespace st::test
