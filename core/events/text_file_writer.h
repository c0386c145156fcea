// Writing a text file plain, or gzip-compressed when its name ends in ".gz", that appears under its
// name only when Close succeeds: until then it is "NAME.partial", so an interrupted write never
// leaves a truncated file behind. Shared by the writers of event files and feature tables.
#ifndef LATENTSPACE_CORE_EVENTS_TEXT_FILE_WRITER_H_
#define LATENTSPACE_CORE_EVENTS_TEXT_FILE_WRITER_H_

#include <zlib.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace latentspace {

class TextFileWriter {
 public:
  // FAILED_PRECONDITION naming `path` when the partial file cannot be created.
  static absl::StatusOr<std::unique_ptr<TextFileWriter>> Create(const std::string& path);
  // Removes the partial file when Close was not called or failed.
  ~TextFileWriter();
  TextFileWriter(const TextFileWriter&) = delete;
  TextFileWriter& operator=(const TextFileWriter&) = delete;

  // A failed write is an I/O error naming the file (RESOURCE_EXHAUSTED for a full disk).
  absl::Status Write(absl::string_view text);
  // Flushes, syncs and renames the file into place.
  absl::Status Close();

  const std::string& path() const { return path_; }

 private:
  TextFileWriter(std::string path, std::string partial_path, gzFile file);

  std::string path_;
  std::string partial_path_;
  gzFile file_;
  bool closed_ = false;
};

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_EVENTS_TEXT_FILE_WRITER_H_
