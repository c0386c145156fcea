// SqliteMetadataStore: the MetadataStore in one SQLite file (WAL journal, synchronous=FULL, foreign
// keys on), so a committed transaction survives a crash or kill -9. One connection, serialised by a
// mutex: metadata transactions are short (blob I/O happens outside), and one connection keeps
// BEGIN IMMEDIATE free of SQLITE_BUSY between our own threads.
#ifndef LATENTSPACE_SERVER_STORE_SQLITE_METADATA_STORE_H_
#define LATENTSPACE_SERVER_STORE_SQLITE_METADATA_STORE_H_

#include <sqlite3.h>

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "server/store/metadata_store.h"

namespace latentspace::store {

class SqliteMetadataStore : public MetadataStore {
 public:
  // The schema this code writes, kept in PRAGMA user_version; older files are migrated step by
  // step from 0 (empty) on open.
  static constexpr int kSchemaVersion = 6;

  // Opens or creates the database at `path`. DATA_LOSS when the file is corrupt or PRAGMA
  // integrity_check finds a problem (the file is left untouched for inspection),
  // FAILED_PRECONDITION when it was written by a newer schema, UNAVAILABLE when it cannot be
  // opened.
  static absl::StatusOr<std::unique_ptr<SqliteMetadataStore>> Open(const std::string& path);
  ~SqliteMetadataStore() override;

  absl::StatusOr<std::optional<SampleRecord>> PutSample(const SampleRecord& record,
                                                        bool overwrite) override;
  absl::StatusOr<SampleRecord> GetSample(absl::string_view name) override;
  absl::StatusOr<std::vector<SampleRecord>> ListSamples() override;
  absl::StatusOr<SampleRecord> DeleteSample(absl::string_view name) override;
  absl::StatusOr<int64_t> CountSamples() override;

  absl::StatusOr<ModelRecord> InsertModel(ModelKind kind, const ModelRecord& record,
                                          absl::string_view finish_job_id) override;
  absl::StatusOr<ModelRecord> GetModel(ModelKind kind, absl::string_view name,
                                       int64_t version) override;
  absl::StatusOr<std::vector<ModelRecord>> ListModels(ModelKind kind,
                                                      absl::string_view name) override;
  absl::StatusOr<std::vector<ModelRecord>> DeleteModel(ModelKind kind, absl::string_view name,
                                                       int64_t version) override;

  // Job ids are "job-" + the row's AUTOINCREMENT sequence number, at least 6 digits: "job-000001".
  // Readable in a CLI, ordered, never reused within a database; a PostgreSQL store can take them
  // from a sequence.
  absl::StatusOr<JobRecord> CreateJob(absl::string_view kind, absl::string_view request_json,
                                      int64_t now_unix_ms) override;
  absl::StatusOr<JobRecord> GetJob(absl::string_view id) override;
  absl::StatusOr<std::vector<JobRecord>> ListJobs(std::optional<JobState> state,
                                                  int64_t limit) override;
  absl::StatusOr<JobRecord> TransitionJob(absl::string_view id, JobState to,
                                          absl::string_view error, int64_t now_unix_ms) override;
  absl::Status UpdateJobProgress(absl::string_view id, absl::string_view progress_json) override;
  absl::StatusOr<std::map<JobState, int64_t>> CountJobsByState() override;

  absl::StatusOr<std::vector<std::string>> FailRunningJobs(absl::string_view error,
                                                           int64_t now_unix_ms) override;

  // PRAGMA user_version of the open file.
  absl::StatusOr<int> SchemaVersion();
  // PRAGMA integrity_check: OK, or DATA_LOSS listing the first problems.
  absl::Status CheckIntegrity();

 private:
  explicit SqliteMetadataStore(sqlite3* db) : db_(db) {}

  absl::Status Configure() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status CheckIntegrityLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<int> SchemaVersionLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status Migrate() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<SampleRecord> GetSampleLocked(absl::string_view name)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<JobRecord> GetJobLocked(absl::string_view id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<std::vector<ModelRecord>> SelectModels(ModelKind kind, absl::string_view name,
                                                        int64_t version)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  absl::Mutex mu_;
  sqlite3* const db_ ABSL_PT_GUARDED_BY(mu_);
};

}  // namespace latentspace::store

#endif  // LATENTSPACE_SERVER_STORE_SQLITE_METADATA_STORE_H_
