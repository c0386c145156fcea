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
  // The table's dataset or group in an HDF5 file; empty: the file's root.
  std::string dataset;
};

inline constexpr char kDatasetHelp[] =
    "HDF5 feature table: the 2-D dataset (its 'columns' attribute names the columns) or the group "
    "of 1-D datasets, one per column (default: the file's root)";

// Registers --format (`format_help` after the formats), --smear, --smear-seed and --dataset on
// `command`.
void AddEventFileOptions(CLI::App* command, EventFileArgs* args,
                         const std::string& format_help = "");

// Whether `file` is a feature table under `args`: --format table, or --format auto, a name that
// resolves to Dark Machines CSV and an HDF5 file or a first line naming columns.
bool IsFeatureTableInput(const std::string& file, const EventFileArgs& args);

// Opens the event file `file` (InputFile::Open calls this for what is not a feature table) as
// `args` say. A bad --format, --dataset, or --smear on a Dark Machines file (detector level
// already), is a usage error; an unreadable file a local error: reported through `context`, with
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
