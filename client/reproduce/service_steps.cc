// latentctl's commands driven in process, their JSON parsed.
#include "client/reproduce/service_steps.h"

#include <iostream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "client/cli/command_context.h"
#include "client/cli/encoders_command.h"
#include "client/cli/samples_command.h"
#include "client/cli/simulate_command.h"

namespace latentspace::reproduce {
namespace {

std::vector<std::string> ParameterFlags(const std::map<std::string, double>& parameters) {
  std::vector<std::string> flags;
  flags.reserve(parameters.size());
  for (const auto& [name, value] : parameters) {
    flags.push_back(absl::StrFormat("%s=%.17g", name, value));
  }
  return flags;
}

}  // namespace

ServiceSteps::ServiceSteps(cli::GlobalOptions global) : global_(std::move(global)) {
  global_.json = true;
}

template <typename Run>
absl::StatusOr<Json> ServiceSteps::Call(const std::string& name, bool live, const Run& run) {
  std::ostringstream out, captured;
  std::ostream& err = live ? std::cerr : captured;
  const int exit_code = run(cli::CommandContext{global_, out, err, name});
  if (exit_code != 0) {
    const std::string message(absl::StripTrailingAsciiWhitespace(captured.str()));
    return absl::InternalError(absl::StrCat("latentctl ", name, " failed (exit ", exit_code, ")",
                                            message.empty() ? "" : ": ", message));
  }
  const Json json = Json::parse(out.str(), nullptr, false);
  if (json.is_discarded()) {
    return absl::InternalError(absl::StrCat("latentctl ", name, " printed no JSON: ", out.str()));
  }
  return json;
}

absl::StatusOr<Json> ServiceSteps::Simulate(const std::string& family,
                                            const std::map<std::string, double>& parameters,
                                            int64_t events, uint64_t seed, const std::string& out) {
  cli::SimulateArgs args;
  args.family = family;
  args.parameters = ParameterFlags(parameters);
  args.events = events;
  args.seed = seed;
  args.out = out;
  return Call("simulate", true,
              [&](const cli::CommandContext& context) { return cli::RunSimulate(args, context); });
}

absl::StatusOr<Json> ServiceSteps::Upload(const std::string& file, const std::string& name,
                                          const std::map<std::string, double>& parameters) {
  cli::UploadArgs args;
  args.file = file;
  args.name = name;
  args.parameters = ParameterFlags(parameters);
  args.overwrite = true;
  return Call("samples upload", true, [&](const cli::CommandContext& context) {
    return cli::RunSamplesUpload(args, context);
  });
}

absl::StatusOr<Json> ServiceSteps::Train(cli::TrainArgs args) {
  args.wait = true;
  absl::StatusOr<Json> job = Call("train", true, [&](const cli::CommandContext& context) {
    return cli::RunTrain(args, context);
  });
  if (!job.ok()) return job.status();
  const std::string ref = absl::StrCat((*job)["encoder"].get<std::string>(), ":",
                                       (*job)["encoder_version"].get<int64_t>());
  absl::StatusOr<Json> encoder = Call("encoders show", false, [&](const cli::CommandContext& c) {
    return cli::RunEncodersShow(ref, c);
  });
  if (!encoder.ok()) return encoder.status();
  return Json{{"job", *job}, {"encoder", *encoder}};
}

absl::StatusOr<Json> ServiceSteps::Contours(const cli::ContoursArgs& args) {
  return Call("contours", false,
              [&](const cli::CommandContext& context) { return cli::RunContours(args, context); });
}

absl::StatusOr<Json> ServiceSteps::FeatureMap(const cli::FeatureMapArgs& args) {
  return Call("featuremap", false, [&](const cli::CommandContext& context) {
    return cli::RunFeatureMap(args, context);
  });
}

absl::StatusOr<Json> ServiceSteps::Distances(const cli::DistancesArgs& args) {
  return Call("distances", false,
              [&](const cli::CommandContext& context) { return cli::RunDistances(args, context); });
}

absl::StatusOr<Json> ServiceSteps::Nearest(const cli::NearestArgs& args) {
  return Call("nearest", false,
              [&](const cli::CommandContext& context) { return cli::RunNearest(args, context); });
}

}  // namespace latentspace::reproduce
