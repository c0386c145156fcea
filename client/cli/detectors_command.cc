// `latentctl detectors train|list|show|delete`.
#include "client/cli/detectors_command.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/cli/arguments.h"
#include "client/cli/exit_codes.h"
#include "client/cli/job_output.h"
#include "client/cli/preset_options.h"
#include "client/cli/proto_json.h"
#include "client/cli/text_output.h"

namespace latentspace::cli {
namespace {

v1::DetectorTrainingRequest ToRequest(const DetectorTrainArgs& args) {
  v1::DetectorTrainingRequest request;
  request.set_detector(args.detector);
  request.set_kind(args.kind);
  request.set_reference(args.reference);
  request.set_signal(args.signal);
  request.set_preset(args.preset);
  request.set_epochs(args.epochs);
  request.set_batch_size(args.batch_size);
  request.set_seed(args.seed);
  request.set_learning_rate(args.learning_rate);
  request.set_patience(args.patience);
  request.set_validation_fraction(args.validation_fraction);
  request.set_latent_dim(args.latent_dim);
  request.set_kl_weight(args.kl_weight);
  request.set_missing_jets(args.missing_jets);
  request.set_max_events_per_sample(args.max_events_per_sample);
  request.set_significance_keep(args.significance_keep);
  return request;
}

Json DetectorListToJson(const v1::ListDetectorsResponse& response) {
  Json detectors = Json::array();
  for (const v1::Detector& detector : response.detectors()) {
    detectors.push_back(DetectorToJson(detector));
  }
  return {{"detectors", detectors}};
}

void PrintDetectorTable(const v1::ListDetectorsResponse& response, std::ostream& out) {
  Table table({"NAME", "VERSION", "KIND", "PRESET", "REFERENCE", "SIGNAL", "AUC", "CREATED"});
  for (const v1::Detector& detector : response.detectors()) {
    table.AddRow(
        {detector.name(), absl::StrCat(detector.version()), detector.kind(), detector.preset(),
         detector.reference(), detector.signal().empty() ? "-" : detector.signal(),
         FormatNumber(detector.validation().auc()), FormatTime(detector.created_unix_ms())});
  }
  table.Print(out);
}

void PrintDetector(const v1::Detector& detector, std::ostream& out) {
  const v1::DetectorValidation& validation = detector.validation();
  PrintFields(
      {{"name", detector.name()},
       {"version", absl::StrCat(detector.version())},
       {"job", detector.job_id()},
       {"kind", detector.kind()},
       {"preset", detector.preset()},
       {"features", absl::StrJoin(detector.feature_names(), ",")},
       {"reference",
        absl::StrCat(detector.reference(), " (", detector.reference_events(), " events)")},
       {"signal", detector.signal().empty() ? "-"
                                            : absl::StrCat(detector.signal(), " (",
                                                           detector.signal_events(), " events)")},
       {"latent dim", absl::StrCat(detector.latent_dim())},
       {"kl weight", FormatNumber(detector.kl_weight())},
       {"best epoch", absl::StrCat(detector.best_epoch())},
       {"best val loss", FormatNumber(detector.best_validation_loss())},
       {"val AUC", FormatNumber(validation.auc())},
       {"val significance", absl::StrCat(FormatNumber(validation.significance()), " at keep ",
                                         FormatNumber(validation.significance_keep()))},
       {"epochs run", absl::StrCat(detector.history_size())},
       {"created", FormatTime(detector.created_unix_ms())},
       {"stored bytes", absl::StrCat(detector.stored_bytes())},
       {"loaded", detector.loaded() ? "yes" : "no"}},
      out);
  out << "\n";
  Table cuts({"KEEP", "SCORE CUT"});
  for (const v1::ScoreCut& cut : detector.cuts()) {
    cuts.AddRow({FormatNumber(cut.keep()), FormatNumber(cut.score())});
  }
  cuts.Print(out);
}

}  // namespace

int RunDetectorsTrain(const DetectorTrainArgs& args, const CommandContext& context) {
  int exit_code = kExitOk;
  absl::StatusOr<Client> client = context.Connect(&exit_code);
  if (!client.ok()) return exit_code;
  return ReportSubmittedJob(*client, client->SubmitDetectorTraining(ToRequest(args)), args.wait,
                            context);
}

int RunDetectorsList(bool all_versions, const CommandContext& context) {
  int exit_code = kExitOk;
  absl::StatusOr<Client> client = context.Connect(&exit_code);
  if (!client.ok()) return exit_code;
  return context.Print(client->ListDetectors(all_versions), DetectorListToJson, PrintDetectorTable);
}

int RunDetectorsShow(const std::string& ref, const CommandContext& context) {
  return context.WithRef(ref, ParseDetectorRef, [&](Client& client, const v1::DetectorRef& parsed) {
    return context.Print(client.GetDetector(parsed), DetectorToJson, PrintDetector);
  });
}

int RunDetectorsDelete(const std::string& ref, const CommandContext& context) {
  return context.WithRef(ref, ParseDetectorRef, [&](Client& client, const v1::DetectorRef& parsed) {
    return context.ReportDeleted(client.DeleteDetector(parsed).status(), "detector", parsed.name(),
                                 parsed.version());
  });
}

void AddDetectorsCommand(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  CLI::App* detectors =
      app.add_subcommand("detectors", "Train, list, show and delete anomaly detectors");
  detectors->require_subcommand(1);

  auto args = std::make_shared<DetectorTrainArgs>();
  CLI::App* command = detectors->add_subcommand(
      "train", "Train an anomaly detector on a reference (Standard Model) sample");
  command->add_option("--name", args->detector, "name of the detector to train")->required();
  command
      ->add_option("--kind", args->kind, "autoencoder (default), vae, vae-classifier or classifier")
      ->check(CLI::IsMember({"autoencoder", "vae", "vae-classifier", "classifier"}));
  command->add_option("--reference", args->reference, "stored sample of reference events")
      ->required();
  command->add_option("--signal", args->signal,
                      "stored signal sample: needed by vae-classifier and classifier");
  AddPresetOptions(command, &args->preset);
  command->add_option("--epochs", args->epochs, "default 300")->check(CLI::PositiveNumber);
  command->add_option("--batch-size", args->batch_size, "events per step, default 256")
      ->check(CLI::PositiveNumber);
  command->add_option("--seed", args->seed, "random seed, recorded with the detector");
  command->add_option("--learning-rate", args->learning_rate, "Adam's initial rate, default 1e-3")
      ->check(CLI::PositiveNumber);
  command->add_option("--patience", args->patience,
                      "early stopping in epochs, default 30, -1: never");
  command->add_option("--validation-fraction", args->validation_fraction, "default 0.2")
      ->check(CLI::PositiveNumber);
  command->add_option("--latent-dim", args->latent_dim, "default 4 (not for classifier)")
      ->check(CLI::PositiveNumber);
  command->add_option("--kl-weight", args->kl_weight, "vae and vae-classifier, default 0.1")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--missing-jets", args->missing_jets, "skip (default), zero or error");
  command->add_option("--max-events-per-sample", args->max_events_per_sample, "0: all")
      ->check(CLI::NonNegativeNumber);
  command
      ->add_option("--significance-keep", args->significance_keep,
                   "reference share kept by the held-out significance cut, default 0.01")
      ->check(CLI::PositiveNumber);
  command->add_flag("--wait", args->wait, "follow the job to its end; exit 0 only on success");
  SetRun(command, global, exit_code, "detectors train",
         [args](const CommandContext& context) { return RunDetectorsTrain(*args, context); });

  auto all_versions = std::make_shared<bool>(false);
  command = detectors->add_subcommand("list", "List detectors (latest versions)");
  command->add_flag("--all-versions", *all_versions, "every version, not only the latest");
  SetRun(command, global, exit_code, "detectors list",
         [all_versions](const CommandContext& c) { return RunDetectorsList(*all_versions, c); });

  auto ref = std::make_shared<std::string>();
  command = detectors->add_subcommand("show", "Show a detector: config, validation, score cuts");
  command->add_option("DETECTOR", *ref, "NAME or NAME:VERSION (default: latest)")->required();
  SetRun(command, global, exit_code, "detectors show",
         [ref](const CommandContext& context) { return RunDetectorsShow(*ref, context); });

  command = detectors->add_subcommand("delete", "Delete one version, or every version");
  command->add_option("DETECTOR", *ref, "NAME (every version) or NAME:VERSION")->required();
  SetRun(command, global, exit_code, "detectors delete",
         [ref](const CommandContext& context) { return RunDetectorsDelete(*ref, context); });
}

}  // namespace latentspace::cli
