// Tests of the local-directory blob store: staged writes, publish, abort, reads, keys, cleanup.
#include "server/store/local_blob_store.h"

#include <filesystem>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/store/checksum.h"
#include "tests/server/store/store_testing.h"
#include "tests/testing/paths.h"

namespace latentspace::store {
namespace {

using store::testing::FilesIn;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;

class LocalBlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = latentspace::testing::ScratchDir();
    absl::StatusOr<std::unique_ptr<LocalBlobStore>> blobs =
        LocalBlobStore::Open(dir_ + "/blobs", dir_ + "/staging");
    ASSERT_TRUE(blobs.ok()) << blobs.status();
    blobs_ = *std::move(blobs);
  }

  std::string ReadAll(absl::string_view key) {
    absl::StatusOr<std::unique_ptr<BlobReader>> reader = blobs_->OpenRead(key);
    EXPECT_TRUE(reader.ok()) << reader.status();
    if (!reader.ok()) return "";
    std::string content;
    while (true) {
      absl::StatusOr<std::string> chunk = (*reader)->Read(1000);
      EXPECT_TRUE(chunk.ok()) << chunk.status();
      if (!chunk.ok() || chunk->empty()) return content;
      content += *chunk;
    }
  }

  std::string dir_;
  std::unique_ptr<LocalBlobStore> blobs_;
};

TEST_F(LocalBlobStoreTest, CreatesTheLayout) {
  EXPECT_TRUE(std::filesystem::is_directory(dir_ + "/blobs/samples"));
  EXPECT_TRUE(std::filesystem::is_directory(dir_ + "/blobs/encoders"));
  EXPECT_TRUE(std::filesystem::is_directory(dir_ + "/staging"));
}

TEST_F(LocalBlobStoreTest, StagesThenPublishes) {
  absl::StatusOr<std::unique_ptr<BlobWriter>> writer = blobs_->BeginWrite(BlobKind::kSample);
  ASSERT_TRUE(writer.ok()) << writer.status();
  ASSERT_TRUE((*writer)->Append("hello, ").ok());
  ASSERT_TRUE((*writer)->Append("").ok());
  ASSERT_TRUE((*writer)->Append("world").ok());
  EXPECT_EQ((*writer)->bytes(), 12);
  EXPECT_EQ((*writer)->checksum(), ChecksumOf("hello, world"));
  // Staged only: nothing published yet.
  EXPECT_EQ(FilesIn(dir_ + "/staging").size(), 1u);
  EXPECT_THAT(FilesIn(dir_ + "/blobs/samples"), IsEmpty());

  absl::StatusOr<BlobInfo> info = (*writer)->Publish();
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_THAT(info->key, MatchesRegex("samples/[0-9a-f]{32}"));
  EXPECT_EQ(info->bytes, 12);
  EXPECT_EQ(info->checksum, ChecksumOf("hello, world"));
  EXPECT_THAT(FilesIn(dir_ + "/staging"), IsEmpty());
  EXPECT_EQ(ReadAll(info->key), "hello, world");
  EXPECT_EQ(latentspace::testing::ReadFile(blobs_->LocalPath(info->key)), "hello, world");
  absl::StatusOr<std::vector<std::string>> keys = blobs_->ListKeys(BlobKind::kSample);
  ASSERT_TRUE(keys.ok());
  EXPECT_THAT(*keys, ElementsAre(info->key));

  // A published writer is spent.
  EXPECT_EQ((*writer)->Append("more").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ((*writer)->Publish().status().code(), absl::StatusCode::kFailedPrecondition);
  writer->reset();
  EXPECT_EQ(ReadAll(info->key), "hello, world");
}

TEST_F(LocalBlobStoreTest, AbortAndDestructionLeaveNothing) {
  {
    absl::StatusOr<std::unique_ptr<BlobWriter>> writer = blobs_->BeginWrite(BlobKind::kEncoder);
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Append(std::string(100000, 'x')).ok());
    (*writer)->Abort();
    (*writer)->Abort();
    EXPECT_EQ((*writer)->Append("x").code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ((*writer)->Publish().status().code(), absl::StatusCode::kFailedPrecondition);
  }
  {
    absl::StatusOr<std::unique_ptr<BlobWriter>> writer = blobs_->BeginWrite(BlobKind::kSample);
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Append("dropped").ok());
  }
  EXPECT_THAT(FilesIn(dir_ + "/staging"), IsEmpty());
  EXPECT_THAT(FilesIn(dir_ + "/blobs/samples"), IsEmpty());
  EXPECT_THAT(FilesIn(dir_ + "/blobs/encoders"), IsEmpty());
}

TEST_F(LocalBlobStoreTest, DeleteIsIdempotentAndReadsOfMissingBlobsAreNotFound) {
  absl::StatusOr<std::unique_ptr<BlobWriter>> writer = blobs_->BeginWrite(BlobKind::kEncoder);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Append("weights").ok());
  absl::StatusOr<BlobInfo> info = (*writer)->Publish();
  ASSERT_TRUE(info.ok());
  EXPECT_THAT(info->key, MatchesRegex("encoders/[0-9a-f]{32}"));
  EXPECT_TRUE(blobs_->Delete(info->key).ok());
  EXPECT_TRUE(blobs_->Delete(info->key).ok());
  const absl::Status missing = blobs_->OpenRead(info->key).status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.message(), HasSubstr(blobs_->LocalPath(info->key)));
}

TEST_F(LocalBlobStoreTest, RejectsKeysOutsideTheBlobDirectories) {
  latentspace::testing::WriteFile(dir_ + "/secret", "do not touch");
  for (const std::string key : {"../secret", "samples/../../secret", "samples/", "samples/..",
                                "other/x", "/etc/passwd", "samples/a/b"}) {
    EXPECT_EQ(blobs_->Delete(key).code(), absl::StatusCode::kInvalidArgument) << key;
    EXPECT_EQ(blobs_->OpenRead(key).status().code(), absl::StatusCode::kInvalidArgument) << key;
    EXPECT_EQ(blobs_->LocalPath(key), "") << key;
  }
  EXPECT_EQ(latentspace::testing::ReadFile(dir_ + "/secret"), "do not touch");
}

TEST_F(LocalBlobStoreTest, ClearStagingRemovesEverythingThere) {
  latentspace::testing::WriteFile(dir_ + "/staging/a.partial", "a");
  latentspace::testing::WriteFile(dir_ + "/staging/b", "b");
  std::filesystem::create_directories(dir_ + "/staging/sub/dir");
  latentspace::testing::WriteFile(dir_ + "/staging/sub/dir/c", "c");
  absl::StatusOr<int64_t> removed = blobs_->ClearStaging();
  ASSERT_TRUE(removed.ok()) << removed.status();
  EXPECT_EQ(*removed, 3);
  EXPECT_THAT(FilesIn(dir_ + "/staging"), IsEmpty());
}

}  // namespace
}  // namespace latentspace::store
