// Scoring an event file with an anomaly detector.
#include "client/cli/event_scoring.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/cli/arguments.h"
#include "client/cli/embed_command.h"
#include "client/cli/progress_bar.h"
#include "client/cli/text_output.h"
#include "core/status_macros.h"

namespace latentspace::cli {
namespace {

// Adds one response's counts to *summary.
void AddCounts(const v1::ScoreEventsResponse& response, ScoreSummary* summary) {
  summary->detector = response.detector();
  summary->detector_version = response.detector_version();
  summary->accepted_events += response.accepted_events();
  summary->skipped_events += response.skipped_events();
  summary->cut = response.cut();
  summary->kept_events += response.kept_events();
}

}  // namespace

void AddScoreInputOptions(CLI::App* command, ScoreInputArgs* args, bool keep_required) {
  command->add_option("--detector", args->detector, "NAME or NAME:VERSION (default: latest)")
      ->required();
  command
      ->add_option("FILE", args->file,
                   "Dark Machines CSV (.csv, .csv.gz), HepMC3 or LHE events, or a feature table "
                   "(CSV with a header row, or HDF5) for a detector trained on named columns")
      ->required();
  AddEventFileOptions(command, &args->events, kTableFormatHelp);
  CLI::Option* keep = command->add_option(
      "--keep", args->keep,
      "share of the reference the detector's cut keeps, in [0, 1], e.g. 0.01; 0: no cut");
  if (keep_required) {
    keep->required();
  } else {
    keep->capture_default_str();
  }
}

absl::StatusOr<ScoreInput> OpenScoreInput(const ScoreInputArgs& args, const CommandContext& context,
                                          int* exit_code, v1::EventLevel* level) {
  const auto usage_error = [&](const absl::Status& status) {
    *exit_code = context.UsageError(status.message());
    return status;
  };
  ScoreInput input;
  input.file = args.file;
  absl::StatusOr<v1::DetectorRef> detector = ParseDetectorRef(args.detector);
  if (!detector.ok()) return usage_error(detector.status());
  input.detector = *std::move(detector);
  absl::StatusOr<double> keep = ParseKeep(args.keep);
  if (!keep.ok()) return usage_error(keep.status());
  input.keep = *keep;
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<InputFile> reader,
                          InputFile::Open(args.file, args.events, context, exit_code, level));
  input.reader = std::move(reader);
  return input;
}

absl::StatusOr<ScoreSummary> ScoreEventFile(Client& client, ScoreInput& input,
                                            const CommandContext& context,
                                            const ScoreConsumer& on_score, int* exit_code) {
  InputFile& reader = *input.reader;
  const std::string& file = input.file;
  v1::ScoreEventsRequest request;
  *request.mutable_detector() = input.detector;
  request.set_keep(input.keep);
  v1::EventBatch& sent = *request.mutable_events();
  const auto local_failure = [&](const absl::Status& status) {
    *exit_code = context.LocalError(status.message());
    return status;
  };
  ScoreSummary summary;
  summary.keep = input.keep;
  ProgressBar bar(absl::StrCat("scoring ", file));
  for (bool more = true; more;) {
    std::vector<Event> chunk;  // the events as read; none for a table
    sent.Clear();
    absl::StatusOr<bool> read = reader.AppendTo(kScoreRequestEvents, &sent, &chunk);
    if (!read.ok()) return local_failure(read.status());
    more = *read;
    const int64_t size = BatchSize(sent);
    if (size == 0) break;
    absl::StatusOr<v1::ScoreEventsResponse> response = client.ScoreEvents(request);
    if (!response.ok()) {
      *exit_code = context.ServerError(response.status());
      return response.status();
    }
    // Every event is scored by the version the first request resolved.
    request.mutable_detector()->set_version(response->detector_version());
    for (v1::EventScore& score : *response->mutable_scores()) {
      const int64_t index = score.index();
      if (index < 0 || index >= size) {
        return local_failure(absl::InternalError(absl::StrFormat(
            "%s: the server scored event %d of a request of %d events", file, index, size)));
      }
      score.set_index(summary.events + index);
      absl::Status consumed = on_score(score, sent, index, chunk.empty() ? nullptr : &chunk[index]);
      if (!consumed.ok()) return local_failure(consumed);
    }
    summary.events += size;
    AddCounts(*response, &summary);
    bar.Update(reader.bytes_consumed(), reader.file_bytes());
  }
  if (summary.events == 0) {
    return local_failure(absl::InvalidArgumentError(absl::StrCat(file, ": no events")));
  }
  return summary;
}

Json ScoreSummaryToJson(const ScoreSummary& summary) {
  return {{"detector", summary.detector},
          {"detector_version", summary.detector_version},
          {"events", summary.events},
          {"accepted_events", summary.accepted_events},
          {"skipped_events", summary.skipped_events},
          {"keep", summary.keep},
          {"cut", summary.cut},
          {"kept_events", summary.kept_events}};
}

std::string ScoreSummaryText(const ScoreSummary& summary) {
  const std::string cut = summary.keep == 0 ? std::string("no cut")
                                            : absl::StrCat("keep ", FormatNumber(summary.keep),
                                                           ": cut ", FormatNumber(summary.cut));
  return absl::StrFormat("detector %s:%d: %d events, %d accepted, %d skipped; %s, %d kept",
                         summary.detector, summary.detector_version, summary.events,
                         summary.accepted_events, summary.skipped_events, cut, summary.kept_events);
}

}  // namespace latentspace::cli
