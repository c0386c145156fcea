// Streaming reader of Dark Machines CSV event files (arXiv:2105.14027), plain or gzip-compressed:
// one event per line, `eventID;processID;weight;MET;METphi;obj,E,pt,eta,phi;...;`, energies in MeV
// (converted to GeV here), object codes j b e- e+ m- m+ g. Memory stays constant per event.
#ifndef LATENTSPACE_CORE_EVENTS_DARKMACHINES_READER_H_
#define LATENTSPACE_CORE_EVENTS_DARKMACHINES_READER_H_

#include <memory>
#include <string>
#include <vector>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "core/events/event.h"
#include "core/events/event_reader.h"
#include "core/events/line_reader.h"

namespace latentspace {

// Parses one line (without its newline) into *event, reusing its storage. Errors name the field
// (1-based, ';'-separated), the offending text and the problem, without a file location.
absl::Status ParseDarkMachinesLine(absl::string_view line, Event* event);

class DarkMachinesReader : public EventReader {
 public:
  // NOT_FOUND for a missing file; the first malformed line is reported by Next.
  static absl::StatusOr<std::unique_ptr<DarkMachinesReader>> Open(const std::string& path);

  // Blank lines are allowed and hold no event. Errors are "path:line: field N 'text': problem";
  // a file without any event is an error too.
  absl::StatusOr<bool> Next(Event* event) override;

  int64_t bytes_consumed() const override { return lines_->bytes_consumed(); }
  int64_t file_bytes() const override { return lines_->file_bytes(); }

 private:
  explicit DarkMachinesReader(std::unique_ptr<LineReader> lines) : lines_(std::move(lines)) {}

  std::unique_ptr<LineReader> lines_;
  int64_t events_read_ = 0;
};

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_EVENTS_DARKMACHINES_READER_H_
