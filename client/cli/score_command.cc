// `latentctl score`.
#include "client/cli/score_command.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/cli/csv_output.h"
#include "client/cli/exit_codes.h"
#include "core/events/darkmachines_writer.h"

namespace latentspace::cli {

int RunScore(const ScoreArgs& args, const CommandContext& context) {
  int exit_code = kExitOk;
  absl::StatusOr<ScoreInput> input = OpenScoreInput(args.input, context, &exit_code);
  if (!input.ok()) return exit_code;
  std::unique_ptr<DarkMachinesWriter> kept_events;
  if (!args.events_out.empty()) {
    absl::StatusOr<std::unique_ptr<DarkMachinesWriter>> writer =
        DarkMachinesWriter::Create(args.events_out);
    if (!writer.ok()) return context.LocalError(writer.status().message());
    kept_events = *std::move(writer);
  }
  absl::StatusOr<Client> client = context.Connect(&exit_code);
  if (!client.ok()) return exit_code;

  CsvOutput csv;
  if (absl::Status opened = csv.Open(args.out, "index,event_id,score,reference_tail,kept", context);
      !opened.ok()) {
    return context.LocalError(opened.message());
  }
  Json scores = Json::array();
  const absl::StatusOr<ScoreSummary> summary = ScoreEventFile(
      *client, *input, context,
      [&](const v1::EventScore& score, const v1::Event&, const Event& read) {
        if (csv.rows() != nullptr) {
          *csv.rows() << absl::StrFormat("%d,%s,%.9g,%.9g,%d\n", score.index(),
                                         CsvField(score.event_id()), score.score(),
                                         score.reference_tail(), score.kept() ? 1 : 0);
        } else {
          scores.push_back({{"index", score.index()},
                            {"event_id", score.event_id()},
                            {"score", score.score()},
                            {"reference_tail", score.reference_tail()},
                            {"kept", score.kept()}});
        }
        if (kept_events == nullptr || !score.kept()) return absl::OkStatus();
        return kept_events->Write(read);
      },
      &exit_code);
  if (!summary.ok()) return exit_code;
  if (absl::Status closed = csv.Close(); !closed.ok()) return context.LocalError(closed.message());
  if (kept_events != nullptr) {
    if (absl::Status closed = kept_events->Close(); !closed.ok()) {
      return context.LocalError(closed.message());
    }
  }

  if (context.global.json) {
    Json json = ScoreSummaryToJson(*summary);
    if (csv.collects_json()) json["scores"] = std::move(scores);
    if (!args.out.empty()) json["out"] = args.out;
    if (!args.events_out.empty()) json["events_out"] = args.events_out;
    context.PrintJson(json);
  } else {
    std::ostream& text = args.out.empty() ? context.err : context.out;
    text << ScoreSummaryText(*summary);
    if (!args.out.empty()) text << "; wrote " << args.out;
    if (!args.events_out.empty()) text << "; kept events in " << args.events_out;
    text << "\n";
  }
  return kExitOk;
}

void AddScoreCommand(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<ScoreArgs>();
  CLI::App* command = app.add_subcommand(
      "score", "Score an event file with an anomaly detector (CSV index,event_id,score,...)");
  AddScoreInputOptions(command, &args->input, /*keep_required=*/false);
  command->add_option("--out", args->out, "CSV file to write (default: stdout)");
  command->add_option("--events-out", args->events_out,
                      "Dark Machines CSV file (.csv or .csv.gz) to write the kept events to");
  SetRun(command, global, exit_code, "score",
         [args](const CommandContext& context) { return RunScore(*args, context); });
}

}  // namespace latentspace::cli
