// Tests of durable atomic writes: complete replacement, no partial file left, clean failure (a
// full disk included), and the one mapping of I/O errors to statuses.
#include "core/io/durable_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/io/io_error.h"
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

TEST(DurableFileTest, AFullDiskIsResourceExhaustedAndChangesNothing) {
  // The partial file is a link to /dev/full, whose every write fails with ENOSPC.
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full here";
  const std::string dir = testing::ScratchDir();
  ASSERT_TRUE(WriteFileDurably(dir + "/checkpoint", "kept").ok());
  std::filesystem::create_symlink("/dev/full", PartialPath(dir + "/checkpoint"));
  const absl::Status status = WriteFileDurably(dir + "/checkpoint", "new weights");
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted) << status;
  EXPECT_THAT(status.message(),
              ::testing::HasSubstr(dir + "/checkpoint: write failed: No space left on device"));
  EXPECT_EQ(testing::ReadFile(dir + "/checkpoint"), "kept");
  EXPECT_FALSE(
      std::filesystem::exists(std::filesystem::symlink_status(PartialPath(dir + "/checkpoint"))));
}

TEST(DurableFileTest, IoErrorsMapOneWay) {
  EXPECT_EQ(IoError("f", "write failed", ENOSPC).code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(IoError("f", "write failed", EDQUOT).code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(IoError("f", "write failed", EIO).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(IoError("f", "cannot create", ENOENT, absl::StatusCode::kFailedPrecondition).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(IoError("f", "cannot create", ENOSPC, absl::StatusCode::kFailedPrecondition).code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(IoError("dir/f", "cannot sync", EIO).message(),
            "dir/f: cannot sync: " + std::string(std::strerror(EIO)));
}

}  // namespace
}  // namespace latentspace
