// Streaming line reader over plain or gzip-compressed text files, with a bounded buffer so memory
// stays constant whatever the file size. Lines are returned without their "\n" or "\r\n".
#ifndef LATENTSPACE_CORE_EVENTS_LINE_READER_H_
#define LATENTSPACE_CORE_EVENTS_LINE_READER_H_

#include <zlib.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"

namespace latentspace {

class LineReader {
 public:
  // The longest line accepted; a longer one is an error (it cannot be an event).
  static constexpr size_t kMaxLineBytes = size_t{1} << 20;

  // Opens `path`; gzip files are recognised by their content, not their name. NOT_FOUND when the
  // file does not exist, FAILED_PRECONDITION when it cannot be read.
  static absl::StatusOr<std::unique_ptr<LineReader>> Open(const std::string& path);

  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Sets *line to the next line (valid until the next call) and returns true, or returns false at
  // the end of the file. Errors name the file and line: decompression failures, over-long lines.
  absl::StatusOr<bool> Next(absl::string_view* line);

  const std::string& path() const { return path_; }
  // 1-based number of the line last returned (0 before the first).
  int64_t line_number() const { return line_number_; }
  // Bytes of the file (compressed bytes for gzip files) consumed so far, and the file size, for
  // progress reports.
  int64_t bytes_consumed() const;
  int64_t file_bytes() const { return file_bytes_; }

 private:
  LineReader(std::string path, gzFile file, int64_t file_bytes);
  absl::Status Refill();
  absl::Status LineTooLong() const;  // of the next line

  std::string path_;
  gzFile file_;
  int64_t file_bytes_;
  std::vector<char> buffer_;
  size_t begin_ = 0;  // first unread byte in buffer_
  size_t end_ = 0;    // one past the last valid byte in buffer_
  bool eof_ = false;
  int64_t line_number_ = 0;
};

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_EVENTS_LINE_READER_H_
