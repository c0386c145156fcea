// `latentctl train`: submits a training job on stored samples; with --wait, follows it to the end
// with a live progress bar and exits 0 only when it SUCCEEDED.
#ifndef LATENTSPACE_CLIENT_CLI_TRAIN_COMMAND_H_
#define LATENTSPACE_CLIENT_CLI_TRAIN_COMMAND_H_

#include <cstdint>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "client/cli/command_context.h"
#include "client/cli/global_options.h"

namespace latentspace::cli {

// Zero values leave the server's defaults.
struct TrainArgs {
  std::string encoder;
  std::vector<std::string> samples;
  std::string preset;
  std::string variant;
  int32_t epochs = 0;
  int32_t batch_size = 0;
  uint64_t seed = 0;
  double learning_rate = 0;
  int32_t patience = 0;
  double final_learning_rate_fraction = 0;
  int32_t initialisations = 0;
  int32_t events_per_set = 0;
  double validation_fraction = 0;
  double test_fraction = 0;
  std::string missing_jets;
  int64_t max_events_per_sample = 0;
  bool wait = false;
};

int RunTrain(const TrainArgs& args, const CommandContext& context);

void AddTrainCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_TRAIN_COMMAND_H_
