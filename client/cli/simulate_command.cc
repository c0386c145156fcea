// `latentctl simulate`: events of a model family into a Dark Machines CSV file.
#include "client/cli/simulate_command.h"

#include <chrono>
#include <map>
#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/cli/arguments.h"
#include "client/cli/exit_codes.h"
#include "client/cli/progress_bar.h"
#include "core/events/darkmachines_writer.h"
#include "core/sim/families.h"
#include "core/sim/simulator.h"

namespace latentspace::cli {
namespace {

using Json = nlohmann::ordered_json;

// Events between progress-bar updates.
constexpr int64_t kProgressEvery = 4096;

Json FamiliesToJson() {
  Json families = Json::array();
  for (const sim::Family& family : sim::Families()) {
    Json parameters = Json::array();
    for (const sim::ParameterSpec& spec : family.parameters) {
      parameters.push_back({{"name", spec.name},
                            {"min", spec.min},
                            {"max", spec.max},
                            {"unit", "GeV"},
                            {"description", spec.description}});
    }
    families.push_back(
        {{"name", family.name}, {"description", family.description}, {"parameters", parameters}});
  }
  return {{"families", families}};
}

void PrintFamilies(std::ostream& out) {
  for (const sim::Family& family : sim::Families()) {
    out << absl::StrFormat("%-16s %s\n", family.name, family.description);
    for (const sim::ParameterSpec& spec : family.parameters) {
      out << absl::StrFormat("  --param %s=VALUE  %s, %g to %g GeV\n", spec.name, spec.description,
                             spec.min, spec.max);
    }
  }
}

bool IsUsageProblem(const absl::Status& status) {
  return absl::IsInvalidArgument(status) || absl::IsNotFound(status);
}

}  // namespace

int RunSimulate(const SimulateArgs& args, const CommandContext& context) {
  if (args.list) {
    if (context.global.json) {
      context.PrintJson(FamiliesToJson());
    } else {
      PrintFamilies(context.out);
    }
    return kExitOk;
  }
  if (args.family.empty()) return context.UsageError("--family is required (see --list)");
  if (args.out.empty()) return context.UsageError("--out is required");
  if (args.events < 1) {
    return context.UsageError(absl::StrCat("--events ", args.events, ": must be at least 1"));
  }
  absl::StatusOr<std::map<std::string, double>> parameters = ParseParameters(args.parameters);
  if (!parameters.ok()) return context.UsageError(parameters.status().message());
  absl::StatusOr<sim::Simulator> simulator =
      sim::Simulator::Create(args.family, *parameters, args.seed);
  if (!simulator.ok()) {
    return IsUsageProblem(simulator.status()) ? context.UsageError(simulator.status().message())
                                              : context.LocalError(simulator.status().message());
  }

  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<std::unique_ptr<DarkMachinesWriter>> writer = DarkMachinesWriter::Create(args.out);
  if (!writer.ok()) return context.LocalError(writer.status().message());
  ProgressBar bar("simulating " + simulator->process_id());
  Event event;
  for (int64_t i = 0; i < args.events; ++i) {
    simulator->Generate(i, &event);
    if (absl::Status status = (*writer)->Write(event); !status.ok()) {
      return context.LocalError(status.message());
    }
    if (i % kProgressEvery == 0) bar.Update(i, args.events);
  }
  if (absl::Status status = (*writer)->Close(); !status.ok()) {
    return context.LocalError(status.message());
  }
  bar.Update(args.events, args.events);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  if (context.global.json) {
    Json json;
    json["family"] = args.family;
    json["parameters"] = Json::object();
    for (const auto& [name, value] : *parameters) json["parameters"][name] = value;
    json["process"] = simulator->process_id();
    json["events"] = args.events;
    json["seed"] = args.seed;
    json["out"] = args.out;
    json["seconds"] = seconds;
    context.PrintJson(json);
  } else {
    context.out << absl::StrFormat("wrote %d events of %s (seed %d) to %s in %.2f s\n", args.events,
                                   simulator->process_id(), args.seed, args.out, seconds);
  }
  return kExitOk;
}

void AddSimulateCommand(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<SimulateArgs>();
  CLI::App* command = app.add_subcommand(
      "simulate", "Simulate events of a model family offline into a Dark Machines CSV file");
  command->add_flag("--list", args->list, "list the families and their parameters");
  command->add_option("--family", args->family, "model family, e.g. gluino (see --list)");
  command->add_option("--param", args->parameters,
                      "theory parameter NAME=VALUE in GeV (repeatable), e.g. mgluino=1600");
  command->add_option("--events", args->events, "number of events")->capture_default_str();
  command->add_option("--seed", args->seed, "random seed; the same seed gives the same file")
      ->check(CLI::Validator(
          [](const std::string& text) {
            return text.find('-') == std::string::npos ? std::string()
                                                       : "'" + text + "' is negative";
          },
          ""))
      ->capture_default_str();
  command->add_option("--out", args->out, "output file (.csv, or .csv.gz for gzip)");
  SetRun(command, global, exit_code, "simulate",
         [args](const CommandContext& context) { return RunSimulate(*args, context); });
}

}  // namespace latentspace::cli
