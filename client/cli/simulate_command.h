// `latentctl simulate`: an offline command that simulates events of a model family with the
// built-in fast simulator (core/sim, docs/simulator.md) into a Dark Machines CSV file, and lists
// the families and their parameters (--list).
#ifndef LATENTSPACE_CLIENT_CLI_SIMULATE_COMMAND_H_
#define LATENTSPACE_CLIENT_CLI_SIMULATE_COMMAND_H_

#include <cstdint>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "client/cli/command_context.h"
#include "client/cli/global_options.h"

namespace latentspace::cli {

struct SimulateArgs {
  bool list = false;
  std::string family;
  std::vector<std::string> parameters;  // NAME=VALUE
  int64_t events = 10000;
  uint64_t seed = 1;
  std::string out;  // .csv, or .csv.gz for gzip
};

// Exit 0 with a summary (or the family list); 2 for a bad family, parameter, event count or
// missing option; 1 when the file cannot be written (no partial file is left under its name).
// --json prints {"family", "parameters": {...}, "process", "events", "seed", "out", "seconds"}.
int RunSimulate(const SimulateArgs& args, const CommandContext& context);

void AddSimulateCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_SIMULATE_COMMAND_H_
