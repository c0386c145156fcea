// HepMC3Reader's fast path: records cut here, parsed and converted on worker threads, in order.
#include "core/events/hepmc3_fast_path.h"

#include <algorithm>
#include <system_error>
#include <thread>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace latentspace {
namespace {

// A batch closes at this many records or this many bytes, whichever comes first: showered events
// (about 0.3 MB each) make batches of about 14, small events batches of 64.
constexpr size_t kBatchRecords = 64;
constexpr size_t kBatchBytes = size_t{4} << 20;
constexpr size_t kReadBytes = size_t{1} << 20;
// No regular line is this long (a particle line has about 120 bytes); ReaderAscii reads longer
// ones wrongly or not at all, so they are its to refuse.
constexpr size_t kMaxRegularLineBytes = size_t{1} << 16;

bool IsKnownHeader(absl::string_view line) {
  return absl::StartsWith(line, "HepMC::Version") || absl::StartsWith(line, "HepMC::Asciiv3");
}

}  // namespace

HepMC3FastPath::HepMC3FastPath(std::streambuf* input, std::string path,
                               const HepMC3ReaderOptions& options, std::function<bool()> clean_end)
    : input_(input),
      path_(std::move(path)),
      options_(options),
      clean_end_(std::move(clean_end)),
      threads_(options.threads > 0
                   ? options.threads
                   : std::max(1, static_cast<int>(std::thread::hardware_concurrency()))) {}

// The futures of std::async wait for their threads, which read options_ and path_.
HepMC3FastPath::~HepMC3FastPath() { pending_.clear(); }

HepMC3FastPath::Result HepMC3FastPath::Work(const Batch& batch) const {
  Result result;
  GeneratorEvent generator_event;
  const absl::string_view text = *batch.text;
  for (size_t i = 0; i < batch.records.size(); ++i) {
    const size_t start = batch.records[i].offset;
    const size_t end = i + 1 < batch.records.size() ? batch.records[i + 1].offset : text.size();
    if (!ParseRegularHepMC3Event(text.substr(start, end - start), batch.run, batch.records[i].mev,
                                 &generator_event)) {
      result.irregular = true;
      return result;
    }
    Event event;
    if (absl::Status status = ConvertGeneratorEvent(generator_event, options_, &event);
        !status.ok()) {
      result.error = absl::Status(
          status.code(), absl::StrCat(path_, ": event #", batch.first_ordinal + i, " (number ",
                                      generator_event.event_number, "): ", status.message()));
      return result;
    }
    result.events.push_back(std::move(event));
  }
  return result;
}

bool HepMC3FastPath::NextLine(absl::string_view* line, size_t* start, bool* too_long) {
  *too_long = false;
  size_t searched = scan_;
  while (true) {
    const size_t newline = buffer_.find('\n', searched);
    const size_t end = newline == std::string::npos ? buffer_.size() : newline;
    if (end - scan_ > kMaxRegularLineBytes) {
      *start = scan_;
      *too_long = true;
      return true;
    }
    if (newline != std::string::npos || (input_ended_ && scan_ < buffer_.size())) {
      *start = scan_;
      *line = absl::string_view(buffer_).substr(scan_, end - scan_);
      scan_ = newline == std::string::npos ? end : end + 1;
      return true;
    }
    if (input_ended_) return false;
    // Drop what no batch and no hand-over needs any more, then read on.
    const size_t keep = in_region_ ? batch_start_ : scan_;
    buffer_.erase(0, keep);
    scan_ -= keep;
    if (in_region_) batch_start_ = 0;
    searched = buffer_.size();
    buffer_.resize(searched + kReadBytes);
    const std::streamsize got = input_->sgetn(buffer_.data() + searched, kReadBytes);
    buffer_.resize(searched + static_cast<size_t>(std::max<std::streamsize>(got, 0)));
    if (got <= 0) input_ended_ = true;
  }
}

void HepMC3FastPath::Launch(size_t end) {
  Pending pending;
  pending.batch.text =
      std::make_shared<const std::string>(buffer_.substr(batch_start_, end - batch_start_));
  pending.batch.records = std::move(records_);
  pending.batch.run = run_;
  pending.batch.first_ordinal = records_cut_ + 1;
  records_cut_ += static_cast<int64_t>(pending.batch.records.size());
  records_.clear();
  batch_start_ = end;
  const auto work = [this, batch = pending.batch] { return Work(batch); };
  try {
    // `work` is copied, so that it is intact when no thread can be started.
    pending.result = std::async(threads_ > 1 ? std::launch::async : std::launch::deferred, work);
  } catch (const std::system_error&) {
    // No thread to be had (a process or container limit): the batch runs on this thread.
    pending.result = std::async(std::launch::deferred, work);
  }
  pending_.push_back(std::move(pending));
}

void HepMC3FastPath::StopAt(Stop stop, size_t offset, bool mev) {
  stop_ = stop;
  stop_offset_ = offset;
  stop_mev_ = mev;
}

void HepMC3FastPath::HandOverLastRecord() {
  const Record last = records_.back();
  records_.pop_back();
  const size_t at = batch_start_ + last.offset;
  if (!records_.empty()) Launch(at);
  in_region_ = false;
  StopAt(Stop::kHandOver, at, last.mev);
}

void HepMC3FastPath::Pump() {
  if (stop_ == Stop::kDrain && pending_.empty()) stop_ = Stop::kNone;
  while (stop_ == Stop::kNone && static_cast<int>(pending_.size()) < threads_) {
    absl::string_view line;
    size_t start = 0;
    bool too_long = false;
    if (!NextLine(&line, &start, &too_long)) {
      if (in_region_) {
        HandOverLastRecord();  // no footer after it
      } else if (records_cut_ > 0 && clean_end_()) {
        StopAt(Stop::kEnd, scan_, mev_);
      } else {
        StopAt(Stop::kHandOver, scan_, mev_);
      }
      return;
    }
    if (too_long) {
      if (in_region_) {
        HandOverLastRecord();
      } else {
        StopAt(Stop::kHandOver, start, mev_);
      }
      return;
    }
    if (in_region_) {
      if (line.empty()) {
        // ReaderAscii looks for the next event line only right after a line with content: after
        // a blank line, an event line continues the event before it.
        HandOverLastRecord();
        return;
      }
      if (line[0] == 'E') {
        if (records_.size() >= kBatchRecords || start - batch_start_ >= kBatchBytes) Launch(start);
        records_.push_back(Record{start - batch_start_, mev_});
      } else if (line[0] == 'U') {
        bool mev = false;
        if (ParseRegularUnits(line, &mev)) mev_ = mev;
      } else if (absl::StartsWith(line, "HepMC")) {
        if (!IsKnownHeader(line)) {
          HandOverLastRecord();  // ReaderAscii fails the event a foreign header ends
          return;
        }
        // The region ends here. The header line is read again once its batches are delivered,
        // so that a hand-over from any of them finds all the text after it.
        Launch(start);
        in_region_ = false;
        scan_ = start;
        StopAt(Stop::kDrain, start, mev_);
        return;
      }
      continue;
    }
    if (line.empty() || IsKnownHeader(line)) continue;
    if (line[0] == 'E') {
      in_region_ = true;
      batch_start_ = start;
      records_.push_back(Record{0, mev_});
      continue;
    }
    if ((line[0] == 'W' || line[0] == 'A' || line[0] == 'T') && run_.Add(line)) continue;
    StopAt(Stop::kHandOver, start, mev_);  // anything else before an event line
    return;
  }
}

void HepMC3FastPath::PrepareHandOver(absl::string_view first, bool mev) {
  hand_over_text_ = absl::StrCat(run_.text(), first);
  for (const Pending& pending : pending_) absl::StrAppend(&hand_over_text_, *pending.batch.text);
  const size_t unlaunched = in_region_ ? batch_start_ : stop_offset_;
  absl::StrAppend(&hand_over_text_, absl::string_view(buffer_).substr(unlaunched));
  hand_over_mev_ = mev;
}

absl::StatusOr<HepMC3FastPath::Step> HepMC3FastPath::Next(Event* event) {
  while (true) {
    if (current_ != nullptr) {
      if (next_ < current_result_.events.size()) {
        *event = std::move(current_result_.events[next_++]);
        ++events_;
        return Step::kEvent;
      }
      if (!current_result_.error.ok()) return current_result_.error;
      if (current_result_.irregular) {
        const Record& record = current_->batch.records[next_];
        PrepareHandOver(absl::string_view(*current_->batch.text).substr(record.offset), record.mev);
        return Step::kHandOver;
      }
      current_.reset();
    }
    Pump();
    if (!pending_.empty()) {
      current_ = std::make_unique<Pending>(std::move(pending_.front()));
      pending_.pop_front();
      current_result_ = current_->result.get();
      next_ = 0;
      continue;
    }
    switch (stop_) {
      case Stop::kNone:
      case Stop::kDrain:
        continue;
      case Stop::kEnd:
        return Step::kEnd;
      case Stop::kHandOver:
        PrepareHandOver("", stop_mev_);
        return Step::kHandOver;
    }
  }
}

}  // namespace latentspace
