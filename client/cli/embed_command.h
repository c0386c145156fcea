// `latentctl embed`: an event file or a feature table through a trained encoder into latent
// points, written as CSV (set,x,y). Events go in requests of about kEmbedRequestEvents, a multiple
// of the encoder's k, so that sets do not straddle requests. `nearest FILE` and `contours --sample`
// embed their files the same way (InputFile of input_file.h, EmbedEventFile), `interpret` the
// events a detector kept (EmbedEvents).
#ifndef LATENTSPACE_CLIENT_CLI_EMBED_COMMAND_H_
#define LATENTSPACE_CLIENT_CLI_EMBED_COMMAND_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "client/cli/command_context.h"
#include "client/cli/event_file.h"
#include "client/cli/global_options.h"
#include "client/cli/input_file.h"
#include "client/sdk/client.h"

namespace latentspace::cli {

inline constexpr int kEmbedRequestEvents = 1000;

struct EmbedArgs {
  std::string encoder;  // NAME or NAME:VERSION
  std::string file;
  EventFileArgs events;  // --format, --smear
  std::string out;       // CSV file; empty: stdout
};

// Events per Embed request for sets of k: the largest multiple of k up to kEmbedRequestEvents
// (at least k).
int EmbedRequestEvents(int k);

struct EmbedCounts {
  int64_t events = 0;   // read from the file
  int64_t sets = 0;     // points received
  int64_t skipped = 0;  // events the preset refused (too few jets, the selection)
};

// Appends up to `max_events` next events (or table rows) to *batch, which holds those of an
// incomplete set carried over, in the same payload, and returns true, or returns false once none
// remain (the events of that call are still embedded). An error aborts.
using EventSource = std::function<absl::StatusOr<bool>(int max_events, v1::EventBatch* batch)>;

// Embeds every event of `next_events` with `encoder`, pinned to its name and version, in requests
// of EmbedRequestEvents(k) events; the accepted events of an incomplete last set go again at the
// head of the next request. `on_point` receives every set's point in order. On failure reports it
// through `context` (a source error is local, a failed Embed the server's) and sets *exit_code.
absl::StatusOr<EmbedCounts> EmbedEvents(Client& client, const v1::Encoder& encoder,
                                        const EventSource& next_events,
                                        const CommandContext& context,
                                        const std::function<void(const v1::LatentPoint&)>& on_point,
                                        int* exit_code);

// EmbedEvents of every event or row of `input` (the file `file`, named on the progress bar).
absl::StatusOr<EmbedCounts> EmbedEventFile(
    Client& client, const v1::Encoder& encoder, InputFile& input, const std::string& file,
    const CommandContext& context, const std::function<void(const v1::LatentPoint&)>& on_point,
    int* exit_code);

// CSV `set,x,y` to --out or stdout, a summary on stderr (stdout when --out is given). With
// --json: {"encoder", "encoder_version", "events", "sets", "events_in_no_set"} plus "points":
// [{"set", "x", "y"}] when there is no --out.
int RunEmbed(const EmbedArgs& args, const CommandContext& context);

void AddEmbedCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_EMBED_COMMAND_H_
