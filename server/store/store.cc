// The store facade: opening and recovering a data directory, and the atomic blob + row operations.
#include "server/store/store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <functional>
#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "core/status_macros.h"
#include "server/store/checksum.h"
#include "server/store/local_blob_store.h"
#include "server/store/name_validation.h"
#include "server/store/sqlite_metadata_store.h"

namespace latentspace::store {
namespace {

constexpr size_t kReadChunk = 1 << 20;

int64_t NowUnixMs() { return absl::ToUnixMillis(absl::Now()); }

std::string Plural(int64_t count, absl::string_view noun) {
  return absl::StrCat(count, " ", noun, count == 1 ? "" : "s");
}

std::string DescribeSample(absl::string_view name) {
  return absl::StrCat("sample ", QuoteForMessage(name));
}

BlobKind ModelBlobKind(ModelKind kind) {
  switch (kind) {
    case ModelKind::kEncoder:
      return BlobKind::kEncoder;
    case ModelKind::kDetector:
      return BlobKind::kDetector;
  }
  return BlobKind::kEncoder;
}

// The field a bad name is reported under: "encoder name", "detector name".
std::string ModelNameField(ModelKind kind) { return absl::StrCat(ModelKindName(kind), " name"); }

// Checks size and checksum at the end of the stream it passes through.
class VerifyingBlobReader : public BlobReader {
 public:
  VerifyingBlobReader(std::unique_ptr<BlobReader> reader, std::string what, std::string file,
                      int64_t bytes, std::string checksum)
      : reader_(std::move(reader)),
        what_(std::move(what)),
        file_(std::move(file)),
        expected_bytes_(bytes),
        expected_checksum_(std::move(checksum)) {}

  absl::StatusOr<std::string> Read(size_t max_bytes) override {
    absl::StatusOr<std::string> chunk = reader_->Read(max_bytes);
    if (!chunk.ok()) return chunk;
    bytes_ += static_cast<int64_t>(chunk->size());
    checksum_.Update(*chunk);
    if (bytes_ > expected_bytes_ ||
        (chunk->empty() &&
         (bytes_ != expected_bytes_ || checksum_.ToString() != expected_checksum_))) {
      return absl::DataLossError(
          absl::StrCat(what_, ": blob file ", file_, " changed while it was read"));
    }
    return chunk;
  }

 private:
  std::unique_ptr<BlobReader> reader_;
  const std::string what_;
  const std::string file_;
  const int64_t expected_bytes_;
  const std::string expected_checksum_;
  int64_t bytes_ = 0;
  Crc32Checksum checksum_;
};

// Takes an exclusive flock on `path`, so two processes never run recovery on one directory.
absl::StatusOr<int> LockDirectory(const std::string& path) {
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::UnavailableError(absl::StrCat(path, ": cannot open lock file: ", strerror(errno)));
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    close(fd);
    if (error == EWOULDBLOCK) {
      return absl::UnavailableError(
          absl::StrCat(path, ": the data directory is in use by another latentd"));
    }
    return absl::UnavailableError(absl::StrCat(path, ": cannot lock: ", strerror(error)));
  }
  return fd;
}

}  // namespace

bool RecoveryReport::clean() const {
  return staging_files_removed == 0 && orphan_blobs_removed == 0 && interrupted_jobs.empty() &&
         missing_blobs.empty();
}

std::string RecoveryReport::ToString() const {
  std::string text = absl::StrCat("removed ", Plural(staging_files_removed, "staging file"),
                                  " and ", Plural(orphan_blobs_removed, "orphan blob"), "; ",
                                  Plural(jobs_interrupted(), "job"), " interrupted");
  if (!interrupted_jobs.empty()) {
    absl::StrAppend(&text, " (", absl::StrJoin(interrupted_jobs, ", "), ")");
  }
  absl::StrAppend(&text, "; ", Plural(static_cast<int64_t>(missing_blobs.size()), "blob"),
                  " missing");
  for (size_t i = 0; i < missing_blobs.size(); ++i) {
    const MissingBlob& missing = missing_blobs[i];
    absl::StrAppend(&text, i == 0 ? ": " : ", ",
                    missing.kind == "sample"
                        ? absl::StrCat("sample ", QuoteForMessage(missing.name))
                        : absl::StrCat(missing.kind, " ", QuoteForMessage(missing.name),
                                       " version ", missing.version),
                    " (", missing.key, ")");
  }
  return text;
}

Store::Store(std::unique_ptr<MetadataStore> metadata, std::unique_ptr<BlobStore> blobs, int lock_fd)
    : metadata_(std::move(metadata)), blobs_(std::move(blobs)), lock_fd_(lock_fd) {}

Store::~Store() {
  // Close the database before releasing the directory.
  metadata_.reset();
  blobs_.reset();
  if (lock_fd_ >= 0) close(lock_fd_);
}

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& data_dir) {
  std::error_code error;
  std::filesystem::create_directories(data_dir, error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat(data_dir, ": cannot create data directory: ", error.message()));
  }
  LATENT_ASSIGN_OR_RETURN(int lock_fd, LockDirectory(data_dir + "/LOCK"));
  // From here the Store (or this guard) owns the lock.
  struct LockGuard {
    int fd;
    ~LockGuard() {
      if (fd >= 0) close(fd);
    }
  } guard{lock_fd};

  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<SqliteMetadataStore> metadata,
                          SqliteMetadataStore::Open(data_dir + "/latentd.db"));
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<LocalBlobStore> blobs,
                          LocalBlobStore::Open(data_dir + "/blobs", data_dir + "/staging"));
  std::unique_ptr<Store> store(
      new Store(std::move(metadata), std::move(blobs), std::exchange(guard.fd, -1)));
  LATENT_RETURN_IF_ERROR(store->Recover());
  return store;
}

absl::StatusOr<std::unique_ptr<Store>> Store::Create(std::unique_ptr<MetadataStore> metadata,
                                                     std::unique_ptr<BlobStore> blobs) {
  std::unique_ptr<Store> store(new Store(std::move(metadata), std::move(blobs), -1));
  LATENT_RETURN_IF_ERROR(store->Recover());
  return store;
}

absl::Status Store::Recover() {
  RecoveryReport report;
  LATENT_ASSIGN_OR_RETURN(int64_t staged, blobs_->ClearStaging());
  report.staging_files_removed = staged;

  LATENT_ASSIGN_OR_RETURN(std::vector<std::string> interrupted,
                          metadata_->FailRunningJobs(kInterruptedJobError, NowUnixMs()));
  report.interrupted_jobs = std::move(interrupted);

  // Every key a row names, and what names it.
  std::map<std::string, MissingBlob> referenced;
  LATENT_ASSIGN_OR_RETURN(std::vector<SampleRecord> samples, metadata_->ListSamples());
  for (const SampleRecord& sample : samples) {
    referenced[sample.blob_key] = MissingBlob{"sample", sample.name, 0, sample.blob_key};
  }
  for (ModelKind kind : kAllModelKinds) {
    LATENT_ASSIGN_OR_RETURN(std::vector<ModelRecord> models, metadata_->ListModels(kind, ""));
    for (const ModelRecord& model : models) {
      referenced[model.blob_key] =
          MissingBlob{std::string(ModelKindName(kind)), model.name, model.version, model.blob_key};
    }
  }

  std::set<std::string> present;
  for (BlobKind kind : kAllBlobKinds) {
    LATENT_ASSIGN_OR_RETURN(std::vector<std::string> keys, blobs_->ListKeys(kind));
    for (const std::string& key : keys) {
      if (referenced.count(key) > 0) {
        present.insert(key);
        continue;
      }
      LATENT_RETURN_IF_ERROR(blobs_->Delete(key));
      ++report.orphan_blobs_removed;
    }
  }
  for (const auto& [key, owner] : referenced) {
    if (present.count(key) == 0) report.missing_blobs.push_back(owner);
  }
  recovery_report_ = std::move(report);
  return absl::OkStatus();
}

absl::StatusOr<BlobInfo> Store::Publish(std::unique_ptr<BlobWriter> blob, BlobKind kind) {
  LATENT_ASSIGN_OR_RETURN(BlobInfo info, blob->Publish());
  if (!absl::StartsWith(info.key, absl::StrCat(BlobKindPrefix(kind), "/"))) {
    blobs_->Delete(info.key).IgnoreError();
    return absl::InvalidArgumentError(
        absl::StrCat("blob ", info.key, " is not a ", BlobKindPrefix(kind), " blob"));
  }
  return info;
}

absl::Status Store::VerifyBlob(absl::string_view what, absl::string_view key, BlobReader& reader,
                               int64_t bytes, absl::string_view checksum, std::string* content) {
  Crc32Checksum actual;
  int64_t actual_bytes = 0;
  while (true) {
    LATENT_ASSIGN_OR_RETURN(std::string chunk, reader.Read(kReadChunk));
    if (chunk.empty()) break;
    actual.Update(chunk);
    actual_bytes += static_cast<int64_t>(chunk.size());
    if (content != nullptr) content->append(chunk);
  }
  if (actual_bytes != bytes) {
    return absl::DataLossError(absl::StrCat(what, ": blob file ", BlobFile(key), " has ",
                                            actual_bytes, " bytes, the record says ", bytes));
  }
  if (actual.ToString() != checksum) {
    return absl::DataLossError(absl::StrCat(what, ": blob file ", BlobFile(key), " has checksum ",
                                            actual.ToString(), ", the record says ", checksum));
  }
  return absl::OkStatus();
}

std::string Store::BlobFile(absl::string_view key) const {
  std::string file = blobs_->LocalPath(key);
  return file.empty() ? std::string(key) : file;
}

template <typename Record>
absl::StatusOr<Record> Store::OpenCurrentBlob(
    const std::function<absl::StatusOr<Record>()>& fetch,
    const std::function<std::string(const Record&)>& describe, int count,
    std::vector<std::unique_ptr<BlobReader>>* readers) {
  absl::StatusOr<Record> record = fetch();
  for (int attempt = 0;; ++attempt) {
    if (!record.ok()) return record.status();
    readers->clear();
    absl::Status opened = absl::OkStatus();
    for (int i = 0; i < count && opened.ok(); ++i) {
      absl::StatusOr<std::unique_ptr<BlobReader>> reader = blobs_->OpenRead(record->blob_key);
      if (reader.ok()) {
        readers->push_back(*std::move(reader));
      } else {
        opened = reader.status();
      }
    }
    if (opened.ok()) return record;
    if (!absl::IsNotFound(opened)) return opened;
    // The blob is gone: either an overwrite or delete committed since the row was read (read the
    // row again), or the row names a blob that is lost.
    absl::StatusOr<Record> again = fetch();
    if (!again.ok()) return again.status();  // NOT_FOUND when deleted meanwhile
    if (again->blob_key != record->blob_key) {
      if (attempt >= 10) {
        return absl::UnavailableError(
            absl::StrCat(describe(*again), ": its blob keeps being replaced; try again"));
      }
      record = std::move(again);
      continue;
    }
    return absl::DataLossError(
        absl::StrCat(describe(*record), ": blob file ", BlobFile(record->blob_key), " is missing"));
  }
}

// ---------------------------------------------------------------------------------------- samples

absl::StatusOr<std::unique_ptr<BlobWriter>> Store::BeginSampleUpload() {
  return blobs_->BeginWrite(BlobKind::kSample);
}

absl::StatusOr<SampleRecord> Store::CommitSample(std::unique_ptr<BlobWriter> blob,
                                                 SampleRecord record, bool overwrite) {
  // Validation first: a rejected commit drops (aborts) the blob and changes nothing.
  if (blob == nullptr) return absl::InvalidArgumentError("CommitSample without a blob");
  LATENT_RETURN_IF_ERROR(ValidateName("sample name", record.name));
  for (const auto& [name, value] : record.parameters) {
    LATENT_RETURN_IF_ERROR(ValidateParameterName(name));
    if (!std::isfinite(value)) {
      return absl::InvalidArgumentError(absl::StrCat("sample ", record.name, ": parameter ",
                                                     QuoteForMessage(name), " is ", value,
                                                     ", not a finite number"));
    }
  }
  if (record.num_events < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("sample ", record.name, ": num_events is ", record.num_events));
  }
  // Fail early without publishing when the name is taken (checked again in the transaction).
  if (!overwrite && metadata_->GetSample(record.name).ok()) {
    return absl::AlreadyExistsError(absl::StrCat("sample ", QuoteForMessage(record.name),
                                                 " already exists (upload with overwrite to "
                                                 "replace it)"));
  }
  LATENT_ASSIGN_OR_RETURN(BlobInfo info, Publish(std::move(blob), BlobKind::kSample));
  record.blob_key = info.key;
  record.blob_bytes = info.bytes;
  record.checksum = info.checksum;
  record.created_unix_ms = NowUnixMs();
  absl::StatusOr<std::optional<SampleRecord>> replaced = metadata_->PutSample(record, overwrite);
  if (!replaced.ok()) {
    blobs_->Delete(info.key).IgnoreError();  // else an orphan for the next Open
    return replaced.status();
  }
  if (replaced->has_value()) blobs_->Delete((*replaced)->blob_key).IgnoreError();
  return record;
}

absl::StatusOr<SampleRecord> Store::GetSample(absl::string_view name) {
  LATENT_RETURN_IF_ERROR(ValidateName("sample name", name));
  return metadata_->GetSample(name);
}

absl::StatusOr<std::vector<SampleRecord>> Store::ListSamples() { return metadata_->ListSamples(); }

absl::StatusOr<SampleRecord> Store::DeleteSample(absl::string_view name) {
  LATENT_RETURN_IF_ERROR(ValidateName("sample name", name));
  LATENT_ASSIGN_OR_RETURN(SampleRecord deleted, metadata_->DeleteSample(name));
  // The row is gone for good; a blob that cannot be removed now is an orphan for the next Open.
  blobs_->Delete(deleted.blob_key).IgnoreError();
  return deleted;
}

absl::StatusOr<int64_t> Store::CountSamples() { return metadata_->CountSamples(); }

absl::StatusOr<std::string> Store::SampleBlobPath(absl::string_view name) {
  LATENT_ASSIGN_OR_RETURN(SampleRecord record, GetSample(name));
  std::string path = blobs_->LocalPath(record.blob_key);
  if (path.empty()) {
    return absl::UnimplementedError(absl::StrCat("sample ", name, ": blob has no local file"));
  }
  return path;
}

absl::Status Store::VerifySample(absl::string_view name) {
  std::vector<std::unique_ptr<BlobReader>> readers;
  LATENT_ASSIGN_OR_RETURN(SampleRecord record, OpenCurrentSample(name, 1, &readers));
  return VerifyBlob(DescribeSample(name), record.blob_key, *readers[0], record.blob_bytes,
                    record.checksum, nullptr);
}

absl::StatusOr<std::unique_ptr<BlobReader>> Store::OpenSampleBlob(absl::string_view name) {
  // Two readers of one file, both open before verifying: an overwrite that removes the file now
  // cannot take it away from the reader returned.
  std::vector<std::unique_ptr<BlobReader>> readers;
  LATENT_ASSIGN_OR_RETURN(SampleRecord record, OpenCurrentSample(name, 2, &readers));
  const std::string what = DescribeSample(name);
  LATENT_RETURN_IF_ERROR(
      VerifyBlob(what, record.blob_key, *readers[0], record.blob_bytes, record.checksum, nullptr));
  return std::unique_ptr<BlobReader>(std::make_unique<VerifyingBlobReader>(
      std::move(readers[1]), what, BlobFile(record.blob_key), record.blob_bytes, record.checksum));
}

absl::StatusOr<SampleRecord> Store::OpenCurrentSample(
    absl::string_view name, int count, std::vector<std::unique_ptr<BlobReader>>* readers) {
  const std::string sample(name);
  return OpenCurrentBlob<SampleRecord>([&] { return GetSample(sample); },
                                       [&](const SampleRecord&) { return DescribeSample(sample); },
                                       count, readers);
}

// ----------------------------------------------------------------------------------------- models

absl::StatusOr<std::unique_ptr<BlobWriter>> Store::BeginModelUpload(ModelKind kind) {
  return blobs_->BeginWrite(ModelBlobKind(kind));
}

absl::StatusOr<ModelRecord> Store::CommitModel(ModelKind kind, std::unique_ptr<BlobWriter> blob,
                                               ModelRecord record) {
  return CommitModelImpl(kind, "", std::move(blob), std::move(record));
}

absl::StatusOr<ModelRecord> Store::CommitModelAndFinishJob(ModelKind kind, absl::string_view job_id,
                                                           std::unique_ptr<BlobWriter> blob,
                                                           ModelRecord record) {
  if (job_id.empty()) return absl::InvalidArgumentError("CommitModelAndFinishJob without a job");
  return CommitModelImpl(kind, job_id, std::move(blob), std::move(record));
}

absl::StatusOr<ModelRecord> Store::CommitModelImpl(ModelKind kind, absl::string_view finish_job_id,
                                                   std::unique_ptr<BlobWriter> blob,
                                                   ModelRecord record) {
  if (blob == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("commit of a ", ModelKindName(kind), " without a blob"));
  }
  LATENT_RETURN_IF_ERROR(ValidateName(ModelNameField(kind), record.name));
  // Fail early without publishing when the job cannot succeed (checked again in the transaction).
  if (!finish_job_id.empty()) {
    LATENT_ASSIGN_OR_RETURN(JobRecord job, metadata_->GetJob(finish_job_id));
    LATENT_RETURN_IF_ERROR(CheckJobTransition(job.id, job.state, JobState::kSucceeded));
  }
  LATENT_ASSIGN_OR_RETURN(BlobInfo info, Publish(std::move(blob), ModelBlobKind(kind)));
  record.version = 0;
  record.blob_key = info.key;
  record.blob_bytes = info.bytes;
  record.checksum = info.checksum;
  record.created_unix_ms = NowUnixMs();
  absl::StatusOr<ModelRecord> inserted = metadata_->InsertModel(kind, record, finish_job_id);
  if (!inserted.ok()) blobs_->Delete(info.key).IgnoreError();
  return inserted;
}

absl::StatusOr<ModelRecord> Store::GetModel(ModelKind kind, absl::string_view name,
                                            int64_t version) {
  LATENT_RETURN_IF_ERROR(ValidateName(ModelNameField(kind), name));
  return metadata_->GetModel(kind, name, version);
}

absl::StatusOr<std::vector<ModelRecord>> Store::ListModels(ModelKind kind, absl::string_view name) {
  if (!name.empty()) LATENT_RETURN_IF_ERROR(ValidateName(ModelNameField(kind), name));
  return metadata_->ListModels(kind, name);
}

absl::StatusOr<std::vector<ModelRecord>> Store::DeleteModel(ModelKind kind, absl::string_view name,
                                                            int64_t version) {
  LATENT_RETURN_IF_ERROR(ValidateName(ModelNameField(kind), name));
  LATENT_ASSIGN_OR_RETURN(std::vector<ModelRecord> deleted,
                          metadata_->DeleteModel(kind, name, version));
  for (const ModelRecord& record : deleted) blobs_->Delete(record.blob_key).IgnoreError();
  return deleted;
}

absl::StatusOr<std::string> Store::ReadModelBlob(ModelKind kind, absl::string_view name,
                                                 int64_t version) {
  std::vector<std::unique_ptr<BlobReader>> readers;
  LATENT_ASSIGN_OR_RETURN(ModelRecord record, OpenCurrentModel(kind, name, version, &readers));
  std::string content;
  LATENT_RETURN_IF_ERROR(VerifyBlob(DescribeModel(kind, name, record.version), record.blob_key,
                                    *readers[0], record.blob_bytes, record.checksum, &content));
  return content;
}

absl::StatusOr<ModelRecord> Store::OpenCurrentModel(
    ModelKind kind, absl::string_view name, int64_t version,
    std::vector<std::unique_ptr<BlobReader>>* readers) {
  const std::string model(name);
  return OpenCurrentBlob<ModelRecord>(
      [&] { return GetModel(kind, model, version); },
      [&](const ModelRecord& record) { return DescribeModel(kind, model, record.version); }, 1,
      readers);
}

absl::StatusOr<std::string> Store::ModelBlobPath(ModelKind kind, absl::string_view name,
                                                 int64_t version) {
  LATENT_ASSIGN_OR_RETURN(ModelRecord record, GetModel(kind, name, version));
  std::string path = blobs_->LocalPath(record.blob_key);
  if (path.empty()) {
    return absl::UnimplementedError(
        absl::StrCat(DescribeModel(kind, name, record.version), ": blob has no local file"));
  }
  return path;
}

absl::Status Store::VerifyModel(ModelKind kind, absl::string_view name, int64_t version) {
  std::vector<std::unique_ptr<BlobReader>> readers;
  LATENT_ASSIGN_OR_RETURN(ModelRecord record, OpenCurrentModel(kind, name, version, &readers));
  return VerifyBlob(DescribeModel(kind, name, record.version), record.blob_key, *readers[0],
                    record.blob_bytes, record.checksum, nullptr);
}

// ------------------------------------------------------------------------------------------- jobs

absl::StatusOr<JobRecord> Store::CreateJob(absl::string_view kind, absl::string_view request_json) {
  LATENT_RETURN_IF_ERROR(ValidateName("job kind", kind));
  return metadata_->CreateJob(kind, request_json, NowUnixMs());
}

absl::StatusOr<JobRecord> Store::GetJob(absl::string_view id) { return metadata_->GetJob(id); }

absl::StatusOr<std::vector<JobRecord>> Store::ListJobs(std::optional<JobState> state,
                                                       int64_t limit) {
  return metadata_->ListJobs(state, limit);
}

absl::StatusOr<JobRecord> Store::TransitionJob(absl::string_view id, JobState to,
                                               absl::string_view error) {
  return metadata_->TransitionJob(id, to, error, NowUnixMs());
}

absl::Status Store::UpdateJobProgress(absl::string_view id, absl::string_view progress_json) {
  return metadata_->UpdateJobProgress(id, progress_json);
}

absl::StatusOr<std::map<JobState, int64_t>> Store::CountJobsByState() {
  return metadata_->CountJobsByState();
}

}  // namespace latentspace::store
