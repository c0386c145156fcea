// `latentctl inspect FILE`: an offline summary of an event file (events, processes, objects per
// event, feature distributions under a preset, skipped events), as a table or as JSON.
#ifndef LATENTSPACE_CLIENT_CLI_INSPECT_COMMAND_H_
#define LATENTSPACE_CLIENT_CLI_INSPECT_COMMAND_H_

#include <ostream>
#include <string>

#include "CLI/CLI.hpp"
#include "core/features/file_summary.h"
#include "nlohmann/json.hpp"

namespace latentspace::cli {

struct InspectArgs {
  std::string file;
  std::string format = "auto";          // auto | darkmachines | hepmc3
  std::string preset = "darkmachines";  // a preset name, or "none"
  std::string selection;                // empty: the preset's own
  std::string missing_jets = "skip";
};

// The JSON scripts rely on: {"events": N, "processes": {...}, "features": {"met": {"mean": ...,
// "std": ..., "min": ..., "max": ...}, ...}, "skipped": n, ...}.
nlohmann::ordered_json SummaryToJson(const FileSummary& summary);

// Runs the command; returns the process exit code (0 success, 1 unreadable or malformed file,
// 2 bad arguments), with errors on `err`.
int RunInspect(const InspectArgs& args, bool json, std::ostream& out, std::ostream& err);

// Registers the subcommand on `app`; `json` is the global --json flag.
void AddInspectCommand(CLI::App& app, const bool& json, int& exit_code);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_INSPECT_COMMAND_H_
