// Reading a manifest of captures and recording them in one batch: `import` and `demo`.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "cli/app.hpp"
#include "extract/site_rules.hpp"
#include "store/revision_store.hpp"

namespace st::cli {

// One line of a manifest (format in the README): file, story, url, captured_at.
struct ManifestEntry {
  std::string file;  // relative to the manifest's folder
  std::string story;
  std::string url;
  UnixSeconds captured_at = 0;
};

// Reads DIR/manifest.json and checks every entry; names the entry at fault on error.
Result<std::vector<ManifestEntry>> read_manifest(const std::filesystem::path& dir);

struct ImportedCapture {
  ManifestEntry entry;
  AddResult result;
};

// Reads and extracts every capture (on all cores), then records them in one pass. Nothing is
// written unless every capture could be read and extracted. With `show_progress`, a progress
// bar is drawn on standard error.
Result<std::vector<ImportedCapture>> import_directory(const Context& context,
                                                      const std::filesystem::path& dir,
                                                      bool show_progress,
                                                      const SiteRules* rules = nullptr);

}  // namespace st::cli
