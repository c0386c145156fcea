// `latentctl interpret`: what the events an anomaly detector flags look like to an encoder. The
// file is scored as `score` does, the events above the cut keeping --keep of the reference go
// inline to QueryNearest on the encoder (the known models ranked for them, as `nearest` prints),
// and with --out they are embedded and drawn over the known models' contours.
#ifndef LATENTSPACE_CLIENT_CLI_INTERPRET_COMMAND_H_
#define LATENTSPACE_CLIENT_CLI_INTERPRET_COMMAND_H_

#include <string>

#include "CLI/CLI.hpp"
#include "client/cli/command_context.h"
#include "client/cli/event_scoring.h"
#include "client/cli/global_options.h"

namespace latentspace::cli {

struct InterpretArgs {
  ScoreInputArgs input;  // --keep required
  std::string encoder;   // NAME or NAME:VERSION
  std::string out;       // .png, .svg or .pdf; empty: no picture
};

// --detector, --encoder, --keep, --out and the file are checked before any call. Fewer kept events
// than the encoder's k is a local failure (exit 1) naming both. Text: the selection
// (ScoreSummaryText), then what `nearest` prints; JSON: exactly `nearest --json`'s object plus
// "selection": ScoreSummaryToJson (and "out" with --out).
int RunInterpret(const InterpretArgs& args, const CommandContext& context);

void AddInterpretCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_INTERPRET_COMMAND_H_
