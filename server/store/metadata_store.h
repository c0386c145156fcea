// The metadata-store interface: the registry of samples, trained models and jobs. SQLite now
// (SqliteMetadataStore); PostgreSQL can replace it later. Every method is one atomic transaction
// and is safe to call from many threads. Blobs are not touched here: rows only name their blob
// keys, and Store pairs the two.
#ifndef LATENTSPACE_SERVER_STORE_METADATA_STORE_H_
#define LATENTSPACE_SERVER_STORE_METADATA_STORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/store/records.h"

namespace latentspace::store {

// Error codes common to all methods: NOT_FOUND naming the missing item, INVALID_ARGUMENT for a bad
// name, UNAVAILABLE for I/O trouble (disk full, database busy), DATA_LOSS for a corrupt database,
// INTERNAL for anything else the database reports.
class MetadataStore {
 public:
  virtual ~MetadataStore() = default;

  // Samples. PutSample inserts `record` (already validated, blob fields filled in). When a sample
  // of that name exists: ALREADY_EXISTS without `overwrite`, else the row is replaced and the old
  // record returned so that its blob can be deleted after the commit.
  virtual absl::StatusOr<std::optional<SampleRecord>> PutSample(const SampleRecord& record,
                                                                bool overwrite) = 0;
  virtual absl::StatusOr<SampleRecord> GetSample(absl::string_view name) = 0;
  // Ordered by name.
  virtual absl::StatusOr<std::vector<SampleRecord>> ListSamples() = 0;
  // Returns the deleted record (its blob is the caller's to delete).
  virtual absl::StatusOr<SampleRecord> DeleteSample(absl::string_view name) = 0;
  virtual absl::StatusOr<int64_t> CountSamples() = 0;

  // Models (encoders and detectors, each kind with its own names and versions). InsertModel
  // assigns record.version = the name's last version + 1 within the kind (versions are never
  // reused). With a non-empty `finish_job_id` the same transaction also moves that job from
  // RUNNING to SUCCEEDED with the model's name and version and finished_unix_ms =
  // record.created_unix_ms; FAILED_PRECONDITION (and nothing written) when the job is not RUNNING,
  // e.g. cancelled meanwhile. A non-empty record.job_id must name an existing job (NOT_FOUND).
  virtual absl::StatusOr<ModelRecord> InsertModel(ModelKind kind, const ModelRecord& record,
                                                  absl::string_view finish_job_id) = 0;
  // version 0: the latest version of the name.
  virtual absl::StatusOr<ModelRecord> GetModel(ModelKind kind, absl::string_view name,
                                               int64_t version) = 0;
  // All versions, ordered by name then version; only those of `name` when it is not empty.
  virtual absl::StatusOr<std::vector<ModelRecord>> ListModels(ModelKind kind,
                                                              absl::string_view name) = 0;
  // Deletes one version, or all of the name when version is 0; returns the deleted records (their
  // blobs are the caller's to delete). NOT_FOUND when nothing matched.
  virtual absl::StatusOr<std::vector<ModelRecord>> DeleteModel(ModelKind kind,
                                                               absl::string_view name,
                                                               int64_t version) = 0;

  // Jobs. CreateJob assigns the id and stores the job QUEUED.
  virtual absl::StatusOr<JobRecord> CreateJob(absl::string_view kind,
                                              absl::string_view request_json,
                                              int64_t now_unix_ms) = 0;
  virtual absl::StatusOr<JobRecord> GetJob(absl::string_view id) = 0;
  // Newest first; only jobs in `state` when given; at most `limit` (0: all).
  virtual absl::StatusOr<std::vector<JobRecord>> ListJobs(std::optional<JobState> state,
                                                          int64_t limit) = 0;
  // Moves a job to `to` (CheckJobTransition; FAILED_PRECONDITION otherwise), stores `error` when it
  // is not empty, sets started_unix_ms on RUNNING and finished_unix_ms on a terminal state. Doing
  // this inside one transaction makes QUEUED -> RUNNING a safe claim among several workers.
  virtual absl::StatusOr<JobRecord> TransitionJob(absl::string_view id, JobState to,
                                                  absl::string_view error, int64_t now_unix_ms) = 0;
  // Replaces the progress snapshot; FAILED_PRECONDITION when the job is already terminal.
  virtual absl::Status UpdateJobProgress(absl::string_view id, absl::string_view progress_json) = 0;
  // Every state present, zeros included.
  virtual absl::StatusOr<std::map<JobState, int64_t>> CountJobsByState() = 0;

  // Recovery. Moves every RUNNING job to FAILED with `error`; returns their ids.
  virtual absl::StatusOr<std::vector<std::string>> FailRunningJobs(absl::string_view error,
                                                                   int64_t now_unix_ms) = 0;
};

}  // namespace latentspace::store

#endif  // LATENTSPACE_SERVER_STORE_METADATA_STORE_H_
