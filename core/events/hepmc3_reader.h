// Streaming reader of HepMC generator output (HepMC3 ASCII, or HepMC2 IO_GenEvent ASCII; plain or
// gzip-compressed) that turns each generator-level event into analysis objects: isolated leptons
// and photons, anti-kt jets of the remaining visible final-state particles (FastJet, b-tagged by
// nearby b hadrons and b quarks) and the truth missing transverse energy of the invisible
// particles.
#ifndef LATENTSPACE_CORE_EVENTS_HEPMC3_READER_H_
#define LATENTSPACE_CORE_EVENTS_HEPMC3_READER_H_

#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/events/event.h"
#include "core/events/event_reader.h"
#include "core/events/generator_objects.h"

namespace HepMC3 {
class GenEvent;
class Reader;
}  // namespace HepMC3

namespace latentspace {

class HepMC3FastPath;

// Converts one HepMC3 event (as HepMC3's readers fill it) into *event exactly as
// ConvertGeneratorEvent does (generator_objects.h). Never throws.
absl::Status ConvertGenEvent(const HepMC3::GenEvent& gen_event, const HepMC3ReaderOptions& options,
                             Event* event);

// The process id of events from `path` that name none: the file's base name without ".gz" and one
// more extension ("ttbar.hepmc.gz" gives "ttbar").
std::string ProcessIdFromPath(const std::string& path);

// Reads a HepMC file event by event. The format is detected from the content: the first non-blank
// lines must be "HepMC::Version ..." (optional) and "HepMC::Asciiv3-START_EVENT_LISTING" (HepMC3)
// or "HepMC::IO_GenEvent-START_EVENT_LISTING" (HepMC2); gzip files are recognised by their content.
// The file must end with the END_EVENT_LISTING footer, otherwise it is taken as truncated.
//
// Every line is checked first (hepmc_listing_check.h). HepMC3 listings are then read on a fast path
// of their own, over options.threads threads (hepmc3_fast_path.h), which hands whatever is not
// regular to HepMC3's ReaderAscii: the events, and the errors, are those ReaderAscii alone gives
// (options.reference_parser), event by event. HepMC2 listings are read by HepMC3's
// ReaderAsciiHepMC2.
//
// Opening a reader (or converting an event) silences HepMC3's warnings, errors and debug output
// and FastJet's warnings and errors process-wide; problems are reported as absl errors instead.
// The FastJet banner, which its licence asks not to suppress, goes to stderr instead of stdout.
// HepMC3 3.1 still writes a line or two to stdout for some malformed files (particle and vertex
// counts that do not match, an unknown HepMC header line).
class HepMC3Reader : public EventReader {
 public:
  // NOT_FOUND "PATH: no such file" for a missing file, INVALID_ARGUMENT for a directory, a file
  // that is not a HepMC ASCII listing ("PATH:1: not a HepMC file (first line '...')") or invalid
  // options, FAILED_PRECONDITION when the file cannot be read. An empty file opens; Next reports
  // it.
  static absl::StatusOr<std::unique_ptr<HepMC3Reader>> Open(const std::string& path,
                                                            const HepMC3ReaderOptions& options);

  ~HepMC3Reader() override;
  HepMC3Reader(const HepMC3Reader&) = delete;
  HepMC3Reader& operator=(const HepMC3Reader&) = delete;

  // Errors name the file and the 1-based ordinal of the event in it: "PATH: event #N: malformed
  // HepMC record" (INVALID_ARGUMENT), a failed conversion or validation ("PATH: event #N (number
  // K): ..."), a file without events ("PATH: holds no events (empty file)"), a missing footer, or
  // a decompression failure (DATA_LOSS). After an error every call returns the same error.
  absl::StatusOr<bool> Next(Event* event) override;

  // Bytes of the file (compressed bytes for gzip files) consumed so far, read ahead included (up
  // to a few MB per thread on the fast path).
  int64_t bytes_consumed() const override;
  int64_t file_bytes() const override { return file_bytes_; }

  const std::string& path() const { return path_; }
  // Events read on the fast path; the others went through ReaderAscii.
  int64_t fast_path_events() const;

 private:
  class Input;    // the decompressing, checking stream
  class Resumed;  // what the fast path hands over, then the rest of Input

  HepMC3Reader(std::string path, HepMC3ReaderOptions options, int64_t file_bytes);
  absl::Status Fail(absl::Status status);
  // Sets up HepMC3's reader (ReaderAscii, or ReaderAsciiHepMC2 for !hepmc3) on `stream`, the next
  // event inheriting the momentum unit MeV (mev) or GeV.
  absl::Status StartReference(std::istream* stream, bool hepmc3, bool mev);
  absl::StatusOr<bool> NextFromReference(Event* event);
  // Whether the reference reader's stream has handed over everything.
  bool Exhausted() const;

  std::string path_;
  HepMC3ReaderOptions options_;
  int64_t file_bytes_;
  std::unique_ptr<Input> input_;            // null for a file without any content
  std::unique_ptr<HepMC3FastPath> fast_;    // reads input_ until it hands over (then null)
  std::unique_ptr<Resumed> resumed_;        // what the reference reads after a hand-over
  std::istream* stream_ = nullptr;          // what reader_ parses: input_'s stream or resumed_'s
  std::unique_ptr<HepMC3::Reader> reader_;  // the reference, once started
  std::unique_ptr<HepMC3::GenEvent> gen_event_;  // reused between events
  int64_t events_read_ = 0;
  int64_t fast_path_events_ = 0;  // once the fast path has handed over
  bool done_ = false;
  absl::Status status_;  // the first error, returned again by every later call
};

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_EVENTS_HEPMC3_READER_H_
