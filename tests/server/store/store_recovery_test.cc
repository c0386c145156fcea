// Tests of Store::Open's recovery: the on-disk states a kill -9 can leave behind (staging files,
// published blobs without a row, replaced blobs not yet deleted, RUNNING jobs) are built by hand,
// then Open must clean them up, report them and keep serving; a corrupt database is refused.
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/store/store.h"
#include "tests/server/store/store_testing.h"
#include "tests/testing/paths.h"

namespace latentspace::store {
namespace {

using store::testing::FilesIn;
using store::testing::UploadEncoder;
using store::testing::UploadModel;
using store::testing::UploadSample;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

std::string IntegrityCheck(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  std::string result = "<error>";
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW) {
    result = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return result;
}

std::unique_ptr<Store> OpenOrDie(const std::string& dir) {
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(dir);
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? *std::move(store) : nullptr;
}

TEST(StoreRecoveryTest, CleansUpWhatACrashLeavesBehind) {
  const std::string dir = latentspace::testing::ScratchDir() + "/data";
  std::string kept_sample_key, lost_sample_key, encoder_key, detector_key;
  {
    std::unique_ptr<Store> store = OpenOrDie(dir);
    ASSERT_NE(store, nullptr);
    kept_sample_key = UploadSample(*store, "kept", "kept events")->blob_key;
    lost_sample_key = UploadSample(*store, "lost", "lost events")->blob_key;
    encoder_key = UploadEncoder(*store, "enc", "weights")->blob_key;
    detector_key = UploadModel(*store, ModelKind::kDetector, "enc", "detector weights")->blob_key;
    ASSERT_TRUE(store->CreateJob("train", "{}").ok());  // job-000001: will be RUNNING
    ASSERT_TRUE(store->CreateJob("train", "{}").ok());  // job-000002: stays QUEUED
    ASSERT_TRUE(store->CreateJob("train", "{}").ok());  // job-000003: FAILED before the crash
    ASSERT_TRUE(store->TransitionJob("job-000001", JobState::kRunning).ok());
    ASSERT_TRUE(store->UpdateJobProgress("job-000001", R"({"epoch": 7})").ok());
    ASSERT_TRUE(store->TransitionJob("job-000003", JobState::kFailed, "diverged").ok());

    // Crash between publishing a blob and committing its row: a renamed blob nobody names.
    absl::StatusOr<std::unique_ptr<BlobWriter>> writer = store->BeginSampleUpload();
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Append("published, never committed").ok());
    ASSERT_TRUE((*writer)->Publish().ok());
  }
  // Crash in the middle of uploads: staging leftovers (a file, a partial file, a stray directory).
  latentspace::testing::WriteFile(dir + "/staging/0123456789abcdef0123456789abcdef.partial",
                                  "half");
  latentspace::testing::WriteFile(dir + "/staging/stray", "x");
  std::filesystem::create_directories(dir + "/staging/subdir");
  // Crash after an overwrite or delete committed but before the old blob went: unreferenced blobs.
  latentspace::testing::WriteFile(dir + "/blobs/samples/ffffffffffffffffffffffffffffffff", "old");
  latentspace::testing::WriteFile(dir + "/blobs/encoders/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", "old");
  latentspace::testing::WriteFile(dir + "/blobs/detectors/dddddddddddddddddddddddddddddddd", "old");
  // A blob lost outside our control.
  std::filesystem::remove(dir + "/blobs/" + lost_sample_key);

  std::unique_ptr<Store> store = OpenOrDie(dir);
  ASSERT_NE(store, nullptr);
  const RecoveryReport& report = store->recovery_report();
  EXPECT_EQ(report.staging_files_removed, 3);
  EXPECT_EQ(report.orphan_blobs_removed, 4);
  EXPECT_THAT(report.interrupted_jobs, ElementsAre("job-000001"));
  EXPECT_EQ(report.jobs_interrupted(), 1);
  ASSERT_THAT(report.missing_blobs, SizeIs(1));
  EXPECT_EQ(report.missing_blobs[0].kind, "sample");
  EXPECT_EQ(report.missing_blobs[0].name, "lost");
  EXPECT_EQ(report.missing_blobs[0].key, lost_sample_key);
  EXPECT_FALSE(report.clean());
  const std::string text = report.ToString();
  EXPECT_THAT(text, HasSubstr("removed 3 staging files and 4 orphan blobs"));
  EXPECT_THAT(text, HasSubstr("1 job interrupted (job-000001)"));
  EXPECT_THAT(text, HasSubstr("1 blob missing: sample \"lost\" (" + lost_sample_key + ")"));

  // The directories hold exactly what the rows name.
  EXPECT_THAT(FilesIn(dir + "/staging"), IsEmpty());
  EXPECT_THAT(FilesIn(dir + "/blobs/samples"),
              ElementsAre(std::filesystem::path(kept_sample_key).filename().string()));
  EXPECT_THAT(FilesIn(dir + "/blobs/encoders"),
              ElementsAre(std::filesystem::path(encoder_key).filename().string()));
  EXPECT_THAT(FilesIn(dir + "/blobs/detectors"),
              ElementsAre(std::filesystem::path(detector_key).filename().string()));

  // Jobs: RUNNING became FAILED, QUEUED stays for the server to re-run, finished ones untouched.
  absl::StatusOr<JobRecord> interrupted = store->GetJob("job-000001");
  EXPECT_EQ(interrupted->state, JobState::kFailed);
  EXPECT_EQ(interrupted->error, "interrupted by restart");
  EXPECT_GT(interrupted->finished_unix_ms, 0);
  EXPECT_EQ(interrupted->progress_json, R"({"epoch": 7})");
  EXPECT_EQ(store->GetJob("job-000002")->state, JobState::kQueued);
  EXPECT_EQ(store->GetJob("job-000003")->error, "diverged");

  // It keeps serving: the intact items verify, the lost one reads as DATA_LOSS until replaced.
  EXPECT_TRUE(store->VerifySample("kept").ok());
  EXPECT_TRUE(store->VerifyEncoder("enc").ok());
  EXPECT_EQ(*store->ReadModelBlob(ModelKind::kDetector, "enc"), "detector weights");
  EXPECT_EQ(store->VerifySample("lost").code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(UploadSample(*store, "new", "new events").ok());
  ASSERT_TRUE(UploadSample(*store, "lost", "lost events", true).ok());
  EXPECT_TRUE(store->VerifySample("lost").ok());

  store.reset();
  EXPECT_EQ(IntegrityCheck(dir + "/latentd.db"), "ok");
  store = OpenOrDie(dir);
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(store->recovery_report().clean()) << store->recovery_report().ToString();
}

TEST(StoreRecoveryTest, MissingDetectorBlobIsReported) {
  const std::string dir = latentspace::testing::ScratchDir() + "/data";
  std::string key;
  {
    std::unique_ptr<Store> store = OpenOrDie(dir);
    ASSERT_NE(store, nullptr);
    key = UploadModel(*store, ModelKind::kDetector, "ae", "weights")->blob_key;
  }
  std::filesystem::remove(dir + "/blobs/" + key);
  std::unique_ptr<Store> store = OpenOrDie(dir);
  ASSERT_NE(store, nullptr);
  ASSERT_THAT(store->recovery_report().missing_blobs, SizeIs(1));
  EXPECT_THAT(store->recovery_report().ToString(), HasSubstr("detector \"ae\" version 1"));
  const absl::Status lost = store->VerifyModel(ModelKind::kDetector, "ae");
  EXPECT_EQ(lost.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(lost.message(), HasSubstr("detector \"ae\""));
}

TEST(StoreRecoveryTest, MissingEncoderBlobIsReported) {
  const std::string dir = latentspace::testing::ScratchDir() + "/data";
  std::string key;
  {
    std::unique_ptr<Store> store = OpenOrDie(dir);
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(UploadEncoder(*store, "enc", "v1").ok());
    key = UploadEncoder(*store, "enc", "v2")->blob_key;
  }
  std::filesystem::remove(dir + "/blobs/" + key);
  std::unique_ptr<Store> store = OpenOrDie(dir);
  ASSERT_NE(store, nullptr);
  ASSERT_THAT(store->recovery_report().missing_blobs, SizeIs(1));
  EXPECT_EQ(store->recovery_report().missing_blobs[0].kind, "encoder");
  EXPECT_EQ(store->recovery_report().missing_blobs[0].version, 2);
  EXPECT_THAT(store->recovery_report().ToString(), HasSubstr("encoder \"enc\" version 2"));
  EXPECT_EQ(store->ReadEncoderBlob("enc").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(*store->ReadEncoderBlob("enc", 1), "v1");
}

TEST(StoreRecoveryTest, RefusesACorruptDatabaseAndChangesNothing) {
  const std::string dir = latentspace::testing::ScratchDir() + "/data";
  {
    std::unique_ptr<Store> store = OpenOrDie(dir);
    ASSERT_NE(store, nullptr);
    for (int i = 0; i < 300; ++i) {
      ASSERT_TRUE(UploadSample(*store, absl::StrCat("sample-", i), "e", false,
                               {{"mass", i}, {"width", i * 0.5}, {"coupling", 1.0 / (i + 1)}})
                      .ok());
    }
  }
  const std::string db = dir + "/latentd.db";
  ASSERT_FALSE(std::filesystem::exists(db + "-wal"));  // checkpointed at close
  const auto size = std::filesystem::file_size(db);
  ASSERT_GT(size, 16u * 4096u);
  {
    // Garbage over the pages after the first (the header and schema stay readable).
    std::fstream file(db, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(2 * 4096);
    const std::string garbage(size - 3 * 4096, '\xa5');
    file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  latentspace::testing::WriteFile(dir + "/staging/evidence.partial", "keep me");
  const auto samples_before = FilesIn(dir + "/blobs/samples");

  const absl::Status status = Store::Open(dir).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_THAT(status.message(), HasSubstr(db));
  // Nothing was repaired or removed on the way out.
  EXPECT_THAT(FilesIn(dir + "/staging"), ElementsAre("evidence.partial"));
  EXPECT_EQ(FilesIn(dir + "/blobs/samples"), samples_before);
}

}  // namespace
}  // namespace latentspace::store
