// Opening the event file a command reads: --format resolved against the file's name, and --smear /
// --smear-seed, which pass truth- or parton-level objects (HepMC, LHE) through the built-in
// simulator's detector response (core/sim/object_smearing.h) first.
#ifndef LATENTSPACE_CLIENT_CLI_EVENT_FILE_H_
#define LATENTSPACE_CLIENT_CLI_EVENT_FILE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "client/cli/command_context.h"
#include "core/events/event_reader.h"
#include "latentspace/v1/events.pb.h"

namespace latentspace::cli {

struct EventFileArgs {
  std::string format = "auto";
  // Smear the objects first, event i with the random stream (smear_seed, i).
  bool smear = false;
  uint64_t smear_seed = 1;
};

// Registers --format (`format_help` after the formats), --smear and --smear-seed on `command`.
void AddEventFileOptions(CLI::App* command, EventFileArgs* args,
                         const std::string& format_help = "");

// Whether `file` is a feature table under `args`: --format table, or --format auto, a name that
// resolves to Dark Machines CSV and a first line naming columns.
bool IsFeatureTableInput(const std::string& file, const EventFileArgs& args);

// Opens `file` as `args` say. A bad --format, or --smear on a Dark Machines file (detector level
// already), is a usage error; an unreadable file, or a feature table (which the commands that
// call this do not read: InputFile reads both), a local error: reported through `context`, with
// *exit_code set. Smeared events get a note on stderr naming the seed. When `level` is not
// null it gets the events' level for the request (detector once smeared; the answer warns when it
// differs from the known models'); when null, truth- or parton-level events get a note on stderr
// instead.
absl::StatusOr<std::unique_ptr<EventReader>> OpenEventFile(const std::string& file,
                                                           const EventFileArgs& args,
                                                           const CommandContext& context,
                                                           int* exit_code,
                                                           v1::EventLevel* level = nullptr);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_EVENT_FILE_H_
