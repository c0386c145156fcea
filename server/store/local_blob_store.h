// LocalBlobStore: blobs as files in a directory, "<blob_dir>/samples/<32 hex>" and
// "<blob_dir>/encoders/<32 hex>", written through "<staging_dir>/<32 hex>.partial" and published by
// fsync + rename + directory fsync, so a published blob is always complete on disk.
#ifndef LATENTSPACE_SERVER_STORE_LOCAL_BLOB_STORE_H_
#define LATENTSPACE_SERVER_STORE_LOCAL_BLOB_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "server/store/blob_store.h"

namespace latentspace::store {

class LocalBlobStore : public BlobStore {
 public:
  // Creates blob_dir/samples, blob_dir/encoders and staging_dir when missing (UNAVAILABLE naming
  // the directory when that fails). Both directories must be on one file system (rename).
  static absl::StatusOr<std::unique_ptr<LocalBlobStore>> Open(const std::string& blob_dir,
                                                              const std::string& staging_dir);

  absl::StatusOr<std::unique_ptr<BlobWriter>> BeginWrite(BlobKind kind) override;
  absl::StatusOr<std::unique_ptr<BlobReader>> OpenRead(absl::string_view key) override;
  absl::Status Delete(absl::string_view key) override;
  absl::StatusOr<std::vector<std::string>> ListKeys(BlobKind kind) override;
  absl::StatusOr<int64_t> ClearStaging() override;
  std::string LocalPath(absl::string_view key) const override;

 private:
  LocalBlobStore(std::string blob_dir, std::string staging_dir)
      : blob_dir_(std::move(blob_dir)), staging_dir_(std::move(staging_dir)) {}

  const std::string blob_dir_;
  const std::string staging_dir_;
};

// A fresh random 128-bit identifier as 32 lowercase hex digits (the file name of a new blob).
std::string RandomHexId();

}  // namespace latentspace::store

#endif  // LATENTSPACE_SERVER_STORE_LOCAL_BLOB_STORE_H_
