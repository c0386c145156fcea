// `latentd --check-store`: verifies a data directory without serving it. Opens the store as latentd
// does (the same recovery), then reads every sample blob and every encoder and detector checkpoint
// against its record (size and CRC-32) and loads each checkpoint, so that an operator can trust a
// restored backup or a directory an upgraded binary will open (docs/operations.md).
#ifndef LATENTSPACE_SERVER_STORE_CHECK_H_
#define LATENTSPACE_SERVER_STORE_CHECK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/nn/training_types.h"

namespace latentspace::server {

struct StoreCheckReport {
  std::string recovery;               // what opening the store repaired (RecoveryReport::ToString)
  int64_t samples = 0;                // sample records read
  int64_t encoders = 0;               // encoder versions read
  int64_t detectors = 0;              // detector versions read
  int64_t jobs = 0;                   // job records read
  int64_t blob_bytes = 0;             // bytes of the blobs that verified
  std::vector<std::string> problems;  // one line each: what is wrong and where

  bool ok() const { return problems.empty(); }
  // Several lines: the counts, the recovery, then every problem.
  std::string ToString() const;
};

// NOT_FOUND when `data_dir` holds no store (no latentd.db: nothing is created); the errors of
// store::Store::Open otherwise (UNAVAILABLE while a latentd has the directory open, DATA_LOSS when
// the database fails its integrity check, FAILED_PRECONDITION for a newer schema). Problems with
// single items (a missing or damaged blob, a checkpoint this build cannot load) are listed in the
// report, not returned as errors. Checkpoints are loaded on `device`.
absl::StatusOr<StoreCheckReport> CheckStore(const std::string& data_dir, DeviceChoice device);

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_STORE_CHECK_H_
