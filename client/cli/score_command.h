// `latentctl score`: an event file through an anomaly detector: one score per accepted event,
// written as CSV (index,event_id,score,reference_tail,kept), and with --keep the cut keeping that
// share of the reference; --events-out writes the kept events (as read from the file) as a Dark
// Machines CSV file, ready for `samples upload`.
#ifndef LATENTSPACE_CLIENT_CLI_SCORE_COMMAND_H_
#define LATENTSPACE_CLIENT_CLI_SCORE_COMMAND_H_

#include <string>

#include "CLI/CLI.hpp"
#include "client/cli/command_context.h"
#include "client/cli/event_scoring.h"
#include "client/cli/global_options.h"

namespace latentspace::cli {

struct ScoreArgs {
  ScoreInputArgs input;
  std::string out;         // CSV file; empty: stdout
  std::string events_out;  // Dark Machines CSV of the kept events; empty: none
};

// --detector, --keep, --format and the file are checked before any call. CSV rows, index being
// the event's 0-based position in FILE, kept 1 or 0, to --out or stdout, then the summary line
// (ScoreSummaryText) on stderr (stdout when --out is given). With --json: ScoreSummaryToJson plus
// "scores": [{"index", "event_id", "score", "reference_tail", "kept"}] when there is no --out,
// "out" and "events_out" when given.
int RunScore(const ScoreArgs& args, const CommandContext& context);

void AddScoreCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_SCORE_COMMAND_H_
