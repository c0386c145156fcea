// `latentctl embed`: an event file through a trained encoder into latent points, written as CSV
// (set,x,y). Events go in requests of about kEmbedRequestEvents, a multiple of the encoder's k, so
// that sets do not straddle requests.
#ifndef LATENTSPACE_CLIENT_CLI_EMBED_COMMAND_H_
#define LATENTSPACE_CLIENT_CLI_EMBED_COMMAND_H_

#include <string>

#include "CLI/CLI.hpp"
#include "client/cli/command_context.h"
#include "client/cli/global_options.h"

namespace latentspace::cli {

inline constexpr int kEmbedRequestEvents = 1000;

struct EmbedArgs {
  std::string encoder;  // NAME or NAME:VERSION
  std::string file;
  std::string format = "auto";
  std::string out;  // CSV file; empty: stdout
};

// Events per Embed request for sets of k: the largest multiple of k up to kEmbedRequestEvents
// (at least k).
int EmbedRequestEvents(int k);

// CSV `set,x,y` to --out or stdout, a summary on stderr (stdout when --out is given). With
// --json: {"encoder", "encoder_version", "events", "sets", "events_in_no_set"} plus "points":
// [{"set", "x", "y"}] when there is no --out.
int RunEmbed(const EmbedArgs& args, const CommandContext& context);

void AddEmbedCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_EMBED_COMMAND_H_
