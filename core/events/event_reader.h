// The interface every event-file reader implements (Dark Machines CSV, HepMC3, LHE), and opening a
// file with the reader its format needs.
#ifndef LATENTSPACE_CORE_EVENTS_EVENT_READER_H_
#define LATENTSPACE_CORE_EVENTS_EVENT_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/events/event.h"

namespace latentspace {

class EventReader {
 public:
  virtual ~EventReader() = default;

  // Reads the next event into *event (reusing its storage) and returns true, or returns false at
  // the end of the file. An error names the file and the place in it; after an error the reader
  // must not be used further.
  virtual absl::StatusOr<bool> Next(Event* event) = 0;

  // Bytes of the file consumed so far and the file's size, for progress reports.
  virtual int64_t bytes_consumed() const = 0;
  virtual int64_t file_bytes() const = 0;
};

enum class EventFormat { kDarkMachines, kHepMC3, kLhe };

// Parses "darkmachines", "hepmc3" or "lhe".
absl::StatusOr<EventFormat> ParseEventFormat(absl::string_view name);

// The format of `path` from its name: *.hepmc, *.hepmc3, *.hepmc2 are HepMC3, *.lhe, *.lhef Les
// Houches events (each optionally .gz), everything else Dark Machines CSV.
EventFormat GuessEventFormat(absl::string_view path);

// Opens `path` with the reader for `format`.
absl::StatusOr<std::unique_ptr<EventReader>> OpenEventReader(const std::string& path,
                                                             EventFormat format);

// Reads a whole file. Nothing partial is returned: any malformed event fails the whole read.
absl::StatusOr<std::vector<Event>> ReadEventFile(const std::string& path, EventFormat format);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_EVENTS_EVENT_READER_H_
