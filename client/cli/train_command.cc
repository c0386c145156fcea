// `latentctl train`.
#include "client/cli/train_command.h"

#include <memory>

#include "client/cli/exit_codes.h"
#include "client/cli/job_output.h"
#include "client/cli/preset_options.h"

namespace latentspace::cli {
namespace {

v1::TrainingRequest ToRequest(const TrainArgs& args) {
  v1::TrainingRequest request;
  request.set_encoder(args.encoder);
  for (const std::string& sample : args.samples) request.add_samples(sample);
  request.set_preset(args.preset);
  request.set_variant(args.variant);
  request.set_epochs(args.epochs);
  request.set_batch_size(args.batch_size);
  request.set_seed(args.seed);
  request.set_learning_rate(args.learning_rate);
  request.set_patience(args.patience);
  request.set_final_learning_rate_fraction(args.final_learning_rate_fraction);
  request.set_initialisations(args.initialisations);
  request.set_events_per_set(args.events_per_set);
  request.set_validation_fraction(args.validation_fraction);
  request.set_test_fraction(args.test_fraction);
  request.set_missing_jets(args.missing_jets);
  request.set_max_events_per_sample(args.max_events_per_sample);
  return request;
}

}  // namespace

int RunTrain(const TrainArgs& args, const CommandContext& context) {
  int exit_code = kExitOk;
  absl::StatusOr<Client> client = context.Connect(&exit_code);
  if (!client.ok()) return exit_code;
  return ReportSubmittedJob(*client, client->SubmitTraining(ToRequest(args)), args.wait, context);
}

void AddTrainCommand(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<TrainArgs>();
  CLI::App* command =
      app.add_subcommand("train", "Train an encoder on stored samples (the known models)");
  command->add_option("--encoder", args->encoder, "name of the encoder to train")->required();
  command->add_option("--samples", args->samples, "two or more sample names, comma-separated")
      ->required()
      ->delimiter(',');
  AddPresetOptions(command, &args->preset);
  command->add_option("--variant", args->variant,
                      "contrastive (default), autoencoder or vae-contrastive");
  command->add_option("--epochs", args->epochs, "per initialisation, default 600")
      ->check(CLI::PositiveNumber);
  command->add_option("--batch-size", args->batch_size, "sets per step, default 256")
      ->check(CLI::PositiveNumber);
  command->add_option("--seed", args->seed, "random seed, recorded with the encoder");
  command->add_option("--learning-rate", args->learning_rate, "Adam's initial rate, default 1e-3")
      ->check(CLI::PositiveNumber);
  command
      ->add_option("--final-lr-fraction", args->final_learning_rate_fraction,
                   "cosine decay to this fraction of the rate, default 0.01; 1: constant")
      ->check(CLI::PositiveNumber);
  command
      ->add_option("--initialisations", args->initialisations,
                   "independent starts, the best on validation kept, default 2")
      ->check(CLI::PositiveNumber);
  command->add_option("--patience", args->patience,
                      "early stopping in epochs, default 100, -1: never");
  command->add_option("--events-per-set", args->events_per_set, "k, default 10")
      ->check(CLI::PositiveNumber);
  command->add_option("--validation-fraction", args->validation_fraction, "default 0.2")
      ->check(CLI::PositiveNumber);
  command
      ->add_option("--test-fraction", args->test_fraction,
                   "held out of training and validation for the test figures and fit tests, "
                   "default 0.2")
      ->check(CLI::PositiveNumber);
  command->add_option("--missing-jets", args->missing_jets, "skip (default), zero or error");
  command->add_option("--max-events-per-sample", args->max_events_per_sample, "0: all")
      ->check(CLI::NonNegativeNumber);
  command->add_flag("--wait", args->wait, "follow the job to its end; exit 0 only on success");
  SetRun(command, global, exit_code, "train",
         [args](const CommandContext& context) { return RunTrain(*args, context); });
}

}  // namespace latentspace::cli
