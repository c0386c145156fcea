// Paths the tests use: the repository's bundled data and testdata, ../shared when present, and a
// fresh scratch directory per test.
#ifndef LATENTSPACE_TESTS_TESTING_PATHS_H_
#define LATENTSPACE_TESTS_TESTING_PATHS_H_

#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "tests/testing/build_paths.h"

namespace latentspace::testing {

inline std::string SourcePath(const std::string& relative) {
  return std::string(testing::SourceDir()) + "/" + relative;
}

inline std::string BundledDataDir() { return SourcePath("data/darkmachines"); }

// ../shared/data/darkmachines beside the repository, or "" when this checkout has none.
inline std::string SharedDataDir() {
  const std::string dir = std::string(testing::SharedDir()) + "/data/darkmachines";
  return std::filesystem::is_directory(dir) ? dir : "";
}

// A new empty directory for the running test.
inline std::string ScratchDir() {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "latentspace" /
                              (std::string(info->test_suite_name()) + "." + info->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

inline std::string WriteFile(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace latentspace::testing

#endif  // LATENTSPACE_TESTS_TESTING_PATHS_H_
