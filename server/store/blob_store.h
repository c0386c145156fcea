// The blob-store interface: where sample files and model checkpoints live, by key. A local
// directory now (LocalBlobStore); an S3-compatible store can replace it later. Blobs are immutable:
// written once through a BlobWriter (staged, then published under a fresh key), read, deleted.
#ifndef LATENTSPACE_SERVER_STORE_BLOB_STORE_H_
#define LATENTSPACE_SERVER_STORE_BLOB_STORE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace latentspace::store {

// The namespaces of blobs; a key starts with the kind's prefix: "samples/...", "encoders/...",
// "detectors/...".
enum class BlobKind { kSample, kEncoder, kDetector };
inline constexpr BlobKind kAllBlobKinds[] = {BlobKind::kSample, BlobKind::kEncoder,
                                             BlobKind::kDetector};
absl::string_view BlobKindPrefix(BlobKind kind);

// A published blob: its key, size and checksum (see checksum.h).
struct BlobInfo {
  std::string key;
  int64_t bytes = 0;
  std::string checksum;
};

// Writes one new blob. Chunks go to a staging area and are checksummed on the way; nothing is
// visible under a key until Publish(). A writer that is neither published nor aborted aborts when
// destroyed. Not thread-safe: one writer belongs to one upload.
class BlobWriter {
 public:
  virtual ~BlobWriter() = default;
  // After a failed Append the writer is spent: later calls fail with FAILED_PRECONDITION.
  virtual absl::Status Append(absl::string_view chunk) = 0;
  // Bytes appended so far and their checksum.
  virtual int64_t bytes() const = 0;
  virtual std::string checksum() const = 0;
  // Drops the staged data. Idempotent.
  virtual void Abort() = 0;
  // Makes the blob durable under a fresh key and returns it. Meant for Store, which records the key
  // in the metadata in the same breath (a published blob no row names is an orphan that the next
  // Store::Open removes).
  virtual absl::StatusOr<BlobInfo> Publish() = 0;
};

// Reads one blob front to back.
class BlobReader {
 public:
  virtual ~BlobReader() = default;
  // Up to `max_bytes` more bytes; an empty string at the end.
  virtual absl::StatusOr<std::string> Read(size_t max_bytes) = 0;
};

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  virtual absl::StatusOr<std::unique_ptr<BlobWriter>> BeginWrite(BlobKind kind) = 0;
  // NOT_FOUND naming the key when there is no such blob.
  virtual absl::StatusOr<std::unique_ptr<BlobReader>> OpenRead(absl::string_view key) = 0;
  // Removes a blob; OK when it is already gone.
  virtual absl::Status Delete(absl::string_view key) = 0;
  // Every published key of a kind, sorted.
  virtual absl::StatusOr<std::vector<std::string>> ListKeys(BlobKind kind) = 0;
  // Removes everything in the staging area (left by a crash); returns how many entries went.
  virtual absl::StatusOr<int64_t> ClearStaging() = 0;
  // A file path a reader can stream the blob from; "" for an invalid key or a store that has no
  // local files.
  virtual std::string LocalPath(absl::string_view key) const = 0;
};

}  // namespace latentspace::store

#endif  // LATENTSPACE_SERVER_STORE_BLOB_STORE_H_
