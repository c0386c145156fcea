// Opening an event file for reading through zlib, which reads gzip-compressed and plain files
// alike, with the checks and messages every reader shares.
#ifndef LATENTSPACE_CORE_EVENTS_COMPRESSED_FILE_H_
#define LATENTSPACE_CORE_EVENTS_COMPRESSED_FILE_H_

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace latentspace {

// Buffer size of the zlib stream (which allocates twice that again for its output) and of the
// callers' own read buffers. Kept below glibc's mmap threshold (128 KiB) so that opening many small
// files reuses heap memory instead of faulting in fresh pages every time.
inline constexpr size_t kReadChunkBytes = size_t{1} << 15;

struct OpenedFile {
  gzFile file;         // the caller closes it with gzclose
  int64_t file_bytes;  // size on disk (compressed size for gzip files)
};

// NOT_FOUND "PATH: no such file", INVALID_ARGUMENT for a directory, FAILED_PRECONDITION when the
// file cannot be opened.
absl::StatusOr<OpenedFile> OpenCompressedFile(const std::string& path);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_EVENTS_COMPRESSED_FILE_H_
