// `latentctl interpret`: which known model, if any, explains the events an anomaly detector flags.
// The file is scored as `score` does; with --method forward (the default) its events go to
// DetectorService.InterpretSelection, which forward-models every known model through the same cut
// and encoder and answers signal, background or unexplained with fitted fractions and p-values;
// with --method nearest the events above the cut go inline to QueryNearest (today's ranking of
// the kept events against the models' unselected events, for comparison). With --out the kept
// events are embedded and drawn over the known models' contours.
#ifndef LATENTSPACE_CLIENT_CLI_INTERPRET_COMMAND_H_
#define LATENTSPACE_CLIENT_CLI_INTERPRET_COMMAND_H_

#include <cstdint>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "client/cli/command_context.h"
#include "client/cli/event_scoring.h"
#include "client/cli/global_options.h"

namespace latentspace::cli {

struct InterpretArgs {
  ScoreInputArgs input;             // --keep required
  std::string encoder;              // NAME or NAME:VERSION
  std::string out;                  // .png, .svg or .pdf; empty: no picture
  std::string method = "forward";   // "forward" or "nearest"
  std::vector<std::string> models;  // --model: known models (stored samples); none: the encoder's
  int pseudo_experiments = 0;       // 0: the server's default
  double level = 0;                 // 0: the server's default
  uint64_t seed = 0;
};

// --detector, --encoder, --keep, --out and the file are checked before any call. Fewer kept events
// than the encoder's k is a local failure (exit 1) naming both. Text: the selection
// (ScoreSummaryText), then with --method forward (the default) the verdict and every known
// model's fit (DetectorService.InterpretSelection on the file's events: every model forward-
// modelled through the same selection), with --method nearest what `nearest` prints for the kept
// events; JSON: InterpretationToJson or `nearest --json`'s object, plus "selection":
// ScoreSummaryToJson (and "out" with --out).
int RunInterpret(const InterpretArgs& args, const CommandContext& context);

void AddInterpretCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_INTERPRET_COMMAND_H_
