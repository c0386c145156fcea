// Writing text files atomically, plain or gzip.
#include "core/events/text_file_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/io/durable_file.h"
#include "core/io/io_error.h"

namespace latentspace {
namespace {

// A failed gzwrite: a system error (a full disk, say) mapped as IoError says, else zlib's own.
absl::Status GzError(gzFile file, const std::string& path, absl::string_view what, int error) {
  int code = 0;
  const char* message = gzerror(file, &code);
  if (code == Z_ERRNO) return IoError(path, what, error);
  return absl::InternalError(absl::StrCat(path, ": ", what, ": ", message));
}

}  // namespace

absl::StatusOr<std::unique_ptr<TextFileWriter>> TextFileWriter::Create(const std::string& path) {
  std::string partial_path = PartialPath(path);
  const int fd = open(partial_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return IoError(path, "cannot create", errno, absl::StatusCode::kFailedPrecondition);
  // "T" writes plain text through the same interface.
  gzFile file = gzdopen(fd, absl::EndsWith(path, ".gz") ? "wb6" : "wbT");
  if (file == nullptr) {
    close(fd);
    unlink(partial_path.c_str());
    return absl::ResourceExhaustedError(absl::StrCat(path, ": cannot allocate a writer"));
  }
  return std::unique_ptr<TextFileWriter>(new TextFileWriter(path, std::move(partial_path), file));
}

TextFileWriter::TextFileWriter(std::string path, std::string partial_path, gzFile file)
    : path_(std::move(path)), partial_path_(std::move(partial_path)), file_(file) {}

TextFileWriter::~TextFileWriter() {
  if (!closed_) {
    gzclose(file_);
    unlink(partial_path_.c_str());
  }
}

absl::Status TextFileWriter::Write(absl::string_view text) {
  if (closed_) return absl::FailedPreconditionError(absl::StrCat(path_, ": writer is closed"));
  if (gzwrite(file_, text.data(), static_cast<unsigned>(text.size())) !=
      static_cast<int>(text.size())) {
    return GzError(file_, path_, "write failed", errno);
  }
  return absl::OkStatus();
}

absl::Status TextFileWriter::Close() {
  if (closed_) return absl::FailedPreconditionError(absl::StrCat(path_, ": writer is closed"));
  closed_ = true;
  const int finished = gzclose(file_);  // finishes the gzip stream and closes the descriptor
  if (finished != Z_OK) {
    const int error = errno;
    unlink(partial_path_.c_str());
    if (finished == Z_ERRNO) return IoError(path_, "cannot finish writing", error);
    return absl::InternalError(
        absl::StrCat(path_, ": cannot finish writing (zlib error ", finished, ")"));
  }
  return CommitPartialFile(partial_path_, path_);
}

}  // namespace latentspace
