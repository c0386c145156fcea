// Tests of the SQLite metadata store: pragmas and migrations, round trips of every record, the
// ALREADY_EXISTS / overwrite rules, model versions (encoders and detectors apart), job ids,
// transitions and counts.
#include "server/store/sqlite_metadata_store.h"

#include <sqlite3.h>

#include <filesystem>
#include <limits>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/paths.h"

namespace latentspace::store {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// One value of a PRAGMA or query, through a separate connection.
std::string QueryText(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  std::string result = "<no row>";
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW) {
    result = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return result;
}

SampleRecord MakeSample(const std::string& name, const std::string& key) {
  SampleRecord record;
  record.name = name;
  record.parameters = {{"mgluino", 1600.0},
                       {"mneutralino", 0.1},
                       {"tiny", 1e-300},
                       {"negative", -2.5},
                       {"m_{Z'} [GeV]", 3000.25}};
  record.source_format = "darkmachines";
  record.family = "gluino";
  record.level = "truth";
  record.columns = {"PTJ1", "m_jj [GeV]", "MET"};
  record.num_events = 12345;
  record.blob_bytes = 987654321;
  record.checksum = "crc32:0123abcd";
  record.blob_key = key;
  record.created_unix_ms = 1700000000123;
  return record;
}

EncoderRecord MakeEncoder(const std::string& name, const std::string& key) {
  EncoderRecord record;
  record.name = name;
  record.preset = "darkmachines-4top";
  record.summary_json = R"({"epochs": 100, "loss": [1.5, 0.25], "note": "ünïcödé"})";
  record.blob_bytes = 4096;
  record.checksum = "crc32:deadbeef";
  record.blob_key = key;
  record.created_unix_ms = 1700000000999;
  return record;
}

void ExpectSameSample(const SampleRecord& a, const SampleRecord& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.parameters, b.parameters);  // doubles round-trip bit for bit
  EXPECT_EQ(a.source_format, b.source_format);
  EXPECT_EQ(a.family, b.family);
  EXPECT_EQ(a.level, b.level);
  EXPECT_EQ(a.columns, b.columns);
  EXPECT_EQ(a.num_events, b.num_events);
  EXPECT_EQ(a.blob_bytes, b.blob_bytes);
  EXPECT_EQ(a.checksum, b.checksum);
  EXPECT_EQ(a.blob_key, b.blob_key);
  EXPECT_EQ(a.created_unix_ms, b.created_unix_ms);
}

class SqliteMetadataStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = latentspace::testing::ScratchDir() + "/latentd.db";
    Reopen();
  }

  void Reopen() {
    store_.reset();
    absl::StatusOr<std::unique_ptr<SqliteMetadataStore>> store = SqliteMetadataStore::Open(path_);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  std::string path_;
  std::unique_ptr<SqliteMetadataStore> store_;
};

TEST_F(SqliteMetadataStoreTest, OpensInWalModeAtTheCurrentSchema) {
  absl::StatusOr<int> version = store_->SchemaVersion();
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, SqliteMetadataStore::kSchemaVersion);
  EXPECT_EQ(QueryText(path_, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(QueryText(path_, "PRAGMA user_version"),
            std::to_string(SqliteMetadataStore::kSchemaVersion));
  EXPECT_TRUE(store_->CheckIntegrity().ok());
  Reopen();  // an existing file at the current version opens unchanged
  EXPECT_EQ(*store_->SchemaVersion(), SqliteMetadataStore::kSchemaVersion);
}

// Runs `sql` through a separate connection.
void Execute(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
      << (error != nullptr ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

TEST_F(SqliteMetadataStoreTest, MigratesASchemaOneFileKeepingItsRows) {
  ASSERT_TRUE(store_->PutSample(MakeSample("background", "samples/b"), false).ok());
  SampleRecord showered = MakeSample("showered", "samples/s");
  showered.source_format = "hepmc3";
  SampleRecord partons = MakeSample("partons", "samples/p");
  partons.source_format = "lhe";
  ASSERT_TRUE(store_->PutSample(showered, false).ok());
  ASSERT_TRUE(store_->PutSample(partons, false).ok());
  ASSERT_TRUE(store_->CreateJob("train", "{}", 1).ok());
  ASSERT_TRUE(store_->TransitionJob("job-000001", JobState::kRunning, "", 2).ok());
  ASSERT_TRUE(
      store_->InsertModel(ModelKind::kEncoder, MakeEncoder("demo", "encoders/d"), "job-000001")
          .ok());
  store_.reset();
  // What a latentd of schema 1 left: the same file without the detector tables and the samples'
  // family, level and columns columns.
  Execute(path_,
          "DROP TABLE detectors; DROP TABLE detector_names; ALTER TABLE samples DROP COLUMN "
          "family; ALTER TABLE samples DROP COLUMN level; ALTER TABLE samples DROP COLUMN columns; "
          "PRAGMA user_version = 1;");
  ASSERT_EQ(QueryText(path_, "PRAGMA user_version"), "1");

  Reopen();
  EXPECT_EQ(*store_->SchemaVersion(), SqliteMetadataStore::kSchemaVersion);
  EXPECT_TRUE(store_->CheckIntegrity().ok());
  // Its samples have no family and no columns (events), and their level is their format's.
  for (auto [sample, level] : {std::pair{MakeSample("background", "samples/b"), "detector"},
                               std::pair{showered, "truth"}, std::pair{partons, "parton"}}) {
    sample.family = "";
    sample.columns.clear();
    sample.level = level;
    ExpectSameSample(*store_->GetSample(sample.name), sample);
  }
  EXPECT_EQ(store_->GetModel(ModelKind::kEncoder, "demo", 0)->job_id, "job-000001");
  EXPECT_EQ(store_->GetJob("job-000001")->state, JobState::kSucceeded);
  EXPECT_TRUE(store_->ListModels(ModelKind::kDetector, "")->empty());
  EXPECT_EQ(
      store_->InsertModel(ModelKind::kDetector, MakeEncoder("ae", "detectors/a"), "")->version, 1);
}

TEST_F(SqliteMetadataStoreTest, DetectorsHaveTheirOwnNamesAndVersions) {
  for (const char* key : {"encoders/m1", "encoders/m2"}) {
    ASSERT_TRUE(store_->InsertModel(ModelKind::kEncoder, MakeEncoder("m", key), "").ok());
  }
  ASSERT_TRUE(store_->CreateJob("train-detector", "{}", 1).ok());
  ASSERT_TRUE(store_->TransitionJob("job-000001", JobState::kRunning, "", 2).ok());
  absl::StatusOr<DetectorRecord> detector =
      store_->InsertModel(ModelKind::kDetector, MakeEncoder("m", "detectors/m1"), "job-000001");
  ASSERT_TRUE(detector.ok()) << detector.status();
  EXPECT_EQ(detector->version, 1);  // the encoders' versions of "m" do not count
  EXPECT_EQ(store_->GetJob("job-000001")->encoder_name, "m");
  EXPECT_EQ(store_->GetJob("job-000001")->encoder_version, 1);
  EXPECT_EQ(store_->ListModels(ModelKind::kDetector, "")->size(), 1u);
  EXPECT_EQ(store_->ListModels(ModelKind::kEncoder, "")->size(), 2u);
  EXPECT_EQ(store_->GetModel(ModelKind::kDetector, "m", 0)->blob_key, "detectors/m1");

  const absl::Status missing = store_->GetModel(ModelKind::kDetector, "m", 2).status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.message(), HasSubstr("detector \"m\" version 2 not found"));
  ASSERT_TRUE(store_->DeleteModel(ModelKind::kDetector, "m", 0).ok());
  EXPECT_EQ(store_->ListModels(ModelKind::kEncoder, "m")->size(), 2u);  // untouched
  EXPECT_EQ(
      store_->InsertModel(ModelKind::kDetector, MakeEncoder("m", "detectors/m2"), "")->version,
      2);  // never reused
}

TEST_F(SqliteMetadataStoreTest, RefusesANewerSchema) {
  store_.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  const absl::Status status = SqliteMetadataStore::Open(path_).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("schema version 99"));
}

TEST_F(SqliteMetadataStoreTest, RefusesAFileThatIsNotADatabase) {
  store_.reset();
  latentspace::testing::WriteFile(path_, std::string(8192, 'g'));
  std::filesystem::remove(path_ + "-wal");
  std::filesystem::remove(path_ + "-shm");
  const absl::Status status = SqliteMetadataStore::Open(path_).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_THAT(status.message(), HasSubstr(path_));
}

TEST_F(SqliteMetadataStoreTest, SamplesRoundTrip) {
  const SampleRecord sample = MakeSample("gluino_1600", "samples/aaa");
  absl::StatusOr<std::optional<SampleRecord>> put = store_->PutSample(sample, false);
  ASSERT_TRUE(put.ok()) << put.status();
  EXPECT_FALSE(put->has_value());
  SampleRecord bare = MakeSample("bare", "samples/bbb");
  bare.parameters.clear();
  ASSERT_TRUE(store_->PutSample(bare, false).ok());

  Reopen();  // what was committed is on disk
  absl::StatusOr<SampleRecord> got = store_->GetSample("gluino_1600");
  ASSERT_TRUE(got.ok()) << got.status();
  ExpectSameSample(*got, sample);
  absl::StatusOr<std::vector<SampleRecord>> all = store_->ListSamples();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  ExpectSameSample((*all)[0], bare);  // ordered by name
  ExpectSameSample((*all)[1], sample);
  EXPECT_EQ(*store_->CountSamples(), 2);

  const absl::Status missing = store_->GetSample("nope").status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.message(), HasSubstr("sample \"nope\" not found"));
}

TEST_F(SqliteMetadataStoreTest, ExistingSampleNeedsOverwrite) {
  const SampleRecord first = MakeSample("ttbar", "samples/first");
  ASSERT_TRUE(store_->PutSample(first, false).ok());
  SampleRecord second = MakeSample("ttbar", "samples/second");
  second.parameters = {{"only", 1.0}};
  second.num_events = 7;

  const absl::Status exists = store_->PutSample(second, false).status();
  EXPECT_EQ(exists.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(exists.message(), HasSubstr("sample \"ttbar\" already exists"));
  ExpectSameSample(*store_->GetSample("ttbar"), first);  // unchanged

  absl::StatusOr<std::optional<SampleRecord>> replaced = store_->PutSample(second, true);
  ASSERT_TRUE(replaced.ok()) << replaced.status();
  ASSERT_TRUE(replaced->has_value());
  ExpectSameSample(**replaced, first);
  ExpectSameSample(*store_->GetSample("ttbar"), second);  // old parameters gone too
  EXPECT_EQ(*store_->CountSamples(), 1);
}

TEST_F(SqliteMetadataStoreTest, DeleteSampleReturnsTheRecord) {
  ASSERT_TRUE(store_->PutSample(MakeSample("a", "samples/a"), false).ok());
  absl::StatusOr<SampleRecord> deleted = store_->DeleteSample("a");
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(deleted->blob_key, "samples/a");
  EXPECT_EQ(deleted->parameters.size(), 5u);
  EXPECT_EQ(store_->GetSample("a").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->DeleteSample("a").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(QueryText(path_, "SELECT COUNT(*) FROM sample_parameters"), "0");  // cascaded
}

TEST_F(SqliteMetadataStoreTest, EncoderVersionsCountUpAndAreNeverReused) {
  for (int i = 1; i <= 3; ++i) {
    absl::StatusOr<EncoderRecord> inserted = store_->InsertModel(
        ModelKind::kEncoder, MakeEncoder("enc", absl::StrCat("encoders/k", i)), "");
    ASSERT_TRUE(inserted.ok()) << inserted.status();
    EXPECT_EQ(inserted->version, i);
  }
  ASSERT_TRUE(
      store_->InsertModel(ModelKind::kEncoder, MakeEncoder("other", "encoders/o1"), "").ok());
  Reopen();

  absl::StatusOr<EncoderRecord> latest = store_->GetModel(ModelKind::kEncoder, "enc", 0);
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->version, 3);
  EncoderRecord expected = MakeEncoder("enc", "encoders/k2");
  absl::StatusOr<EncoderRecord> second = store_->GetModel(ModelKind::kEncoder, "enc", 2);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->name, "enc");
  EXPECT_EQ(second->version, 2);
  EXPECT_EQ(second->job_id, "");
  EXPECT_EQ(second->preset, expected.preset);
  EXPECT_EQ(second->summary_json, expected.summary_json);
  EXPECT_EQ(second->blob_bytes, expected.blob_bytes);
  EXPECT_EQ(second->checksum, expected.checksum);
  EXPECT_EQ(second->blob_key, expected.blob_key);
  EXPECT_EQ(second->created_unix_ms, expected.created_unix_ms);

  absl::StatusOr<std::vector<EncoderRecord>> all = store_->ListModels(ModelKind::kEncoder, "");
  ASSERT_TRUE(all.ok());
  std::vector<std::string> listed;
  for (const EncoderRecord& record : *all) {
    listed.push_back(absl::StrCat(record.name, ":", record.version));
  }
  EXPECT_THAT(listed, ElementsAre("enc:1", "enc:2", "enc:3", "other:1"));
  EXPECT_EQ(store_->ListModels(ModelKind::kEncoder, "other")->size(), 1u);

  const absl::Status missing_version = store_->GetModel(ModelKind::kEncoder, "enc", 9).status();
  EXPECT_EQ(missing_version.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing_version.message(), HasSubstr("encoder \"enc\" version 9 not found"));

  // Delete one version, then the rest; a new upload takes version 4, not 1.
  absl::StatusOr<std::vector<EncoderRecord>> deleted =
      store_->DeleteModel(ModelKind::kEncoder, "enc", 3);
  ASSERT_TRUE(deleted.ok());
  ASSERT_EQ(deleted->size(), 1u);
  EXPECT_EQ((*deleted)[0].blob_key, "encoders/k3");
  EXPECT_EQ(store_->GetModel(ModelKind::kEncoder, "enc", 0)->version, 2);
  EXPECT_EQ(store_->DeleteModel(ModelKind::kEncoder, "enc", 3).status().code(),
            absl::StatusCode::kNotFound);
  deleted = store_->DeleteModel(ModelKind::kEncoder, "enc", 0);
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(deleted->size(), 2u);
  EXPECT_EQ(store_->GetModel(ModelKind::kEncoder, "enc", 0).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(
      store_->InsertModel(ModelKind::kEncoder, MakeEncoder("enc", "encoders/k4"), "")->version, 4);
}

TEST_F(SqliteMetadataStoreTest, JobsRoundTripWithSequentialIds) {
  absl::StatusOr<JobRecord> first = store_->CreateJob("train", R"({"epochs": 3})", 1000);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->id, "job-000001");
  EXPECT_EQ(first->kind, "train");
  EXPECT_EQ(first->state, JobState::kQueued);
  EXPECT_EQ(first->request_json, R"({"epochs": 3})");
  EXPECT_EQ(first->created_unix_ms, 1000);
  EXPECT_EQ(first->started_unix_ms, 0);
  EXPECT_EQ(first->finished_unix_ms, 0);
  EXPECT_EQ(first->encoder_version, 0);
  EXPECT_EQ(store_->CreateJob("train", "{}", 2000)->id, "job-000002");
  Reopen();
  EXPECT_EQ(store_->CreateJob("train", "{}", 3000)->id, "job-000003");

  absl::StatusOr<JobRecord> got = store_->GetJob("job-000001");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->request_json, R"({"epochs": 3})");
  const absl::Status missing = store_->GetJob("job-999999").status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.message(), HasSubstr("job \"job-999999\" not found"));

  ASSERT_TRUE(store_->TransitionJob("job-000002", JobState::kRunning, "", 2500).ok());
  ASSERT_TRUE(store_->UpdateJobProgress("job-000002", R"({"epoch": 1})").ok());
  absl::StatusOr<JobRecord> failed =
      store_->TransitionJob("job-000002", JobState::kFailed, "out of memory", 2600);
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->state, JobState::kFailed);
  EXPECT_EQ(failed->error, "out of memory");
  EXPECT_EQ(failed->progress_json, R"({"epoch": 1})");
  EXPECT_EQ(failed->started_unix_ms, 2500);
  EXPECT_EQ(failed->finished_unix_ms, 2600);
  Reopen();
  absl::StatusOr<JobRecord> reread = store_->GetJob("job-000002");
  ASSERT_TRUE(reread.ok());
  EXPECT_EQ(reread->state, JobState::kFailed);
  EXPECT_EQ(reread->error, "out of memory");
  EXPECT_EQ(reread->progress_json, R"({"epoch": 1})");
  EXPECT_EQ(reread->started_unix_ms, 2500);
  EXPECT_EQ(reread->finished_unix_ms, 2600);

  // Newest first, optionally filtered and limited.
  auto ids = [&](std::optional<JobState> state, int64_t limit) {
    std::vector<std::string> ids;
    absl::StatusOr<std::vector<JobRecord>> jobs = store_->ListJobs(state, limit);
    EXPECT_TRUE(jobs.ok()) << jobs.status();
    if (jobs.ok()) {
      for (const JobRecord& job : *jobs) ids.push_back(job.id);
    }
    return ids;
  };
  EXPECT_THAT(ids(std::nullopt, 0), ElementsAre("job-000003", "job-000002", "job-000001"));
  EXPECT_THAT(ids(JobState::kQueued, 0), ElementsAre("job-000003", "job-000001"));
  EXPECT_THAT(ids(std::nullopt, 1), ElementsAre("job-000003"));
  EXPECT_THAT(ids(JobState::kRunning, 0), ::testing::IsEmpty());

  absl::StatusOr<std::map<JobState, int64_t>> counts = store_->CountJobsByState();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->size(), 5u);
  EXPECT_EQ(counts->at(JobState::kQueued), 2);
  EXPECT_EQ(counts->at(JobState::kFailed), 1);
  EXPECT_EQ(counts->at(JobState::kRunning), 0);
}

TEST_F(SqliteMetadataStoreTest, JobTransitionsAreValidated) {
  ASSERT_TRUE(store_->CreateJob("train", "{}", 1).ok());
  const std::string id = "job-000001";
  EXPECT_EQ(store_->TransitionJob(id, JobState::kSucceeded, "", 2).status().code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(store_->TransitionJob(id, JobState::kRunning, "", 3).ok());
  EXPECT_EQ(store_->TransitionJob(id, JobState::kRunning, "", 4).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->TransitionJob(id, JobState::kQueued, "", 4).status().code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(store_->TransitionJob(id, JobState::kSucceeded, "", 5).ok());
  const absl::Status back = store_->TransitionJob(id, JobState::kRunning, "", 6).status();
  EXPECT_EQ(back.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(back.message(), HasSubstr("job-000001 cannot go from SUCCEEDED to RUNNING"));
  EXPECT_EQ(store_->UpdateJobProgress(id, "{}").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->TransitionJob("job-000077", JobState::kRunning, "", 6).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->UpdateJobProgress("job-000077", "{}").code(), absl::StatusCode::kNotFound);
  // A rejected transition changed nothing.
  absl::StatusOr<JobRecord> job = store_->GetJob(id);
  EXPECT_EQ(job->state, JobState::kSucceeded);
  EXPECT_EQ(job->started_unix_ms, 3);
  EXPECT_EQ(job->finished_unix_ms, 5);

  // Cancelling a queued job finishes it without starting it.
  ASSERT_TRUE(store_->CreateJob("train", "{}", 10).ok());
  absl::StatusOr<JobRecord> cancelled =
      store_->TransitionJob("job-000002", JobState::kCancelled, "cancelled by user", 11);
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(cancelled->started_unix_ms, 0);
  EXPECT_EQ(cancelled->finished_unix_ms, 11);
  EXPECT_EQ(cancelled->error, "cancelled by user");
}

TEST_F(SqliteMetadataStoreTest, InsertEncoderFinishesItsJobInTheSameTransaction) {
  ASSERT_TRUE(store_->CreateJob("train", "{}", 1).ok());
  ASSERT_TRUE(store_->CreateJob("train", "{}", 1).ok());
  // Not RUNNING yet: refused, and nothing written (not even a version number used up).
  const absl::Status early =
      store_->InsertModel(ModelKind::kEncoder, MakeEncoder("enc", "encoders/a"), "job-000001")
          .status();
  EXPECT_EQ(early.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(early.message(), HasSubstr("cannot go from QUEUED to SUCCEEDED"));
  EXPECT_TRUE(store_->ListModels(ModelKind::kEncoder, "")->empty());

  ASSERT_TRUE(store_->TransitionJob("job-000001", JobState::kRunning, "", 2).ok());
  absl::StatusOr<EncoderRecord> inserted =
      store_->InsertModel(ModelKind::kEncoder, MakeEncoder("enc", "encoders/a"), "job-000001");
  ASSERT_TRUE(inserted.ok()) << inserted.status();
  EXPECT_EQ(inserted->version, 1);
  EXPECT_EQ(inserted->job_id, "job-000001");
  absl::StatusOr<JobRecord> job = store_->GetJob("job-000001");
  EXPECT_EQ(job->state, JobState::kSucceeded);
  EXPECT_EQ(job->encoder_name, "enc");
  EXPECT_EQ(job->encoder_version, 1);
  EXPECT_EQ(job->finished_unix_ms, inserted->created_unix_ms);
  EXPECT_EQ(store_->GetModel(ModelKind::kEncoder, "enc", 1)->job_id, "job-000001");

  // A second commit for the finished job is refused.
  EXPECT_EQ(store_->InsertModel(ModelKind::kEncoder, MakeEncoder("enc", "encoders/b"), "job-000001")
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  // A record naming an unknown job is refused.
  EncoderRecord orphan = MakeEncoder("enc", "encoders/c");
  orphan.job_id = "job-000042";
  EXPECT_EQ(store_->InsertModel(ModelKind::kEncoder, orphan, "").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->ListModels(ModelKind::kEncoder, "")->size(), 1u);
}

TEST_F(SqliteMetadataStoreTest, FailRunningJobsLeavesQueuedJobsAlone) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(store_->CreateJob("train", "{}", 1).ok());
  ASSERT_TRUE(store_->TransitionJob("job-000001", JobState::kRunning, "", 2).ok());
  ASSERT_TRUE(store_->TransitionJob("job-000003", JobState::kRunning, "", 2).ok());
  absl::StatusOr<std::vector<std::string>> failed = store_->FailRunningJobs("interrupted", 9);
  ASSERT_TRUE(failed.ok());
  EXPECT_THAT(*failed, ElementsAre("job-000001", "job-000003"));
  EXPECT_EQ(store_->GetJob("job-000001")->state, JobState::kFailed);
  EXPECT_EQ(store_->GetJob("job-000001")->error, "interrupted");
  EXPECT_EQ(store_->GetJob("job-000001")->finished_unix_ms, 9);
  EXPECT_EQ(store_->GetJob("job-000002")->state, JobState::kQueued);
}

}  // namespace
}  // namespace latentspace::store
