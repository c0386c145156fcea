// `latentctl inspect FILE`: an offline summary of an event file (events, processes, objects per
// event, feature distributions under a preset, skipped events) or of a feature table (rows, each
// column's distribution), as a table or as JSON.
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
  std::string format = "auto";          // auto | darkmachines | hepmc3 | lhe | table
  std::string dataset;                  // in an HDF5 table; empty: the file's root
  std::string preset = "darkmachines";  // a preset name, or "none"
  std::string selection;                // empty: the preset's own
  std::string missing_jets = "skip";
};

// The JSON scripts rely on: {"events": N, "processes": {...}, "features": {"met": {"mean": ...,
// "std": ..., "min": ..., "max": ...}, ...}, "skipped": n, ...}.
nlohmann::ordered_json SummaryToJson(const FileSummary& summary);
// A feature table's: {"file", "format": "table", "rows", "columns": [names in the file's order],
// "features": {column: {"mean", "std", "min", "max"}}}.
nlohmann::ordered_json TableSummaryToJson(const FeatureTableSummary& summary);

// Runs the command; returns the process exit code (0 success, 1 unreadable or malformed file,
// 2 bad arguments), with errors on `err`.
int RunInspect(const InspectArgs& args, bool json, std::ostream& out, std::ostream& err);

// Registers the subcommand on `app`; `json` is the global --json flag.
void AddInspectCommand(CLI::App& app, const bool& json, int& exit_code);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_INSPECT_COMMAND_H_
