// Where the files installed beside the program (the sample story, templates) are.
#pragma once

#include <filesystem>

#include "render/html_render.hpp"
#include "util/result.hpp"

namespace st::cli {

// The first of: $STORYTRAIL_DATA_DIR; <dir of the executable>/../share/storytrail (an install,
// wherever its prefix); the install prefix chosen at build time; the source tree (a build that
// was not installed). Each candidate must hold samples/.
Result<std::filesystem::path> find_data_dir();

// The HTML templates, read from templates/ in the data folder.
Result<HtmlTemplates> load_html_templates();

}  // namespace st::cli
