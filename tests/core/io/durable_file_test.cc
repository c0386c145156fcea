// Tests of durable atomic writes: complete replacement, no partial file left, clean failure.
#include "core/io/durable_file.h"

#include <filesystem>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/paths.h"

namespace latentspace {
namespace {

TEST(DurableFileTest, WritesAndReplacesWholeFiles) {
  const std::string path = testing::ScratchDir() + "/blob";
  ASSERT_TRUE(WriteFileDurably(path, "first version").ok());
  EXPECT_EQ(testing::ReadFile(path), "first version");
  ASSERT_TRUE(WriteFileDurably(path, std::string(100000, 'x')).ok());
  EXPECT_EQ(testing::ReadFile(path), std::string(100000, 'x'));
  EXPECT_FALSE(std::filesystem::exists(PartialPath(path)));
}

TEST(DurableFileTest, FailureLeavesTheOldFileAlone) {
  const std::string dir = testing::ScratchDir();
  absl::Status status = WriteFileDurably(dir + "/missing/blob", "data");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), ::testing::HasSubstr(dir + "/missing/blob: cannot create"));
  // Committing a partial file that does not exist fails and leaves the target untouched.
  ASSERT_TRUE(WriteFileDurably(dir + "/blob", "kept").ok());
  EXPECT_FALSE(CommitPartialFile(dir + "/nothing.partial", dir + "/blob").ok());
  EXPECT_EQ(testing::ReadFile(dir + "/blob"), "kept");
}

}  // namespace
}  // namespace latentspace
