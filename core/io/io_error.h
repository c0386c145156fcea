// One mapping of failed file operations to statuses, for the store's blobs and every scratch
// file (checkpoints, tokens): a full disk or quota is RESOURCE_EXHAUSTED wherever it happens, and
// an I/O failure that lost nothing (the old file is kept, the partial one removed) is never
// DATA_LOSS, which is kept for data found corrupted.
#ifndef LATENTSPACE_CORE_IO_IO_ERROR_H_
#define LATENTSPACE_CORE_IO_IO_ERROR_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace latentspace {

// The status of operation `what` (e.g. "write failed") on `path` that failed with errno `error`:
// RESOURCE_EXHAUSTED for ENOSPC and EDQUOT, `otherwise` (UNAVAILABLE by default: an I/O failure
// that may pass) for the rest. The message is "PATH: WHAT: strerror(error)".
absl::Status IoError(absl::string_view path, absl::string_view what, int error,
                     absl::StatusCode otherwise = absl::StatusCode::kUnavailable);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_IO_IO_ERROR_H_
