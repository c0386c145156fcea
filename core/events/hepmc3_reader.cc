// Streaming reader of HepMC ASCII files that turns generator-level events into analysis objects.
#include "core/events/hepmc3_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <istream>
#include <streambuf>
#include <utility>

#include "HepMC3/GenEvent.h"
#include "HepMC3/GenParticle.h"
#include "HepMC3/GenRunInfo.h"
#include "HepMC3/ReaderAscii.h"
#include "HepMC3/ReaderAsciiHepMC2.h"
#include "HepMC3/Units.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "core/events/compressed_file.h"
#include "core/events/hepmc3_fast_path.h"
#include "core/events/hepmc_listing_check.h"
#include "core/status_macros.h"

namespace latentspace {
namespace {

// The format is recognised from the first lines; a file whose first bytes hold no such line within
// this many bytes is not a HepMC file.
constexpr int64_t kMaxHeaderScanBytes = int64_t{1} << 20;
// The longest part of a line quoted in a message.
constexpr size_t kQuoteLimit = 60;

constexpr absl::string_view kHepMC3Listing = "HepMC::Asciiv3-START_EVENT_LISTING";
constexpr absl::string_view kHepMC2Listing = "HepMC::IO_GenEvent-START_EVENT_LISTING";
constexpr absl::string_view kFooterSuffix = "END_EVENT_LISTING";

// The offending text in quotes, escaped and shortened so that a binary file cannot flood a message.
std::string Quote(absl::string_view text) {
  const bool shortened = text.size() > kQuoteLimit;
  return absl::StrCat("'", absl::CHexEscape(text.substr(0, kQuoteLimit)), shortened ? "...'" : "'");
}

// Reads the next line that is not blank into *line (at most kQuoteLimit + 1 bytes kept, a trailing
// "\r" dropped) and its 1-based number into *line_number; false at the end of the file. A line
// that is still going when *budget bytes have been scanned is returned as it is.
absl::StatusOr<bool> NextNonBlankLine(gzFile file, const std::string& path, int64_t* budget,
                                      int64_t* line_number, std::string* line) {
  while (true) {
    line->clear();
    bool blank = true;
    bool any = false;
    int c;
    while ((c = gzgetc(file)) != -1) {
      any = true;
      if (--*budget < 0) return true;
      if (c == '\n') break;
      if (line->size() <= kQuoteLimit) line->push_back(static_cast<char>(c));
      if (c != ' ' && c != '\t' && c != '\r') blank = false;
    }
    if (c == -1) {
      int code = Z_OK;
      const char* message = gzerror(file, &code);
      if (code != Z_OK) {
        return absl::DataLossError(
            absl::StrCat(path, ":", *line_number + 1, ": cannot read: ", message));
      }
      if (!any) return false;
    }
    ++*line_number;
    if (!line->empty() && line->back() == '\r') line->pop_back();
    if (!blank) return true;
    if (c == -1) return false;
  }
}

enum class ListingFormat { kEmpty, kHepMC3, kHepMC2 };

// Recognises the listing from its first non-blank lines: an optional "HepMC::Version ..." line,
// then the START_EVENT_LISTING line of HepMC3 or HepMC2.
absl::StatusOr<ListingFormat> DetectFormat(gzFile file, const std::string& path) {
  int64_t budget = kMaxHeaderScanBytes;
  int64_t line_number = 0;
  std::string line;
  absl::StatusOr<bool> found = NextNonBlankLine(file, path, &budget, &line_number, &line);
  if (!found.ok()) return found.status();
  if (!*found) return ListingFormat::kEmpty;
  const bool versioned = absl::StartsWith(line, "HepMC::Version");
  if (versioned) {
    found = NextNonBlankLine(file, path, &budget, &line_number, &line);
    if (!found.ok()) return found.status();
    if (!*found) return ListingFormat::kEmpty;
  }
  if (absl::StartsWith(line, kHepMC3Listing)) return ListingFormat::kHepMC3;
  if (absl::StartsWith(line, kHepMC2Listing)) return ListingFormat::kHepMC2;
  if (!versioned) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ":", line_number, ": not a HepMC file (first line ", Quote(line), ")"));
  }
  return absl::InvalidArgumentError(
      absl::StrCat(path, ":", line_number, ": not a HepMC ASCII event listing (line ", Quote(line),
                   "; expected ", kHepMC3Listing, " or ", kHepMC2Listing, ")"));
}

}  // namespace

std::string ProcessIdFromPath(const std::string& path) {
  absl::string_view name = path;
  if (const size_t slash = name.rfind('/'); slash != absl::string_view::npos) {
    name.remove_prefix(slash + 1);
  }
  absl::string_view stem = name;
  absl::ConsumeSuffix(&stem, ".gz");
  if (const size_t dot = stem.rfind('.'); dot != absl::string_view::npos && dot > 0) {
    stem = stem.substr(0, dot);
  }
  if (stem.empty()) stem = name;
  return std::string(stem);
}

absl::Status ConvertGenEvent(const HepMC3::GenEvent& gen_event, const HepMC3ReaderOptions& options,
                             Event* event) {
  static const std::string kProcessIdAttribute = "signal_process_id";
  GeneratorEvent generator_event;
  try {
    generator_event.event_number = gen_event.event_number();
    generator_event.mev = gen_event.momentum_unit() == HepMC3::Units::MEV;
    if (!gen_event.weights().empty()) generator_event.weight = gen_event.weights()[0];
    generator_event.process_id = gen_event.attribute_as_string(kProcessIdAttribute);
    if (gen_event.run_info() != nullptr) {
      generator_event.run_process_id =
          gen_event.run_info()->attribute_as_string(kProcessIdAttribute);
    }
    generator_event.particles.reserve(gen_event.particles().size());
    for (const HepMC3::ConstGenParticlePtr& particle : gen_event.particles()) {
      const HepMC3::FourVector& p = particle->momentum();
      generator_event.particles.push_back(
          GeneratorParticle{p.px(), p.py(), p.pz(), p.e(), particle->pid(), particle->status()});
    }
  } catch (const std::exception& error) {
    return absl::InvalidArgumentError(absl::StrCat("conversion failed: ", error.what()));
  }
  return ConvertGeneratorEvent(generator_event, options, event);
}

// A std::istream over a gzFile (which reads plain files transparently) that hands HepMC3 only
// lines the listing check (hepmc_listing_check.h) accepts: the stream ends before the first line
// it refuses. It remembers that refusal, the last bytes it delivered, to check for the footer, and
// a read error, which the istream interface hides.
class HepMC3Reader::Input : public std::streambuf {
 public:
  Input(gzFile file, HepMCListing listing)
      : file_(file),
        check_(listing),
        buffer_(kReadChunkBytes + HepMCListingCheck::kCheckedBytes),
        stream_(this) {}
  ~Input() override { gzclose(file_); }
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;

  std::istream& stream() { return stream_; }
  // Raw (compressed) bytes consumed from the file so far.
  int64_t offset() const {
    const int64_t offset = gzoffset(file_);
    return offset < 0 ? 0 : offset;
  }
  // True when the stream has handed over everything it will: the whole file, or all before a
  // refused line.
  bool exhausted() const {
    return gptr() == egptr() && (!refusal_.empty() || (eof_ && checked_ == end_));
  }
  // The decompression or read error, empty when there was none.
  const std::string& error() const { return error_; }
  // "line N: problem" for the line the check refused, empty when none was.
  const std::string& refusal() const { return refusal_; }
  // Whether the check has passed a header line of another listing.
  bool foreign_header() const { return check_.foreign(); }
  // The events that end before the refused line (the one it belongs to is not among them).
  int64_t events_before_refusal() const { return events_before_refusal_; }
  // Whether the last non-blank text delivered ends with END_EVENT_LISTING.
  bool EndsWithFooter() const {
    return absl::EndsWith(absl::StripTrailingAsciiWhitespace(tail_), kFooterSuffix);
  }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    // Drop what was delivered; the unchecked rest (the start of a line) moves to the front.
    std::memmove(buffer_.data(), buffer_.data() + checked_, end_ - checked_);
    end_ -= checked_;
    checked_ = 0;
    while (checked_ == 0 && refusal_.empty()) {
      CheckLines();
      if (checked_ > 0 || !refusal_.empty()) break;
      if (eof_) {
        if (end_ == 0) return traits_type::eof();
        if (Accept(absl::string_view(buffer_.data(), end_))) checked_ = end_;  // no final newline
        break;
      }
      if (!Read()) return traits_type::eof();
    }
    if (checked_ == 0) return traits_type::eof();
    Remember(buffer_.data(), checked_);
    setg(buffer_.data(), buffer_.data(), buffer_.data() + checked_);
    return traits_type::to_int_type(*gptr());
  }

 private:
  static constexpr size_t kTailBytes = 256;

  // Reads more of the file after the unchecked bytes; false at the end of the file or on an error.
  bool Read() {
    const int got = gzread(file_, buffer_.data() + end_, static_cast<unsigned>(kReadChunkBytes));
    int code = Z_OK;
    const char* message = gzerror(file_, &code);
    if (got < 0 || (got == 0 && code != Z_OK)) {
      error_ = message;
      eof_ = true;
      return false;
    }
    if (got == 0) eof_ = true;
    end_ += static_cast<size_t>(got);
    return true;
  }

  // Moves checked_ over the lines in [checked_, end_) that the check accepts: whole lines, and
  // the start of a line of kCheckedBytes or more, whose rest follows unchecked.
  void CheckLines() {
    size_t pos = checked_;
    while (pos < end_) {
      const char* start = buffer_.data() + pos;
      if (in_long_line_) {
        const void* newline = std::memchr(start, '\n', end_ - pos);
        if (newline == nullptr) {
          pos = end_;
          break;
        }
        pos = static_cast<const char*>(newline) - buffer_.data() + 1;
        in_long_line_ = false;
        ++lines_;
        continue;
      }
      const size_t available = std::min(end_ - pos, HepMCListingCheck::kCheckedBytes);
      const void* newline = std::memchr(start, '\n', available);
      if (newline != nullptr) {
        const size_t length = static_cast<const char*>(newline) - start;
        if (!Accept(absl::string_view(start, length))) break;
        pos += length + 1;
        ++lines_;
      } else if (available == HepMCListingCheck::kCheckedBytes) {
        if (!Accept(absl::string_view(start, available))) break;
        pos += available;
        in_long_line_ = true;
      } else {
        break;  // the start of a line: more to read first
      }
    }
    checked_ = pos;
  }

  bool Accept(absl::string_view line) {
    const int64_t events = check_.events();
    const std::string problem = check_.Check(line);
    if (problem.empty()) return true;
    refusal_ = absl::StrCat("line ", lines_ + 1, ": ", problem);
    // A refused event line ends the event before it; any other line is part of the last one.
    events_before_refusal_ = line[0] == 'E' ? events : std::max<int64_t>(events - 1, 0);
    return false;
  }

  // Keeps the last kTailBytes delivered, for the footer.
  void Remember(const char* data, size_t size) {
    if (size >= kTailBytes) {
      tail_.assign(data + size - kTailBytes, kTailBytes);
    } else {
      tail_.append(data, size);
      if (tail_.size() > kTailBytes) tail_.erase(0, tail_.size() - kTailBytes);
    }
  }

  gzFile file_;
  HepMCListingCheck check_;
  std::vector<char> buffer_;
  size_t checked_ = 0;  // buffer_[0, checked_) is checked (and delivered once the stream has it)
  size_t end_ = 0;      // one past the last byte read into buffer_
  bool in_long_line_ = false;
  int64_t lines_ = 0;  // complete lines checked
  std::string tail_;
  bool eof_ = false;
  std::string error_;
  std::string refusal_;
  int64_t events_before_refusal_ = 0;
  std::istream stream_;
};

// The reference reader's input once the fast path has handed over: the text it hands over, then
// the rest of the checked stream.
class HepMC3Reader::Resumed : public std::streambuf {
 public:
  Resumed(std::string text, Input* input) : text_(std::move(text)), input_(input), stream_(this) {
    setg(text_.data(), text_.data(), text_.data() + text_.size());
  }
  Resumed(const Resumed&) = delete;
  Resumed& operator=(const Resumed&) = delete;

  std::istream& stream() { return stream_; }
  // Whether everything has been handed to the reader: the text, and the input up to its end.
  bool exhausted() const { return gptr() == egptr() && input_->exhausted(); }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    const std::streamsize got = input_->sgetn(buffer_.data(), kBufferBytes);
    if (got <= 0) return traits_type::eof();
    setg(buffer_.data(), buffer_.data(), buffer_.data() + got);
    return traits_type::to_int_type(*gptr());
  }

 private:
  static constexpr std::streamsize kBufferBytes = std::streamsize{1} << 16;

  std::string text_;
  Input* input_;
  std::vector<char> buffer_ = std::vector<char>(kBufferBytes);
  std::istream stream_;
};

HepMC3Reader::HepMC3Reader(std::string path, HepMC3ReaderOptions options, int64_t file_bytes)
    : path_(std::move(path)), options_(std::move(options)), file_bytes_(file_bytes) {}

HepMC3Reader::~HepMC3Reader() {
  // The readers refer to the streams, so they go first.
  fast_.reset();
  reader_.reset();
  resumed_.reset();
  input_.reset();
}

absl::StatusOr<std::unique_ptr<HepMC3Reader>> HepMC3Reader::Open(
    const std::string& path, const HepMC3ReaderOptions& options) {
  QuietGeneratorLibraries();
  LATENT_RETURN_IF_ERROR(ValidateHepMC3ReaderOptions(options));
  LATENT_ASSIGN_OR_RETURN(OpenedFile opened, OpenCompressedFile(path));
  gzFile file = opened.file;
  const absl::StatusOr<ListingFormat> format = DetectFormat(file, path);
  if (!format.ok() || *format == ListingFormat::kEmpty || gzrewind(file) != 0) {
    gzclose(file);
    if (!format.ok()) return format.status();
    if (*format != ListingFormat::kEmpty) {
      return absl::FailedPreconditionError(absl::StrCat(path, ": cannot rewind the file"));
    }
    file = nullptr;
  }

  HepMC3ReaderOptions reader_options = options;
  if (reader_options.process_id.empty()) {
    reader_options.process_id = ProcessIdFromPath(path);
  }
  std::unique_ptr<HepMC3Reader> reader(
      new HepMC3Reader(path, std::move(reader_options), opened.file_bytes));
  if (file == nullptr) return reader;  // no content: Next reports the empty file
  const bool hepmc3 = *format == ListingFormat::kHepMC3;
  reader->input_ =
      std::make_unique<Input>(file, hepmc3 ? HepMCListing::kHepMC3 : HepMCListing::kHepMC2);
  if (hepmc3 && !options.reference_parser) {
    Input* input = reader->input_.get();
    reader->fast_ = std::make_unique<HepMC3FastPath>(input, path, reader->options_, [input] {
      return input->exhausted() && input->error().empty() && input->refusal().empty() &&
             input->EndsWithFooter();
    });
    return reader;
  }
  LATENT_RETURN_IF_ERROR(reader->StartReference(&reader->input_->stream(), hepmc3, false));
  return reader;
}

absl::Status HepMC3Reader::StartReference(std::istream* stream, bool hepmc3, bool mev) {
  stream_ = stream;
  try {
    if (hepmc3) {
      reader_ = std::make_unique<HepMC3::ReaderAscii>(*stream);
    } else {
      reader_ = std::make_unique<HepMC3::ReaderAsciiHepMC2>(*stream);
    }
    // HepMC3 keeps the last units line's unit for an event that has none.
    gen_event_ = std::make_unique<HepMC3::GenEvent>(mev ? HepMC3::Units::MEV : HepMC3::Units::GEV,
                                                    HepMC3::Units::MM);
  } catch (const std::exception& error) {
    return absl::InternalError(
        absl::StrCat(path_, ": cannot set up the HepMC3 reader: ", error.what()));
  }
  return absl::OkStatus();
}

int64_t HepMC3Reader::bytes_consumed() const {
  if (input_ == nullptr) return done_ || !status_.ok() ? file_bytes_ : 0;
  return input_->offset();
}

absl::Status HepMC3Reader::Fail(absl::Status status) {
  status_ = std::move(status);
  return status_;
}

int64_t HepMC3Reader::fast_path_events() const {
  return fast_ != nullptr ? fast_->events() : fast_path_events_;
}

bool HepMC3Reader::Exhausted() const {
  return resumed_ != nullptr ? resumed_->exhausted() : input_->exhausted();
}

absl::StatusOr<bool> HepMC3Reader::Next(Event* event) {
  if (!status_.ok()) return status_;
  if (done_) return false;
  if (input_ == nullptr) {
    return Fail(absl::InvalidArgumentError(absl::StrCat(path_, ": holds no events (empty file)")));
  }
  if (fast_ != nullptr) {
    const absl::StatusOr<HepMC3FastPath::Step> step = fast_->Next(event);
    if (!step.ok()) return Fail(step.status());
    switch (*step) {
      case HepMC3FastPath::Step::kEvent:
        ++events_read_;
        return true;
      case HepMC3FastPath::Step::kEnd:
        done_ = true;
        return false;
      case HepMC3FastPath::Step::kHandOver:
        break;
    }
    resumed_ = std::make_unique<Resumed>(fast_->hand_over_text(), input_.get());
    const bool mev = fast_->hand_over_mev();
    fast_path_events_ = fast_->events();
    fast_.reset();  // waits for the batches still in flight
    if (absl::Status status = StartReference(&resumed_->stream(), true, mev); !status.ok()) {
      return Fail(status);
    }
  }
  return NextFromReference(event);
}

absl::StatusOr<bool> HepMC3Reader::NextFromReference(Event* event) {
  const absl::Status no_events =
      absl::InvalidArgumentError(absl::StrCat(path_, ": holds no events (empty file)"));
  const std::string where = absl::StrCat(path_, ": event #", events_read_ + 1);
  bool parsed = false;
  try {
    parsed = reader_->read_event(*gen_event_);
  } catch (const std::exception& error) {
    return Fail(absl::InvalidArgumentError(
        absl::StrCat(where, ": malformed HepMC record: ", error.what())));
  } catch (...) {
    return Fail(absl::InvalidArgumentError(absl::StrCat(where, ": malformed HepMC record")));
  }
  if (!input_->error().empty()) {
    return Fail(absl::DataLossError(absl::StrCat(where, ": cannot read: ", input_->error())));
  }
  // Everything before a refused line is read as usual; the event that holds it fails.
  const bool refused = !input_->refusal().empty() && Exhausted();
  if (refused && events_read_ >= input_->events_before_refusal()) {
    return Fail(absl::InvalidArgumentError(
        absl::StrCat(where, ": malformed HepMC record (", input_->refusal(), ")")));
  }
  const std::istream& stream = *stream_;
  if (!parsed || stream.bad()) {
    return Fail(absl::InvalidArgumentError(absl::StrCat(where, ": malformed HepMC record")));
  }
  const bool has_content = !gen_event_->particles().empty() || !gen_event_->vertices().empty();
  if (!refused && (stream.fail() || stream.eof())) {
    // The HepMC3 reader met the end of the input, or stopped reading before it: at a line too long
    // for it, or at a header of another listing (even one at the very end, which it may or may not
    // have read ahead to).
    if (!Exhausted() || input_->foreign_header()) {
      return Fail(absl::InvalidArgumentError(absl::StrCat(
          where,
          ": malformed HepMC record (reading stopped before the end of the file: a line "
          "longer than 256 KiB or an unexpected HepMC header line)")));
    }
    if (!has_content && events_read_ == 0) return Fail(no_events);
    if (!input_->EndsWithFooter()) {
      return Fail(absl::InvalidArgumentError(absl::StrCat(
          where, ": the file ends without the END_EVENT_LISTING footer (truncated?)")));
    }
    if (!has_content) {
      done_ = true;
      return false;
    }
  }
  if (absl::Status status = ConvertGenEvent(*gen_event_, options_, event); !status.ok()) {
    return Fail(absl::Status(
        status.code(),
        absl::StrCat(where, " (number ", gen_event_->event_number(), "): ", status.message())));
  }
  ++events_read_;
  return true;
}

}  // namespace latentspace
