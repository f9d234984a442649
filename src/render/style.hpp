// Terminal styles: text wrapped in SGR colour codes when colour is on, returned as it is when
// off. Whether colour is on is decided by the command line (cli/terminal.hpp); this is pure.
#pragma once

#include <string>
#include <string_view>

namespace st {

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
  std::string magenta(std::string_view text) const { return wrap("35", text); }

 private:
  std::string wrap(std::string_view code, std::string_view text) const;
  bool enabled_;
};

}  // namespace st
