// The bundled sample story (samples/harris-mexico) as the tests use it: its captures'
// articles, extracted in process.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "extract/extract.hpp"

namespace st::test {

inline const std::filesystem::path kSampleDir =
    std::filesystem::path(STORYTRAIL_SOURCE_DIR) / "samples" / "harris-mexico";

// The captures that become revisions 1 to 6 (06-chrome-only.html is the same text as 05).
inline const std::vector<std::string> kSampleRevisionFiles{
    "01-first.html",      "02-expanded.html",      "03-headline.html",
    "04-correction.html", "05-clarification.html", "07-moved.html"};

// The article of one capture of the sample story.
inline Article sample_capture(const std::string& file) {
  std::ifstream in(kSampleDir / file, std::ios::binary);
  const std::string bytes(std::istreambuf_iterator<char>(in), {});
  auto article = extract_article({bytes, "", "text/html"});
  EXPECT_TRUE(article.ok()) << file;
  return article.ok() ? *article : Article{};
}

}  // namespace st::test
