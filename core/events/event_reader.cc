// Format selection and whole-file reading on top of the EventReader implementations.
#include "core/events/event_reader.h"

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/events/darkmachines_reader.h"
#include "core/events/hepmc3_reader.h"
#include "core/events/lhe_reader.h"
#include "core/status_macros.h"

namespace latentspace {

absl::StatusOr<EventFormat> ParseEventFormat(absl::string_view name) {
  if (name == "darkmachines") return EventFormat::kDarkMachines;
  if (name == "hepmc3") return EventFormat::kHepMC3;
  if (name == "lhe") return EventFormat::kLhe;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown event format '", name, "' (expected darkmachines, hepmc3 or lhe)"));
}

EventFormat GuessEventFormat(absl::string_view path) {
  if (absl::EndsWith(path, ".gz")) path.remove_suffix(3);
  if (absl::EndsWithIgnoreCase(path, ".hepmc") || absl::EndsWithIgnoreCase(path, ".hepmc3") ||
      absl::EndsWithIgnoreCase(path, ".hepmc2")) {
    return EventFormat::kHepMC3;
  }
  if (absl::EndsWithIgnoreCase(path, ".lhe") || absl::EndsWithIgnoreCase(path, ".lhef")) {
    return EventFormat::kLhe;
  }
  return EventFormat::kDarkMachines;
}

absl::StatusOr<std::unique_ptr<EventReader>> OpenEventReader(const std::string& path,
                                                             EventFormat format) {
  if (format == EventFormat::kHepMC3) {
    absl::StatusOr<std::unique_ptr<HepMC3Reader>> reader =
        HepMC3Reader::Open(path, HepMC3ReaderOptions{});
    if (!reader.ok()) return reader.status();
    return std::unique_ptr<EventReader>(*std::move(reader));
  }
  if (format == EventFormat::kLhe) {
    LATENT_ASSIGN_OR_RETURN(std::unique_ptr<LheReader> reader,
                            LheReader::Open(path, HepMC3ReaderOptions{}));
    return std::unique_ptr<EventReader>(std::move(reader));
  }
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<DarkMachinesReader> reader,
                          DarkMachinesReader::Open(path));
  return std::unique_ptr<EventReader>(std::move(reader));
}

absl::StatusOr<std::vector<Event>> ReadEventFile(const std::string& path, EventFormat format) {
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<EventReader> reader, OpenEventReader(path, format));
  std::vector<Event> events;
  Event event;
  while (true) {
    LATENT_ASSIGN_OR_RETURN(bool more, reader->Next(&event));
    if (!more) return events;
    events.push_back(event);
  }
}

}  // namespace latentspace
