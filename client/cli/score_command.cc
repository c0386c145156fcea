// `latentctl score`.
#include "client/cli/score_command.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/cli/csv_output.h"
#include "client/cli/exit_codes.h"
#include "client/sdk/feature_table.h"
#include "core/events/darkmachines_writer.h"
#include "core/features/feature_table.h"

namespace latentspace::cli {

int RunScore(const ScoreArgs& args, const CommandContext& context) {
  int exit_code = kExitOk;
  absl::StatusOr<ScoreInput> input = OpenScoreInput(args.input, context, &exit_code);
  if (!input.ok()) return exit_code;
  // The kept events as Dark Machines CSV, or a table's kept rows as a table.
  std::unique_ptr<DarkMachinesWriter> kept_events;
  std::unique_ptr<FeatureTableWriter> kept_rows;
  if (!args.events_out.empty()) {
    const FeatureTableReader* table = input->reader->table();
    absl::Status created;
    if (table != nullptr) {
      absl::StatusOr<std::unique_ptr<FeatureTableWriter>> writer =
          FeatureTableWriter::Create(args.events_out, table->columns());
      created = writer.status();
      if (writer.ok()) kept_rows = *std::move(writer);
    } else {
      absl::StatusOr<std::unique_ptr<DarkMachinesWriter>> writer =
          DarkMachinesWriter::Create(args.events_out);
      created = writer.status();
      if (writer.ok()) kept_events = *std::move(writer);
    }
    if (!created.ok()) return context.LocalError(created.message());
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
      [&](const v1::EventScore& score, const v1::EventBatch& sent, int64_t index,
          const Event* read) {
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
        if (!score.kept()) return absl::OkStatus();
        if (kept_rows != nullptr) return kept_rows->Write(FeatureTableRow(sent.table(), index));
        return kept_events != nullptr ? kept_events->Write(*read) : absl::OkStatus();
      },
      &exit_code);
  if (!summary.ok()) return exit_code;
  if (absl::Status closed = csv.Close(); !closed.ok()) return context.LocalError(closed.message());
  if (absl::Status closed = kept_events != nullptr ? kept_events->Close()
                            : kept_rows != nullptr ? kept_rows->Close()
                                                   : absl::OkStatus();
      !closed.ok()) {
    return context.LocalError(closed.message());
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
  CLI::App* command =
      app.add_subcommand("score",
                         "Score an event file or a feature table with an anomaly detector (CSV "
                         "index,event_id,score,...)");
  AddScoreInputOptions(command, &args->input, /*keep_required=*/false);
  command->add_option("--out", args->out, "CSV file to write (default: stdout)");
  command->add_option("--events-out", args->events_out,
                      "file (.csv or .csv.gz) to write the kept events to: Dark Machines CSV, or "
                      "for a feature table the kept rows as a table with its columns");
  SetRun(command, global, exit_code, "score",
         [args](const CommandContext& context) { return RunScore(*args, context); });
}

}  // namespace latentspace::cli
