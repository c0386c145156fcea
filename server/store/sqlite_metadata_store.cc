// The metadata registry in SQLite: schema and migrations, samples, models (encoders, detectors),
// jobs.
#include "server/store/sqlite_metadata_store.h"

#include <type_traits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/status_macros.h"
#include "server/store/name_validation.h"
#include "server/store/sqlite_statement.h"

namespace latentspace::store {
namespace {

// Schema migrations: kMigrations[i] takes user_version i to i + 1.
constexpr const char* kMigrations[] = {
    // 0 -> 1: the first schema.
    R"sql(
CREATE TABLE samples (
  name TEXT PRIMARY KEY NOT NULL,
  source_format TEXT NOT NULL,
  num_events INTEGER NOT NULL,
  blob_bytes INTEGER NOT NULL,
  checksum TEXT NOT NULL,
  blob_key TEXT NOT NULL UNIQUE,
  created_unix_ms INTEGER NOT NULL
);
CREATE TABLE sample_parameters (
  sample TEXT NOT NULL REFERENCES samples(name) ON DELETE CASCADE,
  name TEXT NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (sample, name)
);
CREATE TABLE jobs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  state TEXT NOT NULL
    CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
  request_json TEXT NOT NULL,
  encoder_name TEXT NOT NULL DEFAULT '',
  encoder_version INTEGER NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT '',
  progress_json TEXT NOT NULL DEFAULT '',
  created_unix_ms INTEGER NOT NULL,
  started_unix_ms INTEGER NOT NULL DEFAULT 0,
  finished_unix_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX jobs_by_state ON jobs (state, seq);
-- The last version ever assigned per encoder name; kept after the versions are deleted so that a
-- version number is never reused.
CREATE TABLE encoder_names (
  name TEXT PRIMARY KEY NOT NULL,
  last_version INTEGER NOT NULL
);
CREATE TABLE encoders (
  name TEXT NOT NULL REFERENCES encoder_names(name),
  version INTEGER NOT NULL,
  job_id TEXT REFERENCES jobs(id),
  preset TEXT NOT NULL,
  summary_json TEXT NOT NULL,
  blob_bytes INTEGER NOT NULL,
  checksum TEXT NOT NULL,
  blob_key TEXT NOT NULL UNIQUE,
  created_unix_ms INTEGER NOT NULL,
  PRIMARY KEY (name, version)
);
)sql",
    // 1 -> 2: anomaly detectors, versioned per name as encoders are (a job's encoder_name and
    // encoder_version name what it trained, of either kind).
    R"sql(
CREATE TABLE detector_names (
  name TEXT PRIMARY KEY NOT NULL,
  last_version INTEGER NOT NULL
);
CREATE TABLE detectors (
  name TEXT NOT NULL REFERENCES detector_names(name),
  version INTEGER NOT NULL,
  job_id TEXT REFERENCES jobs(id),
  preset TEXT NOT NULL,
  summary_json TEXT NOT NULL,
  blob_bytes INTEGER NOT NULL,
  checksum TEXT NOT NULL,
  blob_key TEXT NOT NULL UNIQUE,
  created_unix_ms INTEGER NOT NULL,
  PRIMARY KEY (name, version)
);
)sql",
    // 2 -> 3: a sample's model family (parameters are inferred within one); "" for none.
    R"sql(
ALTER TABLE samples ADD COLUMN family TEXT NOT NULL DEFAULT '';
)sql",
    // 3 -> 4: a sample's level ("detector", "truth", "parton"); those stored before, from the
    // format they were read from (HepMC truth, LHE parton).
    R"sql(
ALTER TABLE samples ADD COLUMN level TEXT NOT NULL DEFAULT 'detector';
UPDATE samples SET level = 'truth' WHERE source_format = 'hepmc3';
UPDATE samples SET level = 'parton' WHERE source_format = 'lhe';
)sql",
    // 4 -> 5: a feature table's column names, joined by commas (no name holds one); '' for a
    // sample of events, as every sample stored before is.
    R"sql(
ALTER TABLE samples ADD COLUMN columns TEXT NOT NULL DEFAULT '';
)sql",
    // 5 -> 6: no table changes. Samples of events uploaded from now on are stored in the binary
    // form of core/events/event_blob.h (those stored before stay Dark Machines CSV and read as
    // before); the version keeps an older latentd, which reads CSV only, off the directory.
    R"sql(
SELECT 1;
)sql",
};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == SqliteMetadataStore::kSchemaVersion);

constexpr absl::string_view kSampleColumns =
    "name, source_format, num_events, blob_bytes, checksum, blob_key, created_unix_ms, family, "
    "level, columns";
constexpr absl::string_view kModelColumns =
    "name, version, COALESCE(job_id, ''), preset, summary_json, blob_bytes, checksum, blob_key, "
    "created_unix_ms";
constexpr absl::string_view kJobColumns =
    "id, kind, state, request_json, encoder_name, encoder_version, error, progress_json, "
    "created_unix_ms, started_unix_ms, finished_unix_ms";

SampleRecord ReadSample(const SqliteStatement& row) {
  SampleRecord record;
  record.name = row.ColumnText(0);
  record.source_format = row.ColumnText(1);
  record.num_events = row.ColumnInt(2);
  record.blob_bytes = row.ColumnInt(3);
  record.checksum = row.ColumnText(4);
  record.blob_key = row.ColumnText(5);
  record.created_unix_ms = row.ColumnInt(6);
  record.family = row.ColumnText(7);
  record.level = row.ColumnText(8);
  if (const std::string columns = row.ColumnText(9); !columns.empty()) {
    record.columns = absl::StrSplit(columns, ',');
  }
  return record;
}

ModelRecord ReadModel(const SqliteStatement& row) {
  ModelRecord record;
  record.name = row.ColumnText(0);
  record.version = row.ColumnInt(1);
  record.job_id = row.ColumnText(2);
  record.preset = row.ColumnText(3);
  record.summary_json = row.ColumnText(4);
  record.blob_bytes = row.ColumnInt(5);
  record.checksum = row.ColumnText(6);
  record.blob_key = row.ColumnText(7);
  record.created_unix_ms = row.ColumnInt(8);
  return record;
}

// The table of a kind's models, and the one of their names' last versions.
std::string ModelTable(ModelKind kind) { return absl::StrCat(ModelKindName(kind), "s"); }
std::string ModelNamesTable(ModelKind kind) { return absl::StrCat(ModelKindName(kind), "_names"); }

absl::Status EmptyModelName(ModelKind kind) {
  return absl::InvalidArgumentError(absl::StrCat(ModelKindName(kind), " name is empty"));
}

absl::Status ModelNotFound(ModelKind kind, absl::string_view name, int64_t version) {
  return absl::NotFoundError(absl::StrCat(DescribeModel(kind, name, version), " not found"));
}

absl::StatusOr<JobRecord> ReadJob(const SqliteStatement& row) {
  JobRecord record;
  record.id = row.ColumnText(0);
  record.kind = row.ColumnText(1);
  absl::StatusOr<JobState> state = ParseJobState(row.ColumnText(2));
  if (!state.ok()) {
    return absl::DataLossError(absl::StrCat("job ", record.id, ": ", state.status().message()));
  }
  record.state = *state;
  record.request_json = row.ColumnText(3);
  record.encoder_name = row.ColumnText(4);
  record.encoder_version = row.ColumnInt(5);
  record.error = row.ColumnText(6);
  record.progress_json = row.ColumnText(7);
  record.created_unix_ms = row.ColumnInt(8);
  record.started_unix_ms = row.ColumnInt(9);
  record.finished_unix_ms = row.ColumnInt(10);
  return record;
}

// Fills record->parameters from sample_parameters.
absl::Status LoadParameters(sqlite3* db, SampleRecord* record) {
  LATENT_ASSIGN_OR_RETURN(
      SqliteStatement select,
      SqliteStatement::Prepare(
          db, "SELECT name, value FROM sample_parameters WHERE sample = ?1 ORDER BY name"));
  select.Bind(1, record->name);
  while (true) {
    LATENT_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return absl::OkStatus();
    record->parameters[select.ColumnText(0)] = select.ColumnDouble(1);
  }
}

// Runs a SELECT and collects its rows with `read`.
template <typename Record, typename Read>
absl::StatusOr<std::vector<Record>> CollectRows(SqliteStatement& select, Read read) {
  std::vector<Record> records;
  while (true) {
    LATENT_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return records;
    if constexpr (std::is_same_v<decltype(read(select)), Record>) {
      records.push_back(read(select));
    } else {
      auto record = read(select);
      if (!record.ok()) return record.status();
      records.push_back(*std::move(record));
    }
  }
}

// The single integer a query returns (e.g. a COUNT or a PRAGMA).
absl::StatusOr<int64_t> QueryInt(sqlite3* db, absl::string_view sql) {
  LATENT_ASSIGN_OR_RETURN(SqliteStatement query, SqliteStatement::Prepare(db, sql));
  LATENT_ASSIGN_OR_RETURN(bool row, query.Step());
  if (!row) return absl::InternalError(absl::StrCat("no result from ", sql));
  return query.ColumnInt(0);
}

absl::Status JobNotFound(absl::string_view id) {
  return absl::NotFoundError(absl::StrCat("job ", QuoteForMessage(id), " not found"));
}

absl::Status SampleNotFound(absl::string_view name) {
  return absl::NotFoundError(absl::StrCat("sample ", QuoteForMessage(name), " not found"));
}

// The state column of job `id`, NOT_FOUND when there is none.
absl::StatusOr<JobState> SelectJobState(sqlite3* db, absl::string_view id) {
  LATENT_ASSIGN_OR_RETURN(SqliteStatement select,
                          SqliteStatement::Prepare(db, "SELECT state FROM jobs WHERE id = ?1"));
  select.Bind(1, id);
  LATENT_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return JobNotFound(id);
  return ParseJobState(select.ColumnText(0));
}

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteMetadataStore>> SqliteMetadataStore::Open(
    const std::string& path) {
  sqlite3* db = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    absl::Status error = SqliteError(db, rc, "open");
    sqlite3_close_v2(db);
    return error;
  }
  std::unique_ptr<SqliteMetadataStore> store(new SqliteMetadataStore(db));
  absl::MutexLock lock(&store->mu_);
  LATENT_RETURN_IF_ERROR(store->Configure());
  LATENT_RETURN_IF_ERROR(store->CheckIntegrityLocked());
  LATENT_RETURN_IF_ERROR(store->Migrate());
  return store;
}

SqliteMetadataStore::~SqliteMetadataStore() {
  absl::MutexLock lock(&mu_);
  sqlite3_close_v2(db_);
}

absl::Status SqliteMetadataStore::Configure() {
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, 10000);
  // journal_mode answers with the mode in force; anything but "wal" means it did not take.
  LATENT_ASSIGN_OR_RETURN(SqliteStatement journal,
                          SqliteStatement::Prepare(db_, "PRAGMA journal_mode=WAL"));
  LATENT_ASSIGN_OR_RETURN(bool row, journal.Step());
  if (!row || journal.ColumnText(0) != "wal") {
    return absl::UnavailableError(
        absl::StrCat(sqlite3_db_filename(db_, "main"), ": cannot switch to WAL journal mode"));
  }
  return SqliteExec(db_, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON");
}

absl::Status SqliteMetadataStore::CheckIntegrityLocked() {
  LATENT_ASSIGN_OR_RETURN(SqliteStatement check,
                          SqliteStatement::Prepare(db_, "PRAGMA integrity_check"));
  std::vector<std::string> problems;
  while (true) {
    LATENT_ASSIGN_OR_RETURN(bool row, check.Step());
    if (!row) break;
    const std::string line = check.ColumnText(0);
    if (line != "ok" && problems.size() < 5) problems.push_back(line);
  }
  if (problems.empty()) return absl::OkStatus();
  return absl::DataLossError(
      absl::StrCat(sqlite3_db_filename(db_, "main"),
                   ": integrity check failed: ", absl::StrJoin(problems, "; ")));
}

absl::Status SqliteMetadataStore::CheckIntegrity() {
  absl::MutexLock lock(&mu_);
  return CheckIntegrityLocked();
}

absl::StatusOr<int> SqliteMetadataStore::SchemaVersionLocked() {
  LATENT_ASSIGN_OR_RETURN(int64_t version, QueryInt(db_, "PRAGMA user_version"));
  return static_cast<int>(version);
}

absl::StatusOr<int> SqliteMetadataStore::SchemaVersion() {
  absl::MutexLock lock(&mu_);
  return SchemaVersionLocked();
}

absl::Status SqliteMetadataStore::Migrate() {
  LATENT_ASSIGN_OR_RETURN(int version, SchemaVersionLocked());
  if (version > kSchemaVersion || version < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat(sqlite3_db_filename(db_, "main"), ": schema version ", version,
                     " is not one this latentd knows (", kSchemaVersion, " or older)"));
  }
  for (int from = version; from < kSchemaVersion; ++from) {
    SqliteTransaction transaction(db_);
    LATENT_RETURN_IF_ERROR(transaction.status());
    LATENT_RETURN_IF_ERROR(SqliteExec(db_, kMigrations[from]));
    LATENT_RETURN_IF_ERROR(SqliteExec(db_, absl::StrCat("PRAGMA user_version = ", from + 1)));
    LATENT_RETURN_IF_ERROR(transaction.Commit());
  }
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------------------- samples

absl::StatusOr<std::optional<SampleRecord>> SqliteMetadataStore::PutSample(
    const SampleRecord& record, bool overwrite) {
  absl::MutexLock lock(&mu_);
  SqliteTransaction transaction(db_);
  LATENT_RETURN_IF_ERROR(transaction.status());
  std::optional<SampleRecord> replaced;
  absl::StatusOr<SampleRecord> existing = GetSampleLocked(record.name);
  if (existing.ok()) {
    if (!overwrite) {
      return absl::AlreadyExistsError(absl::StrCat("sample ", QuoteForMessage(record.name),
                                                   " already exists (upload with overwrite to "
                                                   "replace it)"));
    }
    LATENT_ASSIGN_OR_RETURN(SqliteStatement remove,
                            SqliteStatement::Prepare(db_, "DELETE FROM samples WHERE name = ?1"));
    LATENT_RETURN_IF_ERROR(remove.Bind(1, record.name).Run());
    replaced = *std::move(existing);
  } else if (!absl::IsNotFound(existing.status())) {
    return existing.status();
  }
  LATENT_ASSIGN_OR_RETURN(
      SqliteStatement insert,
      SqliteStatement::Prepare(db_,
                               absl::StrCat("INSERT INTO samples (", kSampleColumns,
                                            ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")));
  insert.Bind(1, record.name)
      .Bind(2, record.source_format)
      .Bind(3, record.num_events)
      .Bind(4, record.blob_bytes)
      .Bind(5, record.checksum)
      .Bind(6, record.blob_key)
      .Bind(7, record.created_unix_ms)
      .Bind(8, record.family)
      .Bind(9, record.level)
      .Bind(10, absl::StrJoin(record.columns, ","));
  LATENT_RETURN_IF_ERROR(insert.Run());
  LATENT_ASSIGN_OR_RETURN(
      SqliteStatement parameter,
      SqliteStatement::Prepare(
          db_, "INSERT INTO sample_parameters (sample, name, value) VALUES (?1, ?2, ?3)"));
  for (const auto& [name, value] : record.parameters) {
    parameter.Reset();
    LATENT_RETURN_IF_ERROR(parameter.Bind(1, record.name).Bind(2, name).Bind(3, value).Run());
  }
  LATENT_RETURN_IF_ERROR(transaction.Commit());
  return replaced;
}

absl::StatusOr<SampleRecord> SqliteMetadataStore::GetSampleLocked(absl::string_view name) {
  LATENT_ASSIGN_OR_RETURN(
      SqliteStatement select,
      SqliteStatement::Prepare(
          db_, absl::StrCat("SELECT ", kSampleColumns, " FROM samples WHERE name = ?1")));
  select.Bind(1, name);
  LATENT_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return SampleNotFound(name);
  SampleRecord record = ReadSample(select);
  LATENT_RETURN_IF_ERROR(LoadParameters(db_, &record));
  return record;
}

absl::StatusOr<SampleRecord> SqliteMetadataStore::GetSample(absl::string_view name) {
  absl::MutexLock lock(&mu_);
  return GetSampleLocked(name);
}

absl::StatusOr<std::vector<SampleRecord>> SqliteMetadataStore::ListSamples() {
  absl::MutexLock lock(&mu_);
  // One read transaction, so that rows and parameters are one snapshot.
  LATENT_RETURN_IF_ERROR(SqliteExec(db_, "BEGIN"));
  struct EndRead {
    sqlite3* db;
    ~EndRead() { sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr); }
  } end_read{db_};
  LATENT_ASSIGN_OR_RETURN(
      SqliteStatement select,
      SqliteStatement::Prepare(
          db_, absl::StrCat("SELECT ", kSampleColumns, " FROM samples ORDER BY name")));
  LATENT_ASSIGN_OR_RETURN(std::vector<SampleRecord> records,
                          CollectRows<SampleRecord>(select, ReadSample));
  std::map<std::string, SampleRecord*> by_name;
  for (SampleRecord& record : records) by_name[record.name] = &record;
  LATENT_ASSIGN_OR_RETURN(
      SqliteStatement parameters,
      SqliteStatement::Prepare(db_, "SELECT sample, name, value FROM sample_parameters"));
  while (true) {
    LATENT_ASSIGN_OR_RETURN(bool row, parameters.Step());
    if (!row) break;
    auto it = by_name.find(parameters.ColumnText(0));
    if (it != by_name.end())
      it->second->parameters[parameters.ColumnText(1)] = parameters.ColumnDouble(2);
  }
  return records;
}

absl::StatusOr<SampleRecord> SqliteMetadataStore::DeleteSample(absl::string_view name) {
  absl::MutexLock lock(&mu_);
  SqliteTransaction transaction(db_);
  LATENT_RETURN_IF_ERROR(transaction.status());
  LATENT_ASSIGN_OR_RETURN(SampleRecord record, GetSampleLocked(name));
  LATENT_ASSIGN_OR_RETURN(SqliteStatement remove,
                          SqliteStatement::Prepare(db_, "DELETE FROM samples WHERE name = ?1"));
  LATENT_RETURN_IF_ERROR(remove.Bind(1, name).Run());
  LATENT_RETURN_IF_ERROR(transaction.Commit());
  return record;
}

absl::StatusOr<int64_t> SqliteMetadataStore::CountSamples() {
  absl::MutexLock lock(&mu_);
  return QueryInt(db_, "SELECT COUNT(*) FROM samples");
}

// ----------------------------------------------------------------------------------------- models

absl::StatusOr<ModelRecord> SqliteMetadataStore::InsertModel(ModelKind kind,
                                                             const ModelRecord& record,
                                                             absl::string_view finish_job_id) {
  absl::MutexLock lock(&mu_);
  ModelRecord inserted = record;
  if (!finish_job_id.empty()) {
    if (!inserted.job_id.empty() && inserted.job_id != finish_job_id) {
      return absl::InvalidArgumentError(absl::StrCat(
          ModelKindName(kind), " ", inserted.name, " names job ", QuoteForMessage(inserted.job_id),
          " but finishes job ", QuoteForMessage(finish_job_id)));
    }
    inserted.job_id = std::string(finish_job_id);
  }
  SqliteTransaction transaction(db_);
  LATENT_RETURN_IF_ERROR(transaction.status());
  if (!inserted.job_id.empty()) {
    LATENT_ASSIGN_OR_RETURN(JobState state, SelectJobState(db_, inserted.job_id));
    if (!finish_job_id.empty()) {
      LATENT_RETURN_IF_ERROR(CheckJobTransition(finish_job_id, state, JobState::kSucceeded));
    }
  }
  LATENT_ASSIGN_OR_RETURN(
      SqliteStatement bump,
      SqliteStatement::Prepare(
          db_, absl::StrCat("INSERT INTO ", ModelNamesTable(kind),
                            " (name, last_version) VALUES (?1, 1) ON CONFLICT (name) DO UPDATE SET "
                            "last_version = last_version + 1 RETURNING last_version")));
  bump.Bind(1, inserted.name);
  LATENT_ASSIGN_OR_RETURN(bool row, bump.Step());
  if (!row) return absl::InternalError(absl::StrCat("no version from ", ModelNamesTable(kind)));
  inserted.version = bump.ColumnInt(0);
  LATENT_RETURN_IF_ERROR(bump.Run());

  LATENT_ASSIGN_OR_RETURN(
      SqliteStatement insert,
      SqliteStatement::Prepare(
          db_,
          absl::StrCat("INSERT INTO ", ModelTable(kind),
                       " (name, version, job_id, preset, summary_json, blob_bytes, checksum, "
                       "blob_key, created_unix_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")));
  insert.Bind(1, inserted.name).Bind(2, inserted.version);
  if (inserted.job_id.empty()) {
    insert.BindNull(3);
  } else {
    insert.Bind(3, inserted.job_id);
  }
  insert.Bind(4, inserted.preset)
      .Bind(5, inserted.summary_json)
      .Bind(6, inserted.blob_bytes)
      .Bind(7, inserted.checksum)
      .Bind(8, inserted.blob_key)
      .Bind(9, inserted.created_unix_ms);
  LATENT_RETURN_IF_ERROR(insert.Run());

  if (!finish_job_id.empty()) {
    LATENT_ASSIGN_OR_RETURN(
        SqliteStatement finish,
        SqliteStatement::Prepare(
            db_,
            "UPDATE jobs SET state = 'SUCCEEDED', encoder_name = ?2, encoder_version = ?3, "
            "finished_unix_ms = ?4 WHERE id = ?1"));
    finish.Bind(1, finish_job_id)
        .Bind(2, inserted.name)
        .Bind(3, inserted.version)
        .Bind(4, inserted.created_unix_ms);
    LATENT_RETURN_IF_ERROR(finish.Run());
  }
  LATENT_RETURN_IF_ERROR(transaction.Commit());
  return inserted;
}

absl::StatusOr<std::vector<ModelRecord>> SqliteMetadataStore::SelectModels(ModelKind kind,
                                                                           absl::string_view name,
                                                                           int64_t version) {
  std::string sql = absl::StrCat("SELECT ", kModelColumns, " FROM ", ModelTable(kind));
  if (!name.empty()) absl::StrAppend(&sql, " WHERE name = ?1");
  if (!name.empty() && version > 0) absl::StrAppend(&sql, " AND version = ?2");
  absl::StrAppend(&sql, " ORDER BY name, version");
  LATENT_ASSIGN_OR_RETURN(SqliteStatement select, SqliteStatement::Prepare(db_, sql));
  if (!name.empty()) select.Bind(1, name);
  if (!name.empty() && version > 0) select.Bind(2, version);
  return CollectRows<ModelRecord>(select, ReadModel);
}

absl::StatusOr<ModelRecord> SqliteMetadataStore::GetModel(ModelKind kind, absl::string_view name,
                                                          int64_t version) {
  absl::MutexLock lock(&mu_);
  if (name.empty()) return EmptyModelName(kind);
  LATENT_ASSIGN_OR_RETURN(std::vector<ModelRecord> records, SelectModels(kind, name, version));
  if (records.empty()) return ModelNotFound(kind, name, version);
  return records.back();
}

absl::StatusOr<std::vector<ModelRecord>> SqliteMetadataStore::ListModels(ModelKind kind,
                                                                         absl::string_view name) {
  absl::MutexLock lock(&mu_);
  return SelectModels(kind, name, 0);
}

absl::StatusOr<std::vector<ModelRecord>> SqliteMetadataStore::DeleteModel(ModelKind kind,
                                                                          absl::string_view name,
                                                                          int64_t version) {
  absl::MutexLock lock(&mu_);
  if (name.empty()) return EmptyModelName(kind);
  SqliteTransaction transaction(db_);
  LATENT_RETURN_IF_ERROR(transaction.status());
  LATENT_ASSIGN_OR_RETURN(std::vector<ModelRecord> records, SelectModels(kind, name, version));
  if (records.empty()) return ModelNotFound(kind, name, version);
  LATENT_ASSIGN_OR_RETURN(
      SqliteStatement remove,
      SqliteStatement::Prepare(db_,
                               absl::StrCat("DELETE FROM ", ModelTable(kind), " WHERE name = ?1",
                                            version > 0 ? " AND version = ?2" : "")));
  remove.Bind(1, name);
  if (version > 0) remove.Bind(2, version);
  LATENT_RETURN_IF_ERROR(remove.Run());
  LATENT_RETURN_IF_ERROR(transaction.Commit());
  return records;
}

// ------------------------------------------------------------------------------------------- jobs

absl::StatusOr<JobRecord> SqliteMetadataStore::CreateJob(absl::string_view kind,
                                                         absl::string_view request_json,
                                                         int64_t now_unix_ms) {
  absl::MutexLock lock(&mu_);
  SqliteTransaction transaction(db_);
  LATENT_RETURN_IF_ERROR(transaction.status());
  // The id derives from the AUTOINCREMENT sequence, known only after the insert: insert under a
  // placeholder no real id can equal, then rename, inside the one transaction.
  LATENT_ASSIGN_OR_RETURN(
      SqliteStatement insert,
      SqliteStatement::Prepare(db_,
                               "INSERT INTO jobs (id, kind, state, request_json, created_unix_ms) "
                               "VALUES (' pending', ?1, 'QUEUED', ?2, ?3)"));
  LATENT_RETURN_IF_ERROR(insert.Bind(1, kind).Bind(2, request_json).Bind(3, now_unix_ms).Run());
  const int64_t seq = sqlite3_last_insert_rowid(db_);
  const std::string id = absl::StrFormat("job-%06d", seq);
  LATENT_ASSIGN_OR_RETURN(SqliteStatement name,
                          SqliteStatement::Prepare(db_, "UPDATE jobs SET id = ?1 WHERE seq = ?2"));
  LATENT_RETURN_IF_ERROR(name.Bind(1, id).Bind(2, seq).Run());
  LATENT_ASSIGN_OR_RETURN(JobRecord job, GetJobLocked(id));
  LATENT_RETURN_IF_ERROR(transaction.Commit());
  return job;
}

absl::StatusOr<JobRecord> SqliteMetadataStore::GetJobLocked(absl::string_view id) {
  LATENT_ASSIGN_OR_RETURN(SqliteStatement select,
                          SqliteStatement::Prepare(db_, absl::StrCat("SELECT ", kJobColumns,
                                                                     " FROM jobs WHERE id = ?1")));
  select.Bind(1, id);
  LATENT_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return JobNotFound(id);
  return ReadJob(select);
}

absl::StatusOr<JobRecord> SqliteMetadataStore::GetJob(absl::string_view id) {
  absl::MutexLock lock(&mu_);
  return GetJobLocked(id);
}

absl::StatusOr<std::vector<JobRecord>> SqliteMetadataStore::ListJobs(std::optional<JobState> state,
                                                                     int64_t limit) {
  absl::MutexLock lock(&mu_);
  std::string sql = absl::StrCat("SELECT ", kJobColumns, " FROM jobs");
  if (state.has_value()) absl::StrAppend(&sql, " WHERE state = ?1");
  absl::StrAppend(&sql, " ORDER BY seq DESC");
  if (limit > 0) absl::StrAppend(&sql, " LIMIT ?2");
  LATENT_ASSIGN_OR_RETURN(SqliteStatement select, SqliteStatement::Prepare(db_, sql));
  if (state.has_value()) select.Bind(1, JobStateName(*state));
  if (limit > 0) select.Bind(2, limit);
  return CollectRows<JobRecord>(select, ReadJob);
}

absl::StatusOr<JobRecord> SqliteMetadataStore::TransitionJob(absl::string_view id, JobState to,
                                                             absl::string_view error,
                                                             int64_t now_unix_ms) {
  absl::MutexLock lock(&mu_);
  SqliteTransaction transaction(db_);
  LATENT_RETURN_IF_ERROR(transaction.status());
  LATENT_ASSIGN_OR_RETURN(JobRecord job, GetJobLocked(id));
  LATENT_RETURN_IF_ERROR(CheckJobTransition(job.id, job.state, to));
  job.state = to;
  if (!error.empty()) job.error = std::string(error);
  if (to == JobState::kRunning) job.started_unix_ms = now_unix_ms;
  if (IsTerminal(to)) job.finished_unix_ms = now_unix_ms;
  LATENT_ASSIGN_OR_RETURN(
      SqliteStatement update,
      SqliteStatement::Prepare(
          db_,
          "UPDATE jobs SET state = ?2, error = ?3, started_unix_ms = ?4, finished_unix_ms = ?5 "
          "WHERE id = ?1"));
  update.Bind(1, job.id)
      .Bind(2, JobStateName(to))
      .Bind(3, job.error)
      .Bind(4, job.started_unix_ms)
      .Bind(5, job.finished_unix_ms);
  LATENT_RETURN_IF_ERROR(update.Run());
  LATENT_RETURN_IF_ERROR(transaction.Commit());
  return job;
}

absl::Status SqliteMetadataStore::UpdateJobProgress(absl::string_view id,
                                                    absl::string_view progress_json) {
  absl::MutexLock lock(&mu_);
  SqliteTransaction transaction(db_);
  LATENT_RETURN_IF_ERROR(transaction.status());
  LATENT_ASSIGN_OR_RETURN(JobState state, SelectJobState(db_, id));
  if (IsTerminal(state)) {
    return absl::FailedPreconditionError(absl::StrCat("job ", id, " is ", JobStateName(state),
                                                      ": its progress can no longer change"));
  }
  LATENT_ASSIGN_OR_RETURN(
      SqliteStatement update,
      SqliteStatement::Prepare(db_, "UPDATE jobs SET progress_json = ?2 WHERE id = ?1"));
  LATENT_RETURN_IF_ERROR(update.Bind(1, id).Bind(2, progress_json).Run());
  return transaction.Commit();
}

absl::StatusOr<std::map<JobState, int64_t>> SqliteMetadataStore::CountJobsByState() {
  absl::MutexLock lock(&mu_);
  std::map<JobState, int64_t> counts;
  for (JobState state : kAllJobStates) counts[state] = 0;
  LATENT_ASSIGN_OR_RETURN(
      SqliteStatement select,
      SqliteStatement::Prepare(db_, "SELECT state, COUNT(*) FROM jobs GROUP BY state"));
  while (true) {
    LATENT_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return counts;
    absl::StatusOr<JobState> state = ParseJobState(select.ColumnText(0));
    if (!state.ok()) return absl::DataLossError(state.status().message());
    counts[*state] = select.ColumnInt(1);
  }
}

absl::StatusOr<std::vector<std::string>> SqliteMetadataStore::FailRunningJobs(
    absl::string_view error, int64_t now_unix_ms) {
  absl::MutexLock lock(&mu_);
  SqliteTransaction transaction(db_);
  LATENT_RETURN_IF_ERROR(transaction.status());
  LATENT_ASSIGN_OR_RETURN(
      SqliteStatement select,
      SqliteStatement::Prepare(db_, "SELECT id FROM jobs WHERE state = 'RUNNING' ORDER BY seq"));
  absl::StatusOr<std::vector<std::string>> ids = CollectRows<std::string>(
      select, [](const SqliteStatement& row) { return row.ColumnText(0); });
  if (!ids.ok()) return ids.status();
  LATENT_ASSIGN_OR_RETURN(SqliteStatement update,
                          SqliteStatement::Prepare(
                              db_,
                              "UPDATE jobs SET state = 'FAILED', error = ?1, finished_unix_ms = ?2 "
                              "WHERE state = 'RUNNING'"));
  LATENT_RETURN_IF_ERROR(update.Bind(1, error).Bind(2, now_unix_ms).Run());
  LATENT_RETURN_IF_ERROR(transaction.Commit());
  return ids;
}

}  // namespace latentspace::store
