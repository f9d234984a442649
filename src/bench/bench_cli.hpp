// What the benchmark programs share on their command line: usage errors (exit 2), fatal errors
// (exit 1) and counts, each message starting with the program's own name.
#pragma once

#include <fmt/core.h>

#include <cerrno>  // program_invocation_short_name (glibc)
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace st::bench {

[[noreturn]] inline void usage_error(const std::string& message) {
  fmt::print(stderr, "{}: {}; see --help\n", program_invocation_short_name, message);
  std::exit(2);
}

[[noreturn]] inline void fatal(const std::string& message) {
  fmt::print(stderr, "{}: error: {}\n", program_invocation_short_name, message);
  std::exit(1);
}

// `text` as a whole number of at least `minimum`; a usage error naming `what` otherwise.
inline int parse_count(std::string_view what, std::string_view text, int minimum) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value < minimum) {
    usage_error(fmt::format("{} takes a number of at least {}, not '{}'", what, minimum, text));
  }
  return value;
}

}  // namespace st::bench
