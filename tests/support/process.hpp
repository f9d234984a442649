// Test support: temporary directories and running real programs (git, the storytrail binary).
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace st::test {

// A fresh directory under the system temp folder, removed with everything in it at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "storytrail-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

// Runs argv[0] with the given arguments (searched on PATH), standard input from `input`,
// capturing both output streams. `env` entries ("NAME=value") are added to the environment.
inline RunResult run(const std::vector<std::string>& argv, const std::string& input = {},
                     const std::vector<std::string>& env = {}) {
  TempDir io;
  const auto in_path = io / "in";
  const auto out_path = io / "out";
  const auto err_path = io / "err";
  write_file(in_path, input);
  const pid_t pid = ::fork();
  if (pid == 0) {
    std::FILE* in = std::freopen(in_path.c_str(), "rb", stdin);
    std::FILE* out = std::freopen(out_path.c_str(), "wb", stdout);
    std::FILE* err = std::freopen(err_path.c_str(), "wb", stderr);
    if (in == nullptr || out == nullptr || err == nullptr) ::_exit(127);
    for (const std::string& e : env) ::putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  RunResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}

// `git --git-dir=STORE args...`
inline RunResult git(const std::filesystem::path& store, std::vector<std::string> args) {
  args.insert(args.begin(), {"git", "--git-dir=" + store.string()});
  return run(args);
}

// How many times `what` occurs in `text`, without overlaps.
inline std::size_t count_occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t pos = text.find(what); pos != std::string::npos;
       pos = text.find(what, pos + what.size())) {
    ++n;
  }
  return n;
}

}  // namespace st::test
