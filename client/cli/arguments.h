// Parsing latentctl's argument values: theory parameters (--param key=value), encoder and detector
// references (NAME[:VERSION]), reference fractions (--keep), job states and event-file formats.
// Errors name the offending value.
#ifndef LATENTSPACE_CLIENT_CLI_ARGUMENTS_H_
#define LATENTSPACE_CLIENT_CLI_ARGUMENTS_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/events/event_reader.h"
#include "latentspace/v1/detector_service.pb.h"
#include "latentspace/v1/encoder_service.pb.h"
#include "latentspace/v1/events.pb.h"
#include "latentspace/v1/job_service.pb.h"

namespace latentspace::cli {

// "mzp=2000" -> {"mzp", 2000}. The name is not empty; the value parses whole as a finite double.
absl::StatusOr<std::pair<std::string, double>> ParseParameter(absl::string_view text);
// Every --param; a name given twice is an error.
absl::StatusOr<std::map<std::string, double>> ParseParameters(
    const std::vector<std::string>& texts);

// "name" (the latest version) or "name:3" (version >= 1).
absl::StatusOr<v1::EncoderRef> ParseEncoderRef(absl::string_view text);
// "name" or "name:3".
std::string FormatEncoderRef(const v1::EncoderRef& ref);
// The same for detectors.
absl::StatusOr<v1::DetectorRef> ParseDetectorRef(absl::string_view text);
std::string FormatDetectorRef(const v1::DetectorRef& ref);

// --keep: the share of the reference a detector's cut keeps, a number in [0, 1] (0: no cut).
absl::StatusOr<double> ParseKeep(absl::string_view text);

// "queued", "running", "succeeded", "failed", "cancelled", in any case, with or without the
// JOB_STATE_ prefix.
absl::StatusOr<v1::JobState> ParseJobState(absl::string_view text);

// --format: "auto" guesses from the file name (see GuessEventFormat), else "darkmachines",
// "hepmc3" or "lhe".
absl::StatusOr<EventFormat> ResolveEventFormat(absl::string_view option, absl::string_view path);
absl::string_view EventFormatName(EventFormat format);
inline constexpr char kEventFormatHelp[] = "auto (from the file name), darkmachines, hepmc3 or lhe";
// What a physicist must know about events of `level` before comparing them with detector-level
// known models (the bundled and simulated ones): "" for detector level.
absl::string_view InputLevelNote(v1::EventLevel level);
// The level of a format's events: Dark Machines detector, HepMC truth, LHE parton.
v1::EventLevel EventLevelOf(EventFormat format);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_ARGUMENTS_H_
