// Blobs as files in a local directory, staged and published atomically.
#include "server/store/local_blob_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <system_error>
#include <vector>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "core/io/durable_file.h"
#include "core/io/io_error.h"
#include "core/status_macros.h"
#include "server/store/checksum.h"
#include "server/store/name_validation.h"

namespace latentspace::store {
namespace {

namespace fs = std::filesystem;

// A key is "<samples|encoders|detectors>/<file name>"; the file name must not climb out of the
// directory.
absl::Status ValidateKey(absl::string_view key) {
  absl::string_view rest = key;
  bool prefixed = false;
  for (BlobKind kind : kAllBlobKinds) {
    prefixed = prefixed || absl::ConsumePrefix(&rest, absl::StrCat(BlobKindPrefix(kind), "/"));
  }
  if (prefixed && !rest.empty() && rest != "." && rest != ".." &&
      rest.find('/') == absl::string_view::npos && rest.find('\0') == absl::string_view::npos) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(
      absl::StrCat("blob key ", QuoteForMessage(key),
                   " is not \"samples/<file>\", \"encoders/<file>\" or \"detectors/<file>\""));
}

class LocalBlobWriter : public BlobWriter {
 public:
  LocalBlobWriter(int fd, std::string staging_path, std::string final_path, std::string key)
      : fd_(fd),
        staging_path_(std::move(staging_path)),
        final_path_(std::move(final_path)),
        key_(std::move(key)) {}
  ~LocalBlobWriter() override { Abort(); }

  absl::Status Append(absl::string_view chunk) override {
    if (fd_ < 0) {
      return absl::FailedPreconditionError(
          absl::StrCat(staging_path_, ": blob writer is already aborted, failed or published"));
    }
    size_t written = 0;
    while (written < chunk.size()) {
      const ssize_t n = write(fd_, chunk.data() + written, chunk.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        const int error = n < 0 ? errno : EIO;
        Abort();
        return IoError(staging_path_, "write failed", error);
      }
      written += static_cast<size_t>(n);
    }
    checksum_.Update(chunk);
    bytes_ += static_cast<int64_t>(chunk.size());
    return absl::OkStatus();
  }

  int64_t bytes() const override { return bytes_; }
  std::string checksum() const override { return checksum_.ToString(); }

  void Abort() override {
    if (fd_ < 0) return;
    close(fd_);
    fd_ = -1;
    unlink(staging_path_.c_str());
  }

  absl::StatusOr<BlobInfo> Publish() override {
    if (fd_ < 0) {
      return absl::FailedPreconditionError(
          absl::StrCat(staging_path_, ": blob writer is already aborted, failed or published"));
    }
    const int fd = fd_;
    fd_ = -1;
    if (fsync(fd) != 0 || close(fd) != 0) {
      const int error = errno;
      unlink(staging_path_.c_str());
      return IoError(staging_path_, "cannot sync", error);
    }
    // Syncs again, renames into place and syncs the blob directory; removes the staging file on
    // failure.
    absl::Status committed = CommitPartialFile(staging_path_, final_path_);
    if (!committed.ok()) return absl::UnavailableError(committed.message());
    return BlobInfo{key_, bytes_, checksum_.ToString()};
  }

 private:
  int fd_;
  const std::string staging_path_;
  const std::string final_path_;
  const std::string key_;
  Crc32Checksum checksum_;
  int64_t bytes_ = 0;
};

class LocalBlobReader : public BlobReader {
 public:
  LocalBlobReader(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~LocalBlobReader() override { close(fd_); }

  absl::StatusOr<std::string> Read(size_t max_bytes) override {
    std::string buffer(max_bytes, '\0');
    size_t got = 0;
    while (got < max_bytes) {
      const ssize_t n = read(fd_, buffer.data() + got, max_bytes - got);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return IoError(path_, "read failed", errno);
      if (n == 0) break;
      got += static_cast<size_t>(n);
    }
    buffer.resize(got);
    return buffer;
  }

 private:
  const int fd_;
  const std::string path_;
};

void SyncDirectory(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  fsync(fd);
  close(fd);
}

absl::Status MakeDirectory(const std::string& path) {
  std::error_code error;
  if (fs::is_directory(path, error)) return absl::OkStatus();
  fs::create_directories(path, error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat(path, ": cannot create directory: ", error.message()));
  }
  SyncDirectory(fs::path(path).parent_path().string());
  return absl::OkStatus();
}

}  // namespace

std::string RandomHexId() {
  absl::BitGen random;  // seeded from the operating system's entropy
  const uint64_t high = absl::Uniform<uint64_t>(random);
  const uint64_t low = absl::Uniform<uint64_t>(random);
  return absl::StrFormat("%016x%016x", high, low);
}

absl::StatusOr<std::unique_ptr<LocalBlobStore>> LocalBlobStore::Open(
    const std::string& blob_dir, const std::string& staging_dir) {
  std::vector<std::string> dirs = {staging_dir};
  for (BlobKind kind : kAllBlobKinds)
    dirs.push_back(absl::StrCat(blob_dir, "/", BlobKindPrefix(kind)));
  for (const std::string& dir : dirs) {
    LATENT_RETURN_IF_ERROR(MakeDirectory(dir));
  }
  return std::unique_ptr<LocalBlobStore>(new LocalBlobStore(blob_dir, staging_dir));
}

absl::StatusOr<std::unique_ptr<BlobWriter>> LocalBlobStore::BeginWrite(BlobKind kind) {
  const std::string id = RandomHexId();
  const std::string key = absl::StrCat(BlobKindPrefix(kind), "/", id);
  const std::string staging_path = PartialPath(absl::StrCat(staging_dir_, "/", id));
  const int fd = open(staging_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return IoError(staging_path, "cannot create staging file", errno);
  return std::make_unique<LocalBlobWriter>(fd, staging_path, LocalPath(key), key);
}

absl::StatusOr<std::unique_ptr<BlobReader>> LocalBlobStore::OpenRead(absl::string_view key) {
  LATENT_RETURN_IF_ERROR(ValidateKey(key));
  const std::string path = LocalPath(key);
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return absl::NotFoundError(absl::StrCat(path, ": no such blob file"));
    return IoError(path, "cannot open", errno);
  }
  return std::make_unique<LocalBlobReader>(fd, path);
}

absl::Status LocalBlobStore::Delete(absl::string_view key) {
  LATENT_RETURN_IF_ERROR(ValidateKey(key));
  const std::string path = LocalPath(key);
  if (unlink(path.c_str()) != 0 && errno != ENOENT) return IoError(path, "cannot delete", errno);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> LocalBlobStore::ListKeys(BlobKind kind) {
  const std::string prefix(BlobKindPrefix(kind));
  const std::string dir = absl::StrCat(blob_dir_, "/", prefix);
  std::vector<std::string> keys;
  std::error_code error;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    std::error_code type_error;
    if (it->is_regular_file(type_error)) {
      keys.push_back(absl::StrCat(prefix, "/", it->path().filename().string()));
    }
  }
  if (error) return absl::UnavailableError(absl::StrCat(dir, ": cannot list: ", error.message()));
  std::sort(keys.begin(), keys.end());
  return keys;
}

absl::StatusOr<int64_t> LocalBlobStore::ClearStaging() {
  std::vector<fs::path> entries;
  std::error_code error;
  for (fs::directory_iterator it(staging_dir_, error), end; !error && it != end;
       it.increment(error)) {
    entries.push_back(it->path());
  }
  if (error) {
    return absl::UnavailableError(absl::StrCat(staging_dir_, ": cannot list: ", error.message()));
  }
  for (const fs::path& entry : entries) {
    fs::remove_all(entry, error);
    if (error) {
      return absl::UnavailableError(
          absl::StrCat(entry.string(), ": cannot remove: ", error.message()));
    }
  }
  return static_cast<int64_t>(entries.size());
}

std::string LocalBlobStore::LocalPath(absl::string_view key) const {
  if (!ValidateKey(key).ok()) return "";
  return absl::StrCat(blob_dir_, "/", key);
}

}  // namespace latentspace::store
