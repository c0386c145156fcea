// Tests of the Store facade: sample and encoder uploads end to end, ALREADY_EXISTS and overwrite,
// concurrent uploads, aborts, corrupted blobs, jobs and counts.
#include "server/store/store.h"

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/store/checksum.h"
#include "tests/server/store/store_testing.h"
#include "tests/testing/paths.h"

namespace latentspace::store {
namespace {

using store::testing::FilesIn;
using store::testing::UploadEncoder;
using store::testing::UploadSample;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

std::string Content(int seed, size_t size) {
  std::string content(size, '\0');
  uint32_t x = static_cast<uint32_t>(seed) * 2654435761u + 1;
  for (char& c : content) {
    x = x * 1103515245u + 12345u;
    c = static_cast<char>(x >> 24);
  }
  return content;
}

// Flips one byte of a file in place.
void CorruptByte(const std::string& path, std::streamoff at) {
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  file.seekg(at);
  char c = 0;
  file.get(c);
  file.seekp(at);
  file.put(static_cast<char>(c ^ 0x01));
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = latentspace::testing::ScratchDir() + "/data";
    Reopen();
  }

  void Reopen() {
    store_.reset();
    absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(dir_);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  std::vector<std::string> SampleFiles() { return FilesIn(dir_ + "/blobs/samples"); }
  std::vector<std::string> EncoderFiles() { return FilesIn(dir_ + "/blobs/encoders"); }
  std::vector<std::string> StagingFiles() { return FilesIn(dir_ + "/staging"); }

  std::string ReadAll(BlobReader& reader) {
    std::string content;
    while (true) {
      absl::StatusOr<std::string> chunk = reader.Read(3000);
      EXPECT_TRUE(chunk.ok()) << chunk.status();
      if (!chunk.ok() || chunk->empty()) return content;
      content += *chunk;
    }
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreTest, OpenCreatesTheLayout) {
  for (const char* path : {"/latentd.db", "/blobs/samples", "/blobs/encoders", "/staging"}) {
    EXPECT_TRUE(std::filesystem::exists(dir_ + path)) << path;
  }
  EXPECT_TRUE(store_->recovery_report().clean()) << store_->recovery_report().ToString();
}

TEST_F(StoreTest, SecondOpenOfOneDirectoryIsRefused) {
  const absl::Status status = Store::Open(dir_).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(status.message(), HasSubstr("in use by another latentd"));
  store_.reset();
  EXPECT_TRUE(Store::Open(dir_).ok());
}

TEST_F(StoreTest, SampleRoundTrip) {
  const std::string content = Content(1, 100000);
  absl::StatusOr<SampleRecord> committed =
      UploadSample(*store_, "gluino_1600", content, false, {{"mgluino", 1600}, {"mlsp", 100}});
  ASSERT_TRUE(committed.ok()) << committed.status();
  EXPECT_EQ(committed->blob_bytes, 100000);
  EXPECT_EQ(committed->checksum, ChecksumOf(content));
  EXPECT_GT(committed->created_unix_ms, 1600000000000);
  EXPECT_THAT(StagingFiles(), IsEmpty());
  EXPECT_THAT(SampleFiles(), SizeIs(1));

  Reopen();
  EXPECT_TRUE(store_->recovery_report().clean()) << store_->recovery_report().ToString();
  absl::StatusOr<SampleRecord> got = store_->GetSample("gluino_1600");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->parameters, (std::map<std::string, double>{{"mgluino", 1600}, {"mlsp", 100}}));
  EXPECT_EQ(got->source_format, "darkmachines");
  EXPECT_EQ(got->num_events, 10000);
  EXPECT_EQ(got->blob_key, committed->blob_key);
  EXPECT_EQ(got->checksum, committed->checksum);
  EXPECT_EQ(got->created_unix_ms, committed->created_unix_ms);
  EXPECT_TRUE(store_->VerifySample("gluino_1600").ok());

  absl::StatusOr<std::string> path = store_->SampleBlobPath("gluino_1600");
  ASSERT_TRUE(path.ok());
  EXPECT_EQ(latentspace::testing::ReadFile(*path), content);
  absl::StatusOr<std::unique_ptr<BlobReader>> reader = store_->OpenSampleBlob("gluino_1600");
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ(ReadAll(**reader), content);

  ASSERT_TRUE(UploadSample(*store_, "another", "x").ok());
  std::vector<std::string> names;
  absl::StatusOr<std::vector<SampleRecord>> listed = store_->ListSamples();
  ASSERT_TRUE(listed.ok());
  for (const SampleRecord& record : *listed) names.push_back(record.name);
  EXPECT_THAT(names, ElementsAre("another", "gluino_1600"));
  EXPECT_EQ(*store_->CountSamples(), 2);

  absl::StatusOr<SampleRecord> deleted = store_->DeleteSample("gluino_1600");
  ASSERT_TRUE(deleted.ok());
  EXPECT_FALSE(std::filesystem::exists(*path));
  EXPECT_EQ(store_->GetSample("gluino_1600").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->DeleteSample("gluino_1600").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(*store_->CountSamples(), 1);
  EXPECT_THAT(SampleFiles(), SizeIs(1));
}

TEST_F(StoreTest, EmptySampleIsAllowed) {
  absl::StatusOr<SampleRecord> committed = UploadSample(*store_, "empty", "");
  ASSERT_TRUE(committed.ok()) << committed.status();
  EXPECT_EQ(committed->blob_bytes, 0);
  EXPECT_TRUE(store_->VerifySample("empty").ok());
}

TEST_F(StoreTest, ExistingNameNeedsOverwrite) {
  ASSERT_TRUE(UploadSample(*store_, "ttbar", "first").ok());
  const std::vector<std::string> files = SampleFiles();

  const absl::Status exists = UploadSample(*store_, "ttbar", "second").status();
  EXPECT_EQ(exists.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(exists.message(), HasSubstr("sample \"ttbar\" already exists"));
  EXPECT_EQ(SampleFiles(), files);  // the rejected upload left nothing
  EXPECT_THAT(StagingFiles(), IsEmpty());
  EXPECT_EQ(latentspace::testing::ReadFile(*store_->SampleBlobPath("ttbar")), "first");

  absl::StatusOr<SampleRecord> replaced = UploadSample(*store_, "ttbar", "second", true);
  ASSERT_TRUE(replaced.ok()) << replaced.status();
  EXPECT_EQ(latentspace::testing::ReadFile(*store_->SampleBlobPath("ttbar")), "second");
  EXPECT_THAT(SampleFiles(), SizeIs(1));  // the old blob went
  EXPECT_NE(SampleFiles(), files);
  EXPECT_TRUE(store_->VerifySample("ttbar").ok());
  EXPECT_EQ(*store_->CountSamples(), 1);
}

TEST_F(StoreTest, BadInputChangesNothing) {
  ASSERT_TRUE(UploadSample(*store_, "kept", "kept").ok());
  const std::vector<std::string> files = SampleFiles();
  const std::vector<std::string> bad_names = {"../x", "",     std::string(129, 'a'),
                                              "a b",  "\x01", "caf\xc3\xa9"};
  for (const std::string& name : bad_names) {
    const absl::Status status = UploadSample(*store_, name, "payload").status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << name;
  }
  const absl::Status nan =
      UploadSample(*store_, "nan", "payload", false, {{"m", std::nan("")}}).status();
  EXPECT_EQ(nan.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(nan.message(), HasSubstr("parameter \"m\""));
  EXPECT_EQ(UploadSample(*store_, "inf", "payload", false, {{"m", INFINITY}}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(UploadSample(*store_, "badparam", "payload", false, {{"m\n", 1}}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->CommitSample(nullptr, SampleRecord{}, false).status().code(),
            absl::StatusCode::kInvalidArgument);
  const absl::Status read = store_->GetSample("../x").status();
  EXPECT_EQ(read.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(read.message(), HasSubstr("\"../x\""));

  EXPECT_EQ(SampleFiles(), files);
  EXPECT_THAT(StagingFiles(), IsEmpty());
  EXPECT_EQ(*store_->CountSamples(), 1);
}

TEST_F(StoreTest, AbortLeavesNothing) {
  {
    absl::StatusOr<std::unique_ptr<BlobWriter>> writer = store_->BeginSampleUpload();
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Append(Content(2, 50000)).ok());
    EXPECT_THAT(StagingFiles(), SizeIs(1));
    (*writer)->Abort();
    // Committing an aborted writer fails and records nothing.
    SampleRecord record;
    record.name = "aborted";
    EXPECT_EQ(store_->CommitSample(*std::move(writer), record, false).status().code(),
              absl::StatusCode::kFailedPrecondition);
  }
  {
    absl::StatusOr<std::unique_ptr<BlobWriter>> writer = store_->BeginEncoderUpload();
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Append("dropped without a word").ok());
  }
  EXPECT_THAT(StagingFiles(), IsEmpty());
  EXPECT_THAT(SampleFiles(), IsEmpty());
  EXPECT_THAT(EncoderFiles(), IsEmpty());
  EXPECT_EQ(store_->GetSample("aborted").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(StoreTest, ConcurrentUploadsOfOneNameHaveOneWinner) {
  constexpr int kThreads = 8;
  for (int round = 0; round < 5; ++round) {
    const std::string name = absl::StrCat("contested-", round);
    // Every thread stages its blob first, then all commit at once.
    std::vector<std::unique_ptr<BlobWriter>> writers;
    for (int i = 0; i < kThreads; ++i) {
      absl::StatusOr<std::unique_ptr<BlobWriter>> writer = store_->BeginSampleUpload();
      ASSERT_TRUE(writer.ok());
      ASSERT_TRUE((*writer)->Append(Content(round * 100 + i, 20000 + i)).ok());
      writers.push_back(*std::move(writer));
    }
    std::atomic<int> ready{0};
    std::vector<absl::StatusOr<SampleRecord>> results(kThreads, absl::UnknownError("not run"));
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        ready.fetch_add(1);
        while (ready.load() < kThreads) std::this_thread::yield();
        SampleRecord record;
        record.name = name;
        record.num_events = i;
        results[i] = store_->CommitSample(std::move(writers[i]), record, false);
      });
    }
    for (std::thread& thread : threads) thread.join();
    int winners = 0;
    std::string winning_checksum;
    for (const absl::StatusOr<SampleRecord>& result : results) {
      if (result.ok()) {
        ++winners;
        winning_checksum = result->checksum;
      } else {
        EXPECT_EQ(result.status().code(), absl::StatusCode::kAlreadyExists) << result.status();
      }
    }
    EXPECT_EQ(winners, 1);
    EXPECT_EQ(store_->GetSample(name)->checksum, winning_checksum);
    EXPECT_TRUE(store_->VerifySample(name).ok());
  }
  // No orphans: one blob per sample, nothing staged.
  EXPECT_THAT(SampleFiles(), SizeIs(5));
  EXPECT_THAT(StagingFiles(), IsEmpty());
  Reopen();
  EXPECT_TRUE(store_->recovery_report().clean()) << store_->recovery_report().ToString();
}

TEST_F(StoreTest, ConcurrentOverwritesLeaveOneBlob) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        if (!UploadSample(*store_, "hot", Content(t * 10 + i, 3000), true).ok()) ++failures;
        if (!store_->VerifySample("hot").ok()) ++failures;
        if (!UploadSample(*store_, absl::StrCat("t", t, "-", i), "x").ok()) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(*store_->CountSamples(), 41);
  EXPECT_THAT(SampleFiles(), SizeIs(41));
  EXPECT_THAT(StagingFiles(), IsEmpty());
}

TEST_F(StoreTest, ReadersDuringOverwritesAndDeletesNeverSeeDataLoss) {
  ASSERT_TRUE(UploadSample(*store_, "hot", Content(0, 5000)).ok());
  ASSERT_TRUE(UploadEncoder(*store_, "enc", "v1").ok());
  std::atomic<bool> done{false};
  std::atomic<int> bad{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      while (!done.load()) {
        // NOT_FOUND is fine (deleted at that moment); DATA_LOSS or anything else is not.
        const absl::Status verified = store_->VerifySample("hot");
        if (!verified.ok() && !absl::IsNotFound(verified)) ++bad;
        absl::StatusOr<std::unique_ptr<BlobReader>> reader = store_->OpenSampleBlob("hot");
        if (reader.ok()) {
          absl::StatusOr<std::string> chunk;
          do {
            chunk = (*reader)->Read(1000);
          } while (chunk.ok() && !chunk->empty());
          if (!chunk.ok()) ++bad;
        } else if (!absl::IsNotFound(reader.status())) {
          ++bad;
        }
        const absl::Status encoder = store_->ReadEncoderBlob("enc").status();
        if (!encoder.ok() && !absl::IsNotFound(encoder)) ++bad;
      }
    });
  }
  for (int i = 0; i < 30; ++i) {
    if (i % 10 == 9) {
      ASSERT_TRUE(store_->DeleteSample("hot").ok());
      ASSERT_TRUE(store_->DeleteEncoder("enc").ok());
    }
    ASSERT_TRUE(UploadSample(*store_, "hot", Content(i, 5000 + i), true).ok());
    ASSERT_TRUE(UploadEncoder(*store_, "enc", Content(i, 100)).ok());
  }
  done.store(true);
  for (std::thread& thread : readers) thread.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_THAT(SampleFiles(), SizeIs(1));
}

TEST_F(StoreTest, CorruptedBlobIsDataLoss) {
  const std::string content = Content(3, 10000);
  ASSERT_TRUE(UploadSample(*store_, "victim", content).ok());
  const std::string path = *store_->SampleBlobPath("victim");
  CorruptByte(path, 1234);

  const absl::Status verify = store_->VerifySample("victim");
  EXPECT_EQ(verify.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(verify.message(), HasSubstr(path));
  EXPECT_THAT(verify.message(), HasSubstr("checksum"));
  EXPECT_THAT(verify.message(), HasSubstr("sample \"victim\""));
  EXPECT_EQ(store_->OpenSampleBlob("victim").status().code(), absl::StatusCode::kDataLoss);

  // A truncated blob names its size.
  std::filesystem::resize_file(path, 5000);
  const absl::Status truncated = store_->VerifySample("victim");
  EXPECT_EQ(truncated.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(truncated.message(), HasSubstr("has 5000 bytes, the record says 10000"));

  // A vanished blob too.
  std::filesystem::remove(path);
  const absl::Status missing = store_->VerifySample("victim");
  EXPECT_EQ(missing.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(missing.message(), HasSubstr(path + " is missing"));
  EXPECT_EQ(store_->OpenSampleBlob("victim").status().code(), absl::StatusCode::kDataLoss);

  // Overwriting repairs it.
  ASSERT_TRUE(UploadSample(*store_, "victim", content, true).ok());
  EXPECT_TRUE(store_->VerifySample("victim").ok());
}

TEST_F(StoreTest, OpenSampleBlobNoticesAChangeWhileReading) {
  const std::string content = Content(4, 10000);
  ASSERT_TRUE(UploadSample(*store_, "s", content).ok());
  absl::StatusOr<std::unique_ptr<BlobReader>> reader = store_->OpenSampleBlob("s");
  ASSERT_TRUE(reader.ok());
  CorruptByte(*store_->SampleBlobPath("s"), 9000);
  absl::Status status = absl::OkStatus();
  while (status.ok()) {
    absl::StatusOr<std::string> chunk = (*reader)->Read(4096);
    status = chunk.status();
    if (chunk.ok() && chunk->empty()) break;
  }
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
}

TEST_F(StoreTest, EncoderCheckpointsAndTheirJobs) {
  absl::StatusOr<JobRecord> job = store_->CreateJob("train", R"({"preset": "4top"})");
  ASSERT_TRUE(job.ok());
  // A queued job cannot succeed: the checkpoint is discarded.
  const absl::Status early = UploadEncoder(*store_, "enc", "weights", job->id).status();
  EXPECT_EQ(early.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(EncoderFiles(), IsEmpty());

  ASSERT_TRUE(store_->TransitionJob(job->id, JobState::kRunning).ok());
  ASSERT_TRUE(store_->UpdateJobProgress(job->id, R"({"epoch": 3})").ok());
  const std::string weights = Content(5, 70000);
  absl::StatusOr<EncoderRecord> encoder = UploadEncoder(*store_, "enc", weights, job->id);
  ASSERT_TRUE(encoder.ok()) << encoder.status();
  EXPECT_EQ(encoder->version, 1);
  EXPECT_EQ(encoder->job_id, job->id);
  EXPECT_EQ(encoder->blob_bytes, 70000);
  EXPECT_EQ(encoder->checksum, ChecksumOf(weights));
  absl::StatusOr<JobRecord> finished = store_->GetJob(job->id);
  EXPECT_EQ(finished->state, JobState::kSucceeded);
  EXPECT_EQ(finished->encoder_name, "enc");
  EXPECT_EQ(finished->encoder_version, 1);
  EXPECT_GT(finished->started_unix_ms, 0);
  EXPECT_GT(finished->finished_unix_ms, 0);
  EXPECT_EQ(finished->progress_json, R"({"epoch": 3})");

  ASSERT_TRUE(UploadEncoder(*store_, "enc", "version two").ok());
  Reopen();
  absl::StatusOr<std::string> latest = store_->ReadEncoderBlob("enc");
  ASSERT_TRUE(latest.ok()) << latest.status();
  EXPECT_EQ(*latest, "version two");
  absl::StatusOr<std::string> first = store_->ReadEncoderBlob("enc", 1);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, weights);
  EXPECT_EQ(latentspace::testing::ReadFile(*store_->EncoderBlobPath("enc", 1)), weights);
  EXPECT_THAT(*store_->ListEncoders(), SizeIs(2));
  EXPECT_THAT(*store_->ListEncoders("enc"), SizeIs(2));

  CorruptByte(*store_->EncoderBlobPath("enc", 1), 0);
  const absl::Status corrupt = store_->ReadEncoderBlob("enc", 1).status();
  EXPECT_EQ(corrupt.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(corrupt.message(), HasSubstr("encoder \"enc\" version 1"));
  EXPECT_THAT(corrupt.message(), HasSubstr(*store_->EncoderBlobPath("enc", 1)));
  EXPECT_EQ(store_->VerifyEncoder("enc", 1).code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(store_->VerifyEncoder("enc").ok());

  absl::StatusOr<std::vector<EncoderRecord>> deleted = store_->DeleteEncoder("enc", 1);
  ASSERT_TRUE(deleted.ok());
  EXPECT_THAT(EncoderFiles(), SizeIs(1));
  deleted = store_->DeleteEncoder("enc");
  ASSERT_TRUE(deleted.ok());
  EXPECT_THAT(*deleted, SizeIs(1));
  EXPECT_THAT(EncoderFiles(), IsEmpty());
  EXPECT_EQ(store_->GetEncoder("enc").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->ReadEncoderBlob("../enc").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(StoreTest, CancelledJobCannotCommitItsEncoder) {
  absl::StatusOr<JobRecord> job = store_->CreateJob("train", "{}");
  ASSERT_TRUE(job.ok());
  ASSERT_TRUE(store_->TransitionJob(job->id, JobState::kRunning).ok());
  absl::StatusOr<std::unique_ptr<BlobWriter>> writer = store_->BeginEncoderUpload();
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Append("weights").ok());
  // Cancelled while the checkpoint was being written.
  ASSERT_TRUE(store_->TransitionJob(job->id, JobState::kCancelled, "cancelled by user").ok());
  EncoderRecord record;
  record.name = "enc";
  const absl::Status status =
      store_->CommitEncoderAndFinishJob(job->id, *std::move(writer), record).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("cannot go from CANCELLED to SUCCEEDED"));
  EXPECT_THAT(EncoderFiles(), IsEmpty());
  EXPECT_THAT(StagingFiles(), IsEmpty());
  EXPECT_EQ(store_->GetJob(job->id)->state, JobState::kCancelled);
  EXPECT_EQ(store_->GetJob(job->id)->error, "cancelled by user");
}

TEST_F(StoreTest, JobsAndCounts) {
  EXPECT_EQ(store_->CreateJob("", "{}").status().code(), absl::StatusCode::kInvalidArgument);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(store_->CreateJob("train", "{}").ok());
  ASSERT_TRUE(store_->TransitionJob("job-000002", JobState::kRunning).ok());
  ASSERT_TRUE(store_->TransitionJob("job-000003", JobState::kCancelled).ok());
  absl::StatusOr<std::map<JobState, int64_t>> counts = store_->CountJobsByState();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->at(JobState::kQueued), 2);
  EXPECT_EQ(counts->at(JobState::kRunning), 1);
  EXPECT_EQ(counts->at(JobState::kCancelled), 1);
  EXPECT_EQ(counts->at(JobState::kSucceeded), 0);
  EXPECT_THAT(*store_->ListJobs(JobState::kQueued), SizeIs(2));
  EXPECT_EQ((*store_->ListJobs())[0].id, "job-000004");
  EXPECT_EQ(store_->TransitionJob("job-000003", JobState::kRunning).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(*store_->CountSamples(), 0);
}

}  // namespace
}  // namespace latentspace::store
