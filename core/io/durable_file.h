// Durable, atomic file writes: a file appears under its name only complete and synced to disk, so a
// crash or kill -9 never leaves a truncated file behind.
#ifndef LATENTSPACE_CORE_IO_DURABLE_FILE_H_
#define LATENTSPACE_CORE_IO_DURABLE_FILE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace latentspace {

// The temporary name a file is written under before it is committed: "PATH.partial".
std::string PartialPath(const std::string& path);

// Syncs `partial` to disk, renames it to `path` and syncs the directory. On failure `partial` is
// removed and `path` is left as it was.
absl::Status CommitPartialFile(const std::string& partial, const std::string& path);

// Writes `contents` to PartialPath(path), then commits it.
absl::Status WriteFileDurably(const std::string& path, absl::string_view contents);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_IO_DURABLE_FILE_H_
