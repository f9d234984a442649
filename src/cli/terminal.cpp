#include "cli/terminal.hpp"

#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <string>

namespace st::cli {

Result<ColorMode> parse_color_mode(std::string_view text) {
  if (text == "auto") return ColorMode::automatic;
  if (text == "always") return ColorMode::always;
  if (text == "never") return ColorMode::never;
  return fail("invalid --color value '{}': use auto, always or never", text);
}

bool is_terminal(std::FILE* stream) {
  return ::isatty(::fileno(stream)) == 1;
}

bool use_color(ColorMode mode, std::FILE* stream) {
  if (mode != ColorMode::automatic) return mode == ColorMode::always;
  const auto set = [](const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && value[0] != '\0';
  };
  if (set("NO_COLOR")) return false;
  if (set("CLICOLOR_FORCE") && std::string_view(std::getenv("CLICOLOR_FORCE")) != "0") return true;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string_view(term) == "dumb") return false;
  return is_terminal(stream);
}

void write_paged(std::string_view text, bool allow) {
  const auto write_all = [&](std::FILE* stream) {
    std::fwrite(text.data(), 1, text.size(), stream);
  };
  if (!allow || !is_terminal(stdout)) return write_all(stdout);
  winsize size{};
  const std::size_t rows =
      ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_row > 0 ? size.ws_row : 24;
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  const char* pager_env = std::getenv("PAGER");
  const std::string pager = pager_env != nullptr ? pager_env : "less";
  if (lines < rows || pager.empty() || pager == "cat") return write_all(stdout);
  // As git does: quit when the text fits, keep colours, do not clear the screen.
  ::setenv("LESS", "FRX", 0);
  std::fflush(stdout);
  std::FILE* pipe = ::popen(pager.c_str(), "w");
  if (pipe == nullptr) return write_all(stdout);
  // Quitting the pager early closes the pipe; that is not an error.
  const auto previous = std::signal(SIGPIPE, SIG_IGN);
  write_all(pipe);
  const int status = ::pclose(pipe);
  std::signal(SIGPIPE, previous);
  // A pager the shell could not find or run (its own message is on standard error): the text
  // is not lost, it comes without one.
  if (WIFEXITED(status) && (WEXITSTATUS(status) == 126 || WEXITSTATUS(status) == 127)) {
    write_all(stdout);
  }
}

}  // namespace st::cli
