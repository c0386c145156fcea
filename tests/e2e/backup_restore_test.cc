// End to end: the backup and restore procedure of docs/operations.md, run as written. A real
// latentd stores samples and trains an encoder; it is stopped (or killed);
// deploy/backup/latentd-backup copies its data directory; deploy/backup/latentd-restore puts the
// copy into a new directory; `latentd --check-store` verifies it; a new latentd serves it and
// answers exactly as the old one did. Damaged backups are refused, and damage in a data directory
// is found by --check-store. The commands are the doc's own lines (checked against
// docs/operations.md), so the two cannot drift.
#include <google/protobuf/util/field_comparator.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/e2e/server_e2e.h"
#include "tests/testing/build_paths.h"
#include "tests/testing/run_command.h"

namespace latentspace::e2e {
namespace {

namespace fs = std::filesystem;

constexpr char kSquark[] = "squark_1800_800";
constexpr char kZprime[] = "zprime_monojet_2000_50";

// The lines of docs/operations.md that the operator types, with DATA_DIR and BACKUP_DIR set.
constexpr char kBackup[] = R"(latentd-backup "$DATA_DIR" "$BACKUP_DIR")";
constexpr char kRestore[] = R"(latentd-restore "$BACKUP_DIR" "$DATA_DIR")";
constexpr char kVerify[] = R"(latentd-restore --verify "$BACKUP_DIR")";
constexpr char kCheck[] = R"(latentd --check-store --data-dir "$DATA_DIR")";

// Runs one documented line with the scripts and latentd on PATH, as they are in the image.
testing::CommandResult RunDocumented(const std::string& line, const std::string& data_dir,
                                     const std::string& backup_dir) {
  const char* path = std::getenv("PATH");
  const std::string search = testing::SourcePath("deploy/backup") + ":" +
                             fs::path(testing::LatentdPath()).parent_path().string() + ":" +
                             (path != nullptr ? path : "/usr/bin:/bin");
  return testing::RunCommand("env PATH='" + search + "' DATA_DIR='" + data_dir + "' BACKUP_DIR='" +
                             backup_dir + "' sh -c '" + line + "' 2>&1");
}

::testing::AssertionResult Succeeds(const testing::CommandResult& result) {
  if (result.exit_code == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "exit " << result.exit_code << ":\n" << result.output;
}

// Exit status 1 with every fragment in the output.
::testing::AssertionResult Refuses(const testing::CommandResult& result,
                                   const std::vector<std::string>& fragments) {
  if (result.exit_code != 1) {
    return ::testing::AssertionFailure() << "expected exit 1, got " << result.exit_code << ":\n"
                                         << result.output;
  }
  for (const std::string& fragment : fragments) {
    if (!absl::StrContains(result.output, fragment)) {
      return ::testing::AssertionFailure() << "the output does not name \"" << fragment << "\":\n"
                                           << result.output;
    }
  }
  return ::testing::AssertionSuccess();
}

// Exact equality, NaN included (an inferred parameter that cannot be inferred is NaN).
::testing::AssertionResult SameAnswers(const google::protobuf::Message& expected,
                                       const google::protobuf::Message& actual) {
  google::protobuf::util::DefaultFieldComparator comparator;
  comparator.set_treat_nan_as_equal(true);
  google::protobuf::util::MessageDifferencer differencer;
  differencer.set_field_comparator(&comparator);
  std::string report;
  differencer.ReportDifferencesToString(&report);
  if (differencer.Compare(expected, actual)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "answers differ:\n" << report;
}

// Every file under dir/blobs by relative path, with its bytes.
std::map<std::string, std::string> BlobFiles(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(dir + "/blobs")) {
    if (entry.is_regular_file()) {
      files[fs::relative(entry.path(), dir).string()] = testing::ReadFile(entry.path().string());
    }
  }
  return files;
}

// Flips one byte in the middle of a file.
void FlipByte(const std::string& path) {
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  ASSERT_TRUE(file) << path;
  file.seekg(0, std::ios::end);
  const std::streamoff middle = file.tellg() / 2;
  file.seekg(middle);
  char byte = 0;
  file.read(&byte, 1);
  file.seekp(middle);
  byte = static_cast<char>(byte ^ 0x40);
  file.write(&byte, 1);
  ASSERT_TRUE(file) << path;
}

double Seconds(Clock::duration duration) { return std::chrono::duration<double>(duration).count(); }

// What a client sees of a store: records, blobs read back (QueryNearest on a stored sample) and the
// encoder's answers.
struct Observed {
  v1::ListSamplesResponse samples;
  std::vector<v1::Sample> each_sample;
  v1::ListEncodersResponse encoders;
  v1::Encoder encoder;
  v1::EmbedResponse embedded;
  v1::QueryNearestResponse nearest;
  v1::ListJobsResponse jobs;
  v1::ListDetectorsResponse detectors;
  v1::ScoreEventsResponse scores;
};

class BackupRestore : public LatentdTest {
 protected:
  void UploadPair() {
    ASSERT_TRUE(IsOk(UploadBundled(api(), kSquark, nullptr, 600)));
    ASSERT_TRUE(IsOk(UploadBundled(api(), kZprime, nullptr, 600)));
  }

  void Train(const std::string& encoder) {
    v1::TrainingRequest request = TrainingRequest(encoder, {kSquark, kZprime}, 3);
    request.set_initialisations(1);
    v1::Job job;
    ASSERT_TRUE(IsOk(api().Submit(request, &job)));
    job = api().AwaitJob(job.id());
    ASSERT_EQ(job.state(), v1::JOB_STATE_SUCCEEDED) << job.DebugString();
  }

  // An autoencoder of the squarks, `detector`.
  void TrainDetector(const std::string& detector) {
    v1::DetectorTrainingRequest request;
    request.set_detector(detector);
    request.set_reference(kSquark);
    request.set_epochs(3);
    v1::Job job;
    ASSERT_TRUE(IsOk(api().SubmitDetector(request, &job)));
    job = api().AwaitJob(job.id());
    ASSERT_EQ(job.state(), v1::JOB_STATE_SUCCEEDED) << job.DebugString();
  }

  // Everything a client can ask of the store; the encoder parts only when `encoder` is given.
  void Observe(const std::string& encoder, Observed* out) {
    ASSERT_TRUE(IsOk(api().ListSamples(&out->samples)));
    ASSERT_EQ(out->samples.samples_size(), 2);
    for (const v1::Sample& sample : out->samples.samples()) {
      v1::Sample got;
      ASSERT_TRUE(IsOk(api().GetSample(sample.name(), &got)));
      out->each_sample.push_back(got);
    }
    ASSERT_TRUE(IsOk(api().ListJobs(v1::JOB_STATE_UNSPECIFIED, &out->jobs)));
    if (encoder.empty()) return;
    ASSERT_TRUE(IsOk(api().GetEncoder(encoder, 0, &out->encoder)));
    v1::EmbedRequest embed;
    embed.mutable_encoder()->set_name(encoder);
    *embed.mutable_batch() = EventBatchOf(testing::Slice(BundledEvents(kZprime), 700, 900));
    ASSERT_TRUE(IsOk(api().Embed(embed, &out->embedded)));
    ASSERT_GT(out->embedded.points_size(), 0);
    // Reads the stored sample's blob (checksum verified) through the encoder.
    v1::QueryNearestRequest nearest;
    nearest.mutable_encoder()->set_name(encoder);
    nearest.set_sample_name(kSquark);
    ASSERT_TRUE(IsOk(api().QueryNearest(nearest, &out->nearest)));
    ASSERT_GT(out->nearest.ranking_size(), 0);
    // The detector's checkpoint and calibration, read back by scoring.
    v1::ScoreEventsRequest score;
    score.mutable_detector()->set_name(encoder + "_ae");
    *score.mutable_events() = EventBatchOf(testing::Slice(BundledEvents(kZprime), 700, 790));
    score.set_keep(0.1);
    ASSERT_TRUE(IsOk(api().ScoreEvents(score, &out->scores)));
    ASSERT_GT(out->scores.scores_size(), 0);
    // Last: the lists say whether each model is loaded, and the queries above loaded it.
    ASSERT_TRUE(IsOk(api().ListEncoders(true, &out->encoders)));
    ASSERT_TRUE(IsOk(api().ListDetectors(true, &out->detectors)));
  }

  void ExpectSame(const Observed& before, const Observed& after) {
    EXPECT_TRUE(ProtoEquals(before.samples, after.samples)) << "records and checksums";
    ASSERT_EQ(before.each_sample.size(), after.each_sample.size());
    for (size_t i = 0; i < before.each_sample.size(); ++i) {
      EXPECT_TRUE(ProtoEquals(before.each_sample[i], after.each_sample[i]));
    }
    EXPECT_TRUE(ProtoEquals(before.jobs, after.jobs));
    EXPECT_TRUE(ProtoEquals(before.encoders, after.encoders));
    EXPECT_TRUE(ProtoEquals(before.encoder, after.encoder));
    EXPECT_TRUE(ProtoEquals(before.embedded, after.embedded)) << "the same latent points";
    EXPECT_TRUE(SameAnswers(before.nearest, after.nearest));
    EXPECT_TRUE(ProtoEquals(before.detectors, after.detectors, true));
    EXPECT_TRUE(ProtoEquals(before.scores, after.scores)) << "the same scores and cut";
  }

  // Starts a latentd on `dir` in place of the current one.
  ::testing::AssertionResult StartServerOn(const std::string& dir) {
    if (server_ != nullptr) server_->Kill();
    server_.reset();
    api_.reset();
    data_dir_ = dir;
    return StartServer();
  }
};

TEST_F(BackupRestore, TheDocumentedCommandsAreTheOnesTested) {
  const std::string doc = testing::ReadFile(testing::SourcePath("docs/operations.md"));
  for (const char* line : {kBackup, kRestore, kVerify, kCheck}) {
    EXPECT_THAT(doc, ::testing::HasSubstr(line)) << "docs/operations.md no longer shows it";
  }
}

TEST_F(BackupRestore, RestoredStoreAnswersAsTheOriginal) {
  ASSERT_TRUE(StartServer());
  ASSERT_NO_FATAL_FAILURE(UploadPair());
  ASSERT_NO_FATAL_FAILURE(Train("kept"));
  ASSERT_NO_FATAL_FAILURE(TrainDetector("kept_ae"));
  Observed before;
  ASSERT_NO_FATAL_FAILURE(Observe("kept", &before));
  const std::string original = data_dir();
  const std::string backup = ScratchDir() + "/backup";

  // Refused while latentd runs, and nothing is written.
  EXPECT_TRUE(Refuses(RunDocumented(kBackup, original, backup), {"in use by a running latentd"}));
  EXPECT_FALSE(fs::exists(backup));
  EXPECT_FALSE(fs::exists(backup + ".partial"));
  EXPECT_TRUE(Refuses(RunDocumented(kCheck, original, ""), {"in use by another latentd"}));

  ASSERT_EQ(StopServer(), 0);
  Clock::time_point start = Clock::now();
  ASSERT_TRUE(Succeeds(RunDocumented(kBackup, original, backup)));
  const double backup_seconds = Seconds(Clock::now() - start);
  EXPECT_FALSE(fs::exists(backup + ".partial"));
  EXPECT_TRUE(fs::exists(backup + "/MANIFEST"));
  EXPECT_FALSE(fs::exists(backup + "/latentd.log")) << "only the store is copied";
  EXPECT_TRUE(Succeeds(RunDocumented(kVerify, "", backup)));

  // A restore never overwrites: not into a directory that holds anything.
  EXPECT_TRUE(Refuses(RunDocumented(kRestore, original, backup), {"is not empty"}));

  const std::string restored = ScratchDir() + "/restored";
  start = Clock::now();
  ASSERT_TRUE(Succeeds(RunDocumented(kRestore, restored, backup)));
  const double restore_seconds = Seconds(Clock::now() - start);
  EXPECT_EQ(BlobFiles(original), BlobFiles(restored)) << "the same blob files, byte for byte";
  const testing::CommandResult check = RunDocumented(kCheck, restored, backup);
  ASSERT_TRUE(Succeeds(check));
  EXPECT_THAT(check.output,
              ::testing::HasSubstr("2 samples, 1 encoder versions, 1 detector versions, 2 jobs"));
  EXPECT_THAT(check.output, ::testing::HasSubstr("0 orphan blobs"));
  EXPECT_THAT(check.output, ::testing::HasSubstr("0 blobs missing"));
  EXPECT_THAT(check.output, ::testing::HasSubstr("store OK"));
  std::cout << "[ check ] " << check.output;

  ASSERT_TRUE(StartServerOn(restored));
  Observed after;
  ASSERT_NO_FATAL_FAILURE(Observe("kept", &after));
  ExpectSame(before, after);
  // The restored store goes on as a store: a new encoder version is numbered after the old.
  ASSERT_NO_FATAL_FAILURE(Train("kept"));
  v1::Encoder second;
  ASSERT_TRUE(IsOk(api().GetEncoder("kept", 0, &second)));
  EXPECT_EQ(second.version(), 2) << second.DebugString();
  std::cout << "[ timing ] backup " << backup_seconds << " s, restore " << restore_seconds
            << " s (two samples of 600 events, one encoder and one detector)" << std::endl;
  for (const v1::Sample& sample : before.samples.samples()) {
    std::cout << "[ size ] sample " << sample.name() << ": " << sample.num_events() << " events, "
              << sample.stored_bytes() << " bytes stored" << std::endl;
  }
  for (const auto& [file, bytes] : BlobFiles(original)) {
    if (absl::StartsWith(file, "blobs/encoders/")) {
      std::cout << "[ size ] encoder checkpoint: " << bytes.size() << " bytes" << std::endl;
    }
  }
}

TEST_F(BackupRestore, DamagedBackupIsRefused) {
  ASSERT_TRUE(StartServer());
  ASSERT_NO_FATAL_FAILURE(UploadPair());
  ASSERT_NO_FATAL_FAILURE(Train("kept"));
  ASSERT_EQ(StopServer(), 0);
  const std::string backup = ScratchDir() + "/backup";
  ASSERT_TRUE(Succeeds(RunDocumented(kBackup, data_dir(), backup)));

  // Each damage on a copy of the good backup; the restore target must stay untouched.
  const auto damaged = [&](const std::string& name,
                           const std::function<void(const std::string& dir)>& damage) {
    const std::string copy = ScratchDir() + "/" + name;
    fs::copy(backup, copy, fs::copy_options::recursive);
    damage(copy);
    return copy;
  };
  const auto first_blob = [](const std::string& dir, const std::string& kind) {
    for (const fs::directory_entry& entry : fs::directory_iterator(dir + "/blobs/" + kind)) {
      return entry.path().string();
    }
    ADD_FAILURE() << "no " << kind << " blob in " << dir;
    return std::string();
  };

  const std::string flipped =
      damaged("flipped", [&](const std::string& dir) { FlipByte(first_blob(dir, "samples")); });
  const std::string truncated = damaged("truncated", [&](const std::string& dir) {
    const std::string blob = first_blob(dir, "encoders");
    fs::resize_file(blob, fs::file_size(blob) - 100);
  });
  const std::string missing =
      damaged("missing", [&](const std::string& dir) { fs::remove(first_blob(dir, "encoders")); });
  const std::string bad_db =
      damaged("bad_db", [&](const std::string& dir) { FlipByte(dir + "/latentd.db"); });
  const std::string no_manifest =
      damaged("no_manifest", [&](const std::string& dir) { fs::remove(dir + "/MANIFEST"); });

  for (const std::string& bad : {flipped, truncated, bad_db}) {
    SCOPED_TRACE(bad);
    EXPECT_TRUE(Refuses(RunDocumented(kVerify, "", bad), {"FAILED", "is damaged"}));
    const std::string target = bad + "-restored";
    EXPECT_TRUE(Refuses(RunDocumented(kRestore, target, bad), {"FAILED", "refused"}));
    EXPECT_FALSE(fs::exists(target)) << "a refused restore leaves no directory behind";
  }
  EXPECT_TRUE(Refuses(RunDocumented(kRestore, missing + "-restored", missing), {"refused"}));
  EXPECT_FALSE(fs::exists(missing + "-restored"));
  EXPECT_TRUE(Refuses(RunDocumented(kRestore, no_manifest + "-restored", no_manifest),
                      {"not a latentd backup"}));
  // An existing empty directory (a volume's mount point) is left empty.
  const std::string empty = ScratchDir() + "/empty";
  fs::create_directories(empty);
  EXPECT_TRUE(Refuses(RunDocumented(kRestore, empty, flipped), {"refused"}));
  EXPECT_TRUE(fs::exists(empty) && fs::is_empty(empty));

  // Damage after a good restore (bit rot on the volume): --check-store names the item.
  const std::string restored = ScratchDir() + "/restored";
  ASSERT_TRUE(Succeeds(RunDocumented(kRestore, restored, backup)));
  ASSERT_TRUE(Succeeds(RunDocumented(kCheck, restored, "")));
  FlipByte(first_blob(restored, "samples"));
  FlipByte(first_blob(restored, "encoders"));
  const testing::CommandResult check = RunDocumented(kCheck, restored, "");
  EXPECT_TRUE(Refuses(check, {"2 problems", "encoder \"kept\" version 1", "checksum"}));
  EXPECT_TRUE(absl::StrContains(check.output, std::string("sample \"") + kSquark + "\"") ||
              absl::StrContains(check.output, std::string("sample \"") + kZprime + "\""))
      << check.output;
  // A database that is no longer one (its header overwritten): refused as a whole.
  {
    std::fstream db(restored + "/latentd.db", std::ios::in | std::ios::out | std::ios::binary);
    db.write(std::string(100, '\0').data(), 100);
    ASSERT_TRUE(db);
  }
  EXPECT_TRUE(
      Refuses(RunDocumented(kCheck, restored, ""), {"latentd --check-store", "latentd.db"}));
  // No store at all: nothing is created.
  const std::string nowhere = ScratchDir() + "/nowhere";
  EXPECT_TRUE(Refuses(RunDocumented(kCheck, nowhere, ""), {"no latentd store"}));
  EXPECT_FALSE(fs::exists(nowhere));
}

TEST_F(BackupRestore, BackupAfterAKillKeepsWhatWasAcknowledged) {
  ASSERT_TRUE(StartServer());
  ASSERT_NO_FATAL_FAILURE(UploadPair());
  Observed before;
  ASSERT_NO_FATAL_FAILURE(Observe("", &before));
  server().Kill();
  // SQLite's write-ahead log is still there after a crash, with the committed uploads in it.
  ASSERT_TRUE(fs::exists(data_dir() + "/latentd.db-wal"));

  const std::string backup = ScratchDir() + "/backup";
  ASSERT_TRUE(Succeeds(RunDocumented(kBackup, data_dir(), backup)));
  EXPECT_TRUE(fs::exists(backup + "/latentd.db-wal"));
  const std::string restored = ScratchDir() + "/restored";
  ASSERT_TRUE(Succeeds(RunDocumented(kRestore, restored, backup)));
  ASSERT_TRUE(Succeeds(RunDocumented(kCheck, restored, backup)));
  ASSERT_TRUE(StartServerOn(restored));
  Observed after;
  ASSERT_NO_FATAL_FAILURE(Observe("", &after));
  ExpectSame(before, after);
}

}  // namespace
}  // namespace latentspace::e2e
