// Durable, atomic file writes.
#include "core/io/durable_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "core/io/io_error.h"

namespace latentspace {
namespace {

// fsync of a file or directory by name.
int SyncPath(const std::string& path, int flags) {
  const int fd = open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return -1;
  const int result = fsync(fd);
  close(fd);
  return result;
}

std::string DirectoryOf(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

std::string PartialPath(const std::string& path) { return path + ".partial"; }

absl::Status CommitPartialFile(const std::string& partial, const std::string& path) {
  if (SyncPath(partial, O_RDONLY) != 0) {
    const int error = errno;
    unlink(partial.c_str());
    return IoError(path, "cannot sync", error);
  }
  if (std::rename(partial.c_str(), path.c_str()) != 0) {
    const int error = errno;
    unlink(partial.c_str());
    return IoError(path, "cannot rename into place", error);
  }
  // The rename itself becomes durable with the directory entry.
  SyncPath(DirectoryOf(path), O_RDONLY | O_DIRECTORY);
  return absl::OkStatus();
}

absl::Status WriteFileDurably(const std::string& path, absl::string_view contents) {
  const std::string partial = PartialPath(path);
  const int fd = open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return IoError(path, "cannot create", errno, absl::StatusCode::kFailedPrecondition);
  }
  size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = write(fd, contents.data() + written, contents.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = errno;
      close(fd);
      unlink(partial.c_str());
      return IoError(path, "write failed", error);
    }
    written += static_cast<size_t>(n);
  }
  if (close(fd) != 0) {
    const int error = errno;
    unlink(partial.c_str());
    return IoError(path, "write failed", error);
  }
  return CommitPartialFile(partial, path);
}

}  // namespace latentspace
