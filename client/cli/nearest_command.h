// `latentctl nearest`: where a sample lands among an encoder's known models: the ranking (score,
// centroid distance, share of sets) and the inferred theory parameters. The file goes inline in
// one QueryNearest request (fine up to ~100k events); --sample names a stored sample instead.
#ifndef LATENTSPACE_CLIENT_CLI_NEAREST_COMMAND_H_
#define LATENTSPACE_CLIENT_CLI_NEAREST_COMMAND_H_

#include <ostream>
#include <string>

#include "CLI/CLI.hpp"
#include "client/cli/command_context.h"
#include "client/cli/global_options.h"
#include "latentspace/v1/proximity_service.pb.h"

namespace latentspace::cli {

struct NearestArgs {
  std::string encoder;  // NAME or NAME:VERSION
  std::string file;     // or
  std::string sample;   // a stored sample's name
  std::string format = "auto";
};

// The text `nearest` prints: a line with the encoder and the counts, the ranking, the inferred
// parameters.
void PrintNearest(const v1::QueryNearestResponse& response, std::ostream& out);

// A table, or with --json exactly {"ranking": [...], "inferred": [...], "sets": N} (see
// NearestToJson).
int RunNearest(const NearestArgs& args, const CommandContext& context);

void AddNearestCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_NEAREST_COMMAND_H_
