// `latentctl encoders list|show|delete`.
#include "client/cli/encoders_command.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "client/cli/arguments.h"
#include "client/cli/exit_codes.h"
#include "client/cli/proto_json.h"
#include "client/cli/text_output.h"

namespace latentspace::cli {
namespace {

Json EncoderListToJson(const v1::ListEncodersResponse& response) {
  Json encoders = Json::array();
  for (const v1::Encoder& encoder : response.encoders()) {
    encoders.push_back(EncoderToJson(encoder));
  }
  return {{"encoders", encoders}};
}

// "0.912 [0.897, 0.925], 228 of 250 sets" (the 68% interval), or "no test split" without sets.
std::string FormatAccuracy(const v1::SetAccuracy& accuracy, bool counts = true) {
  if (accuracy.sets() == 0) return "no test split";
  std::string text =
      absl::StrFormat("%.3f [%.3f, %.3f]", accuracy.value(), accuracy.lower(), accuracy.upper());
  if (counts) absl::StrAppend(&text, ", ", accuracy.correct(), " of ", accuracy.sets(), " sets");
  return text;
}

void PrintEncoderTable(const v1::ListEncodersResponse& response, std::ostream& out) {
  Table table(
      {"NAME", "VERSION", "PRESET", "VARIANT", "K", "MODELS", "TEST ACCURACY (68%)", "CREATED"});
  for (const v1::Encoder& encoder : response.encoders()) {
    table.AddRow({encoder.name(), absl::StrCat(encoder.version()), encoder.preset(),
                  encoder.variant(), absl::StrCat(encoder.events_per_set()),
                  absl::StrCat(encoder.models_size()), FormatAccuracy(encoder.test(), false),
                  FormatTime(encoder.created_unix_ms())});
  }
  table.Print(out);
}

void PrintEncoder(const v1::Encoder& encoder, std::ostream& out) {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"name", encoder.name()},
      {"version", absl::StrCat(encoder.version())},
      {"job", encoder.job_id()},
      {"preset", encoder.preset()},
      {"variant", encoder.variant()},
      {"events per set", absl::StrCat(encoder.events_per_set())},
      {"latent dim", absl::StrCat(encoder.latent_dim())},
      {"features", absl::StrJoin(encoder.feature_names(), ",")},
      {"seed", absl::StrCat(encoder.seed())},
      {"best epoch", absl::StrCat(encoder.best_epoch())},
      {"best val loss", FormatNumber(encoder.best_validation_loss())},
      {"val accuracy", FormatAccuracy(encoder.validation())},
      {"test accuracy", FormatAccuracy(encoder.test())},
      {"epochs run", absl::StrCat(encoder.history_size())},
      {"created", FormatTime(encoder.created_unix_ms())},
      {"stored bytes", absl::StrCat(encoder.stored_bytes())},
      {"loaded", encoder.loaded() ? "yes" : "no"}};
  for (const std::string& restart : encoder.restarts()) fields.emplace_back("restart", restart);
  PrintFields(fields, out);
  out << "\n";
  out << "accuracies: share of sets assigned to their own model, with the 68% interval; the "
         "validation sets chose the epoch, the test sets chose nothing\n\n";
  Table models({"MODEL", "FAMILY", "POINTS", "TEST SETS", "TEST ACCURACY (68%)", "PARAMETERS"});
  for (const v1::KnownModel& model : encoder.models()) {
    models.AddRow({model.name(), model.family().empty() ? "-" : model.family(),
                   absl::StrCat(model.num_points()), absl::StrCat(model.num_test_points()),
                   FormatAccuracy(model.test(), false), FormatParameters(model.parameters())});
  }
  models.Print(out);
}

}  // namespace

int RunEncodersList(bool all_versions, const CommandContext& context) {
  int exit_code = kExitOk;
  absl::StatusOr<Client> client = context.Connect(&exit_code);
  if (!client.ok()) return exit_code;
  return context.Print(client->ListEncoders(all_versions), EncoderListToJson, PrintEncoderTable);
}

int RunEncodersShow(const std::string& ref, const CommandContext& context) {
  return context.WithRef(ref, ParseEncoderRef, [&](Client& client, const v1::EncoderRef& parsed) {
    return context.Print(client.GetEncoder(parsed), EncoderToJson, PrintEncoder);
  });
}

int RunEncodersDelete(const std::string& ref, const CommandContext& context) {
  return context.WithRef(ref, ParseEncoderRef, [&](Client& client, const v1::EncoderRef& parsed) {
    return context.ReportDeleted(client.DeleteEncoder(parsed).status(), "encoder", parsed.name(),
                                 parsed.version());
  });
}

void AddEncodersCommand(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  CLI::App* encoders = app.add_subcommand("encoders", "List, show and delete trained encoders");
  encoders->require_subcommand(1);

  auto all_versions = std::make_shared<bool>(false);
  CLI::App* command = encoders->add_subcommand("list", "List encoders (latest versions)");
  command->add_flag("--all-versions", *all_versions, "every version, not only the latest");
  SetRun(command, global, exit_code, "encoders list",
         [all_versions](const CommandContext& c) { return RunEncodersList(*all_versions, c); });

  auto ref = std::make_shared<std::string>();
  command = encoders->add_subcommand("show", "Show an encoder: config, metrics, known models");
  command->add_option("ENCODER", *ref, "NAME or NAME:VERSION (default: latest)")->required();
  SetRun(command, global, exit_code, "encoders show",
         [ref](const CommandContext& context) { return RunEncodersShow(*ref, context); });

  command = encoders->add_subcommand("delete", "Delete one version, or every version");
  command->add_option("ENCODER", *ref, "NAME (every version) or NAME:VERSION")->required();
  SetRun(command, global, exit_code, "encoders delete",
         [ref](const CommandContext& context) { return RunEncodersDelete(*ref, context); });
}

}  // namespace latentspace::cli
