#include "cli/data_dir.hpp"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <vector>

namespace st::cli {

namespace fs = std::filesystem;

Result<fs::path> find_data_dir() {
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("STORYTRAIL_DATA_DIR"); env != nullptr && env[0] != '\0') {
    candidates.emplace_back(env);
  }
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back(exe.parent_path().parent_path() / "share" / "storytrail");
  candidates.emplace_back(STORYTRAIL_INSTALL_DATA_DIR);
  // Only a binary still in its build tree falls back to the source tree, so an installed
  // binary never depends on the sources it was built from.
  const std::string build_dir = STORYTRAIL_BUILD_DIR;
  if (!ec && exe.string().starts_with(build_dir + "/")) {
    candidates.emplace_back(STORYTRAIL_SOURCE_DATA_DIR);
  }
  for (const fs::path& dir : candidates) {
    if (fs::is_directory(dir / "samples", ec)) return dir;
  }
  return fail(
      "cannot find storytrail's data files (the sample story); set STORYTRAIL_DATA_DIR "
      "to the folder that holds samples/");
}

Result<HtmlTemplates> load_html_templates() {
  auto data = find_data_dir();
  if (!data) return std::move(data).error();
  const fs::path dir = *data / "templates";
  HtmlTemplates templates;
  for (const auto& [name, text] :
       {std::pair{"timeline.html", &templates.page}, std::pair{"card.html", &templates.card},
        std::pair{"diff.html", &templates.diff}, std::pair{"index.html", &templates.index},
        std::pair{"timeline.css", &templates.css}, std::pair{"timeline.js", &templates.js}}) {
    std::ifstream in(dir / name, std::ios::binary);
    if (!in) return fail("cannot read the template {}", (dir / name).string());
    text->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return templates;
}

}  // namespace st::cli
