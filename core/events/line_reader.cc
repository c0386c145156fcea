// Streaming line reader over plain or gzip-compressed text files.
#include "core/events/line_reader.h"

#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "core/events/compressed_file.h"
#include "core/status_macros.h"

namespace latentspace {
absl::StatusOr<std::unique_ptr<LineReader>> LineReader::Open(const std::string& path) {
  LATENT_ASSIGN_OR_RETURN(OpenedFile opened, OpenCompressedFile(path));
  return std::unique_ptr<LineReader>(new LineReader(path, opened.file, opened.file_bytes));
}

LineReader::LineReader(std::string path, gzFile file, int64_t file_bytes)
    : path_(std::move(path)), file_(file), file_bytes_(file_bytes), buffer_(kReadChunkBytes) {}

LineReader::~LineReader() { gzclose(file_); }

int64_t LineReader::bytes_consumed() const {
  const int64_t offset = gzoffset(file_);
  return offset < 0 ? 0 : offset;
}

namespace {

// zlib's messages start with the file name; the caller puts its own location first.
absl::string_view ZlibMessage(gzFile file, const std::string& path) {
  int code = 0;
  absl::string_view message = gzerror(file, &code);
  absl::ConsumePrefix(&message, path + ": ");
  return message;
}

}  // namespace

absl::Status LineReader::LineTooLong() const {
  return absl::InvalidArgumentError(absl::StrCat(path_, ":", line_number_ + 1,
                                                 ": line longer than ", kMaxLineBytes,
                                                 " bytes; not an event file?"));
}

absl::Status LineReader::Refill() {
  // Move the unread tail to the front, grow when a single line fills the whole buffer.
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) {
    if (buffer_.size() >= kMaxLineBytes + 2) return LineTooLong();
    buffer_.resize(std::min(buffer_.size() * 2, kMaxLineBytes + 2));
  }
  const int got =
      gzread(file_, buffer_.data() + end_, static_cast<unsigned>(buffer_.size() - end_));
  int code = Z_OK;
  gzerror(file_, &code);
  if (got < 0 || (got == 0 && code != Z_OK)) {
    return absl::DataLossError(
        absl::StrCat(path_, ":", line_number_ + 1, ": cannot read: ", ZlibMessage(file_, path_)));
  }
  if (got == 0) eof_ = true;
  end_ += static_cast<size_t>(got);
  return absl::OkStatus();
}

absl::StatusOr<bool> LineReader::Next(absl::string_view* line) {
  size_t scanned = begin_;
  while (true) {
    const void* newline = std::memchr(buffer_.data() + scanned, '\n', end_ - scanned);
    if (newline != nullptr) {
      const size_t stop = static_cast<const char*>(newline) - buffer_.data();
      size_t length = stop - begin_;
      if (length > kMaxLineBytes) return LineTooLong();
      if (length > 0 && buffer_[stop - 1] == '\r') --length;
      *line = absl::string_view(buffer_.data() + begin_, length);
      begin_ = stop + 1;
      ++line_number_;
      return true;
    }
    if (eof_) {
      if (begin_ == end_) return false;
      // Last line without a final newline.
      size_t length = end_ - begin_;
      if (length > kMaxLineBytes) return LineTooLong();
      if (buffer_[end_ - 1] == '\r') --length;
      *line = absl::string_view(buffer_.data() + begin_, length);
      begin_ = end_;
      ++line_number_;
      return true;
    }
    const size_t unread_scanned = end_ - begin_;
    LATENT_RETURN_IF_ERROR(Refill());
    scanned = begin_ + unread_scanned;
  }
}

}  // namespace latentspace
