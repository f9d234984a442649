// Reading the golden inputs under tests/data/extract.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

namespace st::testing {

// The bytes of tests/data/extract/<name>; fails the test when the file cannot be read.
inline std::string read_test_file(const std::string& name) {
  const std::string path = std::string(STORYTRAIL_TEST_DATA) + "/extract/" + name;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace st::testing
