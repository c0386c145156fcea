// Scoring an event file or a feature table with an anomaly detector, shared by `score` and
// `interpret`: their common options (--detector, FILE, --format, --keep), checked before any call;
// then the file goes in ScoreEvents requests of kScoreRequestEvents events or rows (far below any
// server's --max-events-per-request), every request after the first pinned to the detector version
// the first resolved; the scores' indices are made 0-based positions in the whole file and the
// counts summed over the requests.
#ifndef LATENTSPACE_CLIENT_CLI_EVENT_SCORING_H_
#define LATENTSPACE_CLIENT_CLI_EVENT_SCORING_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/cli/command_context.h"
#include "client/cli/event_file.h"
#include "client/cli/input_file.h"
#include "client/cli/proto_json.h"
#include "client/sdk/client.h"
#include "core/events/event.h"
#include "latentspace/v1/detector_service.pb.h"

namespace latentspace::cli {

inline constexpr int kScoreRequestEvents = 1000;

// What `score` and `interpret` score: --detector, FILE, --format, --smear, --dataset and --keep.
struct ScoreInputArgs {
  std::string detector;  // NAME or NAME:VERSION
  std::string file;
  EventFileArgs events;    // --format, --smear, --dataset
  std::string keep = "0";  // in [0, 1]; 0: no cut
};

// Registers those options on `command`; --keep is required for `interpret`.
void AddScoreInputOptions(CLI::App* command, ScoreInputArgs* args, bool keep_required);

// The checked input: the parsed detector and keep, and the open file.
struct ScoreInput {
  std::string file;
  v1::DetectorRef detector;
  double keep = 0;
  std::unique_ptr<InputFile> reader;
};

// Parses --detector and --keep (usage errors) and opens the file (InputFile, `level` as there).
// On failure reports it through `context` and sets *exit_code.
absl::StatusOr<ScoreInput> OpenScoreInput(const ScoreInputArgs& args, const CommandContext& context,
                                          int* exit_code, v1::EventLevel* level = nullptr);

// The whole file's ScoreEventsResponse, less the scores.
struct ScoreSummary {
  std::string detector;          // the detector's name
  int64_t detector_version = 0;  // and the version that scored every event
  int64_t events = 0;            // read from the file
  int64_t accepted_events = 0;
  int64_t skipped_events = 0;
  double keep = 0;  // as requested; 0: no cut
  double cut = 0;   // the score cut for keep; -inf without one
  int64_t kept_events = 0;
};

// Receives every accepted event's or row's score (its index the position in the file), in order,
// with the request's batch that held it (events or table rows) and its index there, and an event
// as read from the file (null for a table's row). An error stops the scoring.
using ScoreConsumer =
    std::function<absl::Status(const v1::EventScore& score, const v1::EventBatch& sent,
                               int64_t sent_index, const Event* read)>;

// Scores every event or row of input.reader (input.file, named on the progress bar and in
// messages) with
// input.detector and the cut keeping input.keep of the reference. A file without events, a
// read error and an error of `on_score` are local failures, a failed ScoreEvents the server's:
// reported through `context`, with *exit_code set.
absl::StatusOr<ScoreSummary> ScoreEventFile(Client& client, ScoreInput& input,
                                            const CommandContext& context,
                                            const ScoreConsumer& on_score, int* exit_code);

// {"detector", "detector_version", "events", "accepted_events", "skipped_events", "keep", "cut",
// "kept_events"} (cut null without one).
Json ScoreSummaryToJson(const ScoreSummary& summary);

// "detector NAME:VERSION: N events, A accepted, S skipped; keep F: cut C, K kept" ("no cut, K
// kept" for keep 0).
std::string ScoreSummaryText(const ScoreSummary& summary);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_EVENT_SCORING_H_
