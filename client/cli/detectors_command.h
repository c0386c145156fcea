// `latentctl detectors train|list|show|delete`: anomaly detectors, trained by detector jobs on a
// reference (Standard Model) sample and optionally a signal sample, and the registry of them.
#ifndef LATENTSPACE_CLIENT_CLI_DETECTORS_COMMAND_H_
#define LATENTSPACE_CLIENT_CLI_DETECTORS_COMMAND_H_

#include <cstdint>
#include <string>

#include "CLI/CLI.hpp"
#include "client/cli/command_context.h"
#include "client/cli/global_options.h"

namespace latentspace::cli {

// Zero values leave the server's defaults.
struct DetectorTrainArgs {
  std::string detector;
  std::string kind;
  std::string reference;
  std::string signal;
  std::string preset;
  int32_t epochs = 0;
  int32_t batch_size = 0;
  uint64_t seed = 0;
  double learning_rate = 0;
  int32_t patience = 0;
  double validation_fraction = 0;
  int32_t latent_dim = 0;
  double kl_weight = 0;
  std::string missing_jets;
  int64_t max_events_per_sample = 0;
  double significance_keep = 0;
  bool wait = false;
};

// Submits a detector training job; with --wait follows it as `train --wait` does.
int RunDetectorsTrain(const DetectorTrainArgs& args, const CommandContext& context);
int RunDetectorsList(bool all_versions, const CommandContext& context);
// `ref` is NAME or NAME:VERSION.
int RunDetectorsShow(const std::string& ref, const CommandContext& context);
// NAME deletes every version, NAME:VERSION one.
int RunDetectorsDelete(const std::string& ref, const CommandContext& context);

void AddDetectorsCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_DETECTORS_COMMAND_H_
