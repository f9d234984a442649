// The one place that decides whether output is coloured, and the few styles the commands use.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace st::cli {

enum class ColorMode { automatic, always, never };

Result<ColorMode> parse_color_mode(std::string_view text);

// Colour is used when --color=always, or with --color=auto (the default) when `stream` is a
// terminal, NO_COLOR is unset or empty, and TERM is not "dumb". CLICOLOR_FORCE (non-empty and
// not "0") forces colour under auto, as it does for other tools.
bool use_color(ColorMode mode, std::FILE* stream);

bool is_terminal(std::FILE* stream);

// Wraps text in an SGR style when colour is on; returns it unchanged otherwise.
class Style {
 public:
  explicit Style(bool enabled) : enabled_(enabled) {}
  bool enabled() const { return enabled_; }
  std::string bold(std::string_view text) const { return wrap("1", text); }
  std::string dim(std::string_view text) const { return wrap("2", text); }
  std::string yellow(std::string_view text) const { return wrap("33", text); }
  std::string green(std::string_view text) const { return wrap("32", text); }
  std::string red(std::string_view text) const { return wrap("31", text); }
  std::string cyan(std::string_view text) const { return wrap("36", text); }

 private:
  std::string wrap(std::string_view code, std::string_view text) const;
  bool enabled_;
};

}  // namespace st::cli
