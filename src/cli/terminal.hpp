// The one place that decides whether output is coloured (the styles are render/style.hpp).
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "render/style.hpp"
#include "util/result.hpp"

namespace st::cli {

enum class ColorMode { automatic, always, never };

Result<ColorMode> parse_color_mode(std::string_view text);

// Colour is used when --color=always, or with --color=auto (the default) when `stream` is a
// terminal, NO_COLOR is unset or empty, and TERM is not "dumb". CLICOLOR_FORCE (non-empty and
// not "0") forces colour under auto, as it does for other tools.
bool use_color(ColorMode mode, std::FILE* stream);

bool is_terminal(std::FILE* stream);

// Writes `text` to standard output. When `allow`, standard output is a terminal and the text
// has more lines than the terminal, it goes through the pager: $PAGER (empty or "cat": no
// pager), else less, with LESS=FRX unless LESS is set (quit if it fits, keep colours), as git
// does.
void write_paged(std::string_view text, bool allow);

}  // namespace st::cli
