// Opening an event file for reading through zlib.
#include "core/events/compressed_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace latentspace {

absl::StatusOr<OpenedFile> OpenCompressedFile(const std::string& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR) {
      return absl::NotFoundError(absl::StrCat(path, ": no such file"));
    }
    return absl::FailedPreconditionError(absl::StrCat(path, ": cannot open: ", strerror(error)));
  }
  if (S_ISDIR(info.st_mode)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": is a directory, not an event file"));
  }
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": cannot open: ", strerror(errno)));
  }
  gzbuffer(file, kReadChunkBytes);  // must precede the first read
  return OpenedFile{file, static_cast<int64_t>(info.st_size)};
}

}  // namespace latentspace
