// Store: the persistent state of latentd under one data directory, and the atomic operations the
// server uses. It owns a MetadataStore (SQLite) and a BlobStore (a directory) and pairs them so
// that what it acknowledged survives a crash or kill -9, and bad input changes nothing:
//
//   <data_dir>/latentd.db         SQLite registry (WAL, synchronous=FULL)
//   <data_dir>/blobs/samples/     sample event files, one per sample, named by a random key
//   <data_dir>/blobs/encoders/    encoder checkpoints
//   <data_dir>/blobs/detectors/   anomaly-detector checkpoints
//   <data_dir>/staging/           blobs being uploaded (emptied on open)
//   <data_dir>/LOCK               flock()ed while a Store has the directory open
//
// A blob is written to staging, synced and renamed into blobs/ (publish) and only then named by a
// row, in one transaction; a replaced or deleted blob is removed only after the transaction that
// dropped its row has committed. So a crash leaves at worst an unreferenced blob file (an orphan)
// or a staging file, both removed by the next Open.
//
// Scale-out: orphan collection assumes Open runs while no other process writes to the blobs (the
// LOCK enforces it for a local directory). With several replicas on one shared store it must
// become age-based, since another replica's freshly published blob has no row yet.
//
// Thread-safe: every method may be called from any thread (the metadata store serialises its
// transactions; blob I/O runs outside its lock). BlobWriters are per upload and not shared.
#ifndef LATENTSPACE_SERVER_STORE_STORE_H_
#define LATENTSPACE_SERVER_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/store/blob_store.h"
#include "server/store/metadata_store.h"
#include "server/store/records.h"

namespace latentspace::store {

// A row whose blob is missing after a crash or an outside deletion. The store keeps serving; reads
// of that item fail with DATA_LOSS until it is deleted or replaced.
struct MissingBlob {
  std::string kind;  // "sample", "encoder" or "detector"
  std::string name;
  int64_t version = 0;  // models only
  std::string key;
};

// What Open repaired, for the server's log.
struct RecoveryReport {
  int64_t staging_files_removed = 0;
  int64_t orphan_blobs_removed = 0;
  std::vector<std::string> interrupted_jobs;  // ids of jobs that were RUNNING, now FAILED
  std::vector<MissingBlob> missing_blobs;

  int64_t jobs_interrupted() const { return static_cast<int64_t>(interrupted_jobs.size()); }
  bool clean() const;
  // One line: "removed 1 staging file and 2 orphan blobs; 1 job interrupted (job-000004); 0 blobs
  // missing".
  std::string ToString() const;
};

inline constexpr absl::string_view kInterruptedJobError = "interrupted by restart";

class Store {
 public:
  // Opens `data_dir`, creating the layout when missing, and recovers: empties staging/, deletes
  // blob files no row references, marks RUNNING jobs FAILED ("interrupted by restart"; QUEUED jobs
  // stay queued for the server to run) and reports rows whose blob is missing. DATA_LOSS when the
  // database fails PRAGMA integrity_check (nothing is changed then); UNAVAILABLE when another
  // process has the directory open or it cannot be created.
  static absl::StatusOr<std::unique_ptr<Store>> Open(const std::string& data_dir);
  // The same over other implementations (PostgreSQL, S3 later; tests). No directory lock.
  static absl::StatusOr<std::unique_ptr<Store>> Create(std::unique_ptr<MetadataStore> metadata,
                                                       std::unique_ptr<BlobStore> blobs);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const RecoveryReport& recovery_report() const { return recovery_report_; }

  // ---- Samples.
  // A writer for a new sample blob: Append the file's bytes, then CommitSample or Abort (or drop).
  absl::StatusOr<std::unique_ptr<BlobWriter>> BeginSampleUpload();
  // Publishes the blob and records the sample: name, parameters, source_format and num_events come
  // from `record`, the blob fields and created_unix_ms are filled in, and the stored record is
  // returned. INVALID_ARGUMENT for a bad name, parameter name, non-finite parameter or negative
  // num_events; ALREADY_EXISTS when the name is taken and not `overwrite` (decided inside the
  // transaction: of two concurrent uploads of one new name exactly one wins). On any error the blob
  // is discarded and nothing changes. With `overwrite` the old blob is deleted after the commit.
  absl::StatusOr<SampleRecord> CommitSample(std::unique_ptr<BlobWriter> blob, SampleRecord record,
                                            bool overwrite);
  absl::StatusOr<SampleRecord> GetSample(absl::string_view name);
  // Ordered by name.
  absl::StatusOr<std::vector<SampleRecord>> ListSamples();
  // Removes the row (one transaction), then the blob; returns the deleted record.
  absl::StatusOr<SampleRecord> DeleteSample(absl::string_view name);
  absl::StatusOr<int64_t> CountSamples();
  // The blob's file, for readers that stream it by path (not verified; see VerifySample). An
  // overwrite or delete removes the file: open it promptly, or use OpenSampleBlob, whose reader
  // keeps the file it opened.
  absl::StatusOr<std::string> SampleBlobPath(absl::string_view name);
  // Reads the whole blob: DATA_LOSS naming the file when it is missing or its size or checksum
  // differs from the record.
  absl::Status VerifySample(absl::string_view name);
  // Verifies the blob, then returns a reader of it that checks size and checksum again at its end
  // (its last Read fails with DATA_LOSS rather than returning "" when they differ). The reader
  // keeps its file open, so a concurrent overwrite or delete does not disturb it.
  absl::StatusOr<std::unique_ptr<BlobReader>> OpenSampleBlob(absl::string_view name);

  // ---- Trained models: encoders and detectors, each kind with its own names, versions and blobs.
  // `version` 0 means the latest (get, read) or all versions (delete).
  absl::StatusOr<std::unique_ptr<BlobWriter>> BeginModelUpload(ModelKind kind);
  // Publishes the checkpoint and records it under the next version of record.name (returned).
  // A non-empty record.job_id must name an existing job.
  absl::StatusOr<ModelRecord> CommitModel(ModelKind kind, std::unique_ptr<BlobWriter> blob,
                                          ModelRecord record);
  // The same, and in the same transaction moves job `job_id` from RUNNING to SUCCEEDED with the new
  // model's name and version. FAILED_PRECONDITION (nothing stored) when the job is not RUNNING,
  // e.g. it was cancelled meanwhile.
  absl::StatusOr<ModelRecord> CommitModelAndFinishJob(ModelKind kind, absl::string_view job_id,
                                                      std::unique_ptr<BlobWriter> blob,
                                                      ModelRecord record);
  absl::StatusOr<ModelRecord> GetModel(ModelKind kind, absl::string_view name, int64_t version = 0);
  // All versions ordered by name then version; only those of `name` when it is not empty.
  absl::StatusOr<std::vector<ModelRecord>> ListModels(ModelKind kind, absl::string_view name = "");
  // Removes the rows (one transaction), then the blobs; returns the deleted records. Version
  // numbers are never reused.
  absl::StatusOr<std::vector<ModelRecord>> DeleteModel(ModelKind kind, absl::string_view name,
                                                       int64_t version = 0);
  // The checkpoint's bytes, verified (DATA_LOSS naming the file on a mismatch).
  absl::StatusOr<std::string> ReadModelBlob(ModelKind kind, absl::string_view name,
                                            int64_t version = 0);
  absl::StatusOr<std::string> ModelBlobPath(ModelKind kind, absl::string_view name,
                                            int64_t version = 0);
  absl::Status VerifyModel(ModelKind kind, absl::string_view name, int64_t version = 0);

  // ---- Encoders: the models of kind kEncoder, under their own names.
  absl::StatusOr<std::unique_ptr<BlobWriter>> BeginEncoderUpload() {
    return BeginModelUpload(ModelKind::kEncoder);
  }
  absl::StatusOr<EncoderRecord> CommitEncoder(std::unique_ptr<BlobWriter> blob,
                                              EncoderRecord record) {
    return CommitModel(ModelKind::kEncoder, std::move(blob), std::move(record));
  }
  absl::StatusOr<EncoderRecord> CommitEncoderAndFinishJob(absl::string_view job_id,
                                                          std::unique_ptr<BlobWriter> blob,
                                                          EncoderRecord record) {
    return CommitModelAndFinishJob(ModelKind::kEncoder, job_id, std::move(blob), std::move(record));
  }
  absl::StatusOr<EncoderRecord> GetEncoder(absl::string_view name, int64_t version = 0) {
    return GetModel(ModelKind::kEncoder, name, version);
  }
  absl::StatusOr<std::vector<EncoderRecord>> ListEncoders(absl::string_view name = "") {
    return ListModels(ModelKind::kEncoder, name);
  }
  absl::StatusOr<std::vector<EncoderRecord>> DeleteEncoder(absl::string_view name,
                                                           int64_t version = 0) {
    return DeleteModel(ModelKind::kEncoder, name, version);
  }
  absl::StatusOr<std::string> ReadEncoderBlob(absl::string_view name, int64_t version = 0) {
    return ReadModelBlob(ModelKind::kEncoder, name, version);
  }
  absl::StatusOr<std::string> EncoderBlobPath(absl::string_view name, int64_t version = 0) {
    return ModelBlobPath(ModelKind::kEncoder, name, version);
  }
  absl::Status VerifyEncoder(absl::string_view name, int64_t version = 0) {
    return VerifyModel(ModelKind::kEncoder, name, version);
  }

  // ---- Jobs. Ids are "job-000001", "job-000002", ... (see SqliteMetadataStore::CreateJob).
  // A new QUEUED job; `kind` ("train") must be a valid name.
  absl::StatusOr<JobRecord> CreateJob(absl::string_view kind, absl::string_view request_json);
  absl::StatusOr<JobRecord> GetJob(absl::string_view id);
  // Newest first; only those in `state` when given; at most `limit` (0: all).
  absl::StatusOr<std::vector<JobRecord>> ListJobs(std::optional<JobState> state = std::nullopt,
                                                  int64_t limit = 0);
  // See CheckJobTransition: FAILED_PRECONDITION for a transition that is not allowed. Stamps
  // started_unix_ms (RUNNING) and finished_unix_ms (terminal states); keeps `error` when not empty.
  absl::StatusOr<JobRecord> TransitionJob(absl::string_view id, JobState to,
                                          absl::string_view error = "");
  absl::Status UpdateJobProgress(absl::string_view id, absl::string_view progress_json);
  absl::StatusOr<std::map<JobState, int64_t>> CountJobsByState();

  MetadataStore& metadata() { return *metadata_; }
  BlobStore& blobs() { return *blobs_; }

 private:
  Store(std::unique_ptr<MetadataStore> metadata, std::unique_ptr<BlobStore> blobs, int lock_fd);
  absl::Status Recover();
  // Publishes `blob` (which must be of `kind`) and returns where it went.
  absl::StatusOr<BlobInfo> Publish(std::unique_ptr<BlobWriter> blob, BlobKind kind);
  absl::StatusOr<ModelRecord> CommitModelImpl(ModelKind kind, absl::string_view finish_job_id,
                                              std::unique_ptr<BlobWriter> blob, ModelRecord record);
  // Reads a blob through `reader`, checking it against `bytes` and `checksum`; appends its content
  // to `content` when not null. DATA_LOSS names `what` and the file.
  absl::Status VerifyBlob(absl::string_view what, absl::string_view key, BlobReader& reader,
                          int64_t bytes, absl::string_view checksum, std::string* content);
  // The blob's file for messages (the key when it has no local file).
  std::string BlobFile(absl::string_view key) const;
  // Fetches a record and opens `count` readers of its blob. When the blob has vanished because an
  // overwrite or delete committed meanwhile, fetches the record again (NOT_FOUND once deleted);
  // DATA_LOSS when the current row names a missing blob.
  template <typename Record>
  absl::StatusOr<Record> OpenCurrentBlob(const std::function<absl::StatusOr<Record>()>& fetch,
                                         const std::function<std::string(const Record&)>& describe,
                                         int count,
                                         std::vector<std::unique_ptr<BlobReader>>* readers);
  absl::StatusOr<SampleRecord> OpenCurrentSample(absl::string_view name, int count,
                                                 std::vector<std::unique_ptr<BlobReader>>* readers);
  absl::StatusOr<ModelRecord> OpenCurrentModel(ModelKind kind, absl::string_view name,
                                               int64_t version,
                                               std::vector<std::unique_ptr<BlobReader>>* readers);

  std::unique_ptr<MetadataStore> metadata_;
  std::unique_ptr<BlobStore> blobs_;
  int lock_fd_;
  RecoveryReport recovery_report_;
};

}  // namespace latentspace::store

#endif  // LATENTSPACE_SERVER_STORE_STORE_H_
