// Reading Les Houches Event files through HepMC3's ReaderLHEF, each line checked first.
#include "core/events/lhe_reader.h"

#include <istream>
#include <streambuf>
#include <utility>

#include "HepMC3/GenEvent.h"
#include "HepMC3/ReaderLHEF.h"
#include "absl/strings/str_cat.h"
#include "core/events/lhe_listing_check.h"
#include "core/events/line_reader.h"
#include "core/status_macros.h"

namespace latentspace {

// The file's lines, each checked (LheListingCheck), and what of them the LHEF parser is to read: a
// refused line, a read error or the end of the file end the stream, and say which it was.
class LheReader::Input : public std::streambuf {
 public:
  explicit Input(std::unique_ptr<LineReader> lines) : lines_(std::move(lines)), stream_(this) {}

  std::istream& stream() { return stream_; }
  const LineReader& lines() const { return *lines_; }
  const LheListingCheck& check() const { return check_; }
  // The first refused line ("PATH:LINE: problem") or read error; OK while there is none.
  const absl::Status& status() const { return status_; }
  // Whether any line was read, and whether the stream reached the file's end.
  bool started() const { return lines_->line_number() > 0; }
  bool exhausted() const { return exhausted_; }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    // The next line the check gives the parser (most of a file's lines give it nothing).
    while (status_.ok() && !exhausted_) {
      absl::string_view line;
      absl::StatusOr<bool> more = lines_->Next(&line);
      if (!more.ok()) {
        status_ = more.status();
      } else if (!*more) {
        exhausted_ = true;
      } else if (std::string problem = check_.Check(line, &parsed_); !problem.empty()) {
        status_ = absl::InvalidArgumentError(
            absl::StrCat(lines_->path(), ":", lines_->line_number(), ": ", problem));
      } else if (!parsed_.empty()) {
        setg(parsed_.data(), parsed_.data(), parsed_.data() + parsed_.size());
        return traits_type::to_int_type(*gptr());
      }
    }
    return traits_type::eof();
  }

 private:
  std::unique_ptr<LineReader> lines_;
  LheListingCheck check_;
  std::string parsed_;  // what the parser reads of the line last checked
  absl::Status status_;
  bool exhausted_ = false;
  std::istream stream_;
};

LheReader::LheReader(std::string path, HepMC3ReaderOptions options)
    : path_(std::move(path)), options_(std::move(options)) {}

LheReader::~LheReader() {
  reader_.reset();  // refers to the stream
  input_.reset();
}

absl::StatusOr<std::unique_ptr<LheReader>> LheReader::Open(const std::string& path,
                                                           const HepMC3ReaderOptions& options) {
  QuietGeneratorLibraries();
  LATENT_RETURN_IF_ERROR(ValidateHepMC3ReaderOptions(options));
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<LineReader> lines, LineReader::Open(path));
  HepMC3ReaderOptions reader_options = options;
  if (reader_options.process_id.empty()) reader_options.process_id = ProcessIdFromPath(path);
  std::unique_ptr<LheReader> reader(new LheReader(path, std::move(reader_options)));
  reader->input_ = std::make_unique<Input>(std::move(lines));
  // The LHEF parser reads the header and the <init> block now, and throws when they are missing.
  std::string parser_error;
  try {
    reader->reader_ = std::make_unique<HepMC3::ReaderLHEF>(reader->input_->stream());
    reader->gen_event_ = std::make_unique<HepMC3::GenEvent>();
  } catch (const std::exception& error) {
    parser_error = error.what();
  }
  if (!reader->input_->status().ok()) return reader->input_->status();
  if (!reader->input_->started()) return reader;  // an empty file: Next reports it
  if (!parser_error.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": not a readable LHE file: ", parser_error));
  }
  return reader;
}

int64_t LheReader::bytes_consumed() const { return input_->lines().bytes_consumed(); }
int64_t LheReader::file_bytes() const { return input_->lines().file_bytes(); }

absl::Status LheReader::Fail(absl::Status status) {
  status_ = std::move(status);
  return status_;
}

absl::StatusOr<bool> LheReader::Next(Event* event) {
  if (!status_.ok()) return status_;
  if (done_) return false;
  if (reader_ == nullptr) {
    return Fail(absl::InvalidArgumentError(absl::StrCat(path_, ": holds no events (empty file)")));
  }
  const std::string where = absl::StrCat(path_, ": event #", events_read_ + 1);
  bool parsed = false;
  try {
    // HepMC3 3.1's ReaderLHEF adds to the event it is given (clear it first) and returns false
    // after reading one, later versions true: failed() tells both apart from the end of input.
    gen_event_->clear();
    reader_->read_event(*gen_event_);
    parsed = !reader_->failed();
  } catch (const std::exception& error) {
    if (input_->status().ok()) {
      return Fail(absl::InvalidArgumentError(absl::StrCat(where, ": malformed: ", error.what())));
    }
  }
  if (!input_->status().ok()) return Fail(input_->status());
  if (!parsed) {
    if (std::string problem = input_->check().CheckEnd(); !problem.empty()) {
      return Fail(absl::InvalidArgumentError(absl::StrCat(path_, ": ", problem)));
    }
    if (events_read_ == 0) {
      return Fail(absl::InvalidArgumentError(absl::StrCat(path_, ": holds no events")));
    }
    done_ = true;
    return false;
  }
  if (absl::Status status = ConvertGenEvent(*gen_event_, options_, event); !status.ok()) {
    return Fail(absl::Status(status.code(), absl::StrCat(where, ": ", status.message())));
  }
  ++events_read_;
  return true;
}

}  // namespace latentspace
