// HepMC3Reader's fast path through a HepMC3 ASCII listing: the calling thread cuts the checked
// text into event records and hands batches of them to worker threads, which parse them
// (hepmc3_ascii_event.h) and convert them into analysis objects (generator_objects.h); events come
// back in file order. At the first thing outside the regular format (a record the parser does not
// read, a line before an event line it does not know, a foreign header, a very long line, the end
// of the stream without its footer, a refused line or a read error) it stops and hands the rest of
// the listing, from the start of that record, to HepMC3's ReaderAscii, so that everything
// irregular is read, or refused, exactly as the reference reads it.
#ifndef LATENTSPACE_CORE_EVENTS_HEPMC3_FAST_PATH_H_
#define LATENTSPACE_CORE_EVENTS_HEPMC3_FAST_PATH_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <streambuf>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/events/event.h"
#include "core/events/generator_objects.h"
#include "core/events/hepmc3_ascii_event.h"

namespace latentspace {

class HepMC3FastPath {
 public:
  enum class Step { kEvent, kEnd, kHandOver };

  // Reads the listing from `input` (the checked stream, positioned at the start of the file).
  // `clean_end` tells, once `input` has ended, whether it ended at the end of the file after the
  // END_EVENT_LISTING footer, with no line refused and no read error. Errors name `path`.
  HepMC3FastPath(std::streambuf* input, std::string path, const HepMC3ReaderOptions& options,
                 std::function<bool()> clean_end);
  ~HepMC3FastPath();
  HepMC3FastPath(const HepMC3FastPath&) = delete;
  HepMC3FastPath& operator=(const HepMC3FastPath&) = delete;

  // The next event (kEvent, *event filled), the regular end of the listing (kEnd), or kHandOver:
  // the rest must be read by ReaderAscii from hand_over_text() followed by the rest of `input`,
  // the next event inheriting the momentum unit hand_over_mev(). An error is a conversion error
  // of an event, naming it ("PATH: event #N (number K): ...").
  absl::StatusOr<Step> Next(Event* event);

  // Events delivered so far.
  int64_t events() const { return events_; }
  const std::string& hand_over_text() const { return hand_over_text_; }
  bool hand_over_mev() const { return hand_over_mev_; }

 private:
  struct Record {
    size_t offset;  // of its event line in the batch text
    bool mev;       // the momentum unit it inherits
  };
  struct Batch {
    std::shared_ptr<const std::string> text;
    std::vector<Record> records;
    HepMC3RunLines run;         // the run lines its records follow
    int64_t first_ordinal = 0;  // 1-based ordinal of its first record in the file
  };
  struct Result {
    std::vector<Event> events;  // of the first records, in order
    absl::Status error;         // the conversion error of the record after them
    bool irregular = false;     // the record after them is not regular
  };
  struct Pending {
    Batch batch;
    std::future<Result> result;
  };
  enum class Stop { kNone, kDrain, kEnd, kHandOver };

  Result Work(const Batch& batch) const;
  // Cuts records and launches batches until as many are in flight as there are threads, or the
  // splitter stops.
  void Pump();
  // The next line from scan_ (without its newline) and its offset; false at the end of the stream.
  // *too_long when the line is longer than any regular one (it is not consumed then).
  bool NextLine(absl::string_view* line, size_t* start, bool* too_long);
  // Launches the records cut so far, which end at `end`.
  void Launch(size_t end);
  void StopAt(Stop stop, size_t offset, bool mev);
  // Launches the records before the last one and stops to hand the last one over.
  void HandOverLastRecord();
  // The hand-over text: the run lines, `first`, the text of the batches still pending and all that
  // is not launched.
  void PrepareHandOver(absl::string_view first, bool mev);

  std::streambuf* input_;
  std::string path_;
  HepMC3ReaderOptions options_;
  std::function<bool()> clean_end_;
  int threads_;

  std::string buffer_;  // text read and not yet dropped
  size_t scan_ = 0;     // where the next line starts in buffer_
  bool input_ended_ = false;
  HepMC3RunLines run_;
  bool mev_ = false;             // the unit of the last regular units line
  bool in_region_ = false;       // after an event line, before the next HepMC header line
  size_t batch_start_ = 0;       // in a region: where the records not yet launched start
  std::vector<Record> records_;  // those records, offsets from batch_start_
  int64_t records_cut_ = 0;      // records launched so far
  Stop stop_ = Stop::kNone;
  size_t stop_offset_ = 0;  // where the text after the stop starts in buffer_
  bool stop_mev_ = false;   // the unit the record there inherits

  std::deque<Pending> pending_;
  std::unique_ptr<Pending> current_;  // the batch being delivered
  Result current_result_;
  size_t next_ = 0;  // the next record of current_
  int64_t events_ = 0;
  std::string hand_over_text_;
  bool hand_over_mev_ = false;
};

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_EVENTS_HEPMC3_FAST_PATH_H_
