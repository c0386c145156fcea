// A parser of HepMC3 ASCII event records (the "Asciiv3" listing) for the regular subset of the
// format, the one HepMC3's WriterAscii and the generators write, read into exactly what HepMC3
// 3.1's ReaderAscii makes of it: fields separated by single spaces, every number read whole
// (decimal, finite), particle ids in order, vertices' incoming particles already listed, units
// GEV/MEV and MM/CM, and as many vertices and particles as the event line declares. A record
// outside that subset is "not regular" and the caller reads it with ReaderAscii, which stays the
// reference (hepmc3_reader.h): so this parser never has to be right about what it refuses.
#ifndef LATENTSPACE_CORE_EVENTS_HEPMC3_ASCII_EVENT_H_
#define LATENTSPACE_CORE_EVENTS_HEPMC3_ASCII_EVENT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "core/events/generator_objects.h"

namespace latentspace {

// The run-level lines of a listing (weight names "W", tools "T", run attributes "A": those that
// come after a HepMC header line and before the next event line) as far as events depend on them.
class HepMC3RunLines {
 public:
  // Takes one run-level line (without its newline); false when it is not regular (it is then not
  // taken).
  bool Add(absl::string_view line);

  // The number of weight names (0 when none were given), the run's "signal_process_id".
  int weight_names() const { return weight_names_; }
  const std::string& process_id() const { return process_id_; }
  // The lines taken, each with its newline, to replay into a ReaderAscii.
  const std::string& text() const { return text_; }

 private:
  int weight_names_ = 0;
  std::string process_id_;
  std::string text_;
};

// Reads a units line ("U GEV MM" and the like) into *mev; false when it is not regular.
bool ParseRegularUnits(absl::string_view line, bool* mev);

// Parses one event record: its "E" line and the lines after it up to the next event line or HepMC
// header line, newline-separated (a final newline optional). `mev` is the momentum unit the event
// inherits: ReaderAscii keeps the unit of the last "U" line for an event that has none. False when
// the record is not regular; *event is then unspecified.
bool ParseRegularHepMC3Event(absl::string_view record, const HepMC3RunLines& run, bool mev,
                             GeneratorEvent* event);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_EVENTS_HEPMC3_ASCII_EVENT_H_
