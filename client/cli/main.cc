// latentctl: the command-line client of latentspace. Offline commands (inspect, simulate) work on
// local files; the others talk to latentd through the C++ SDK (client/sdk).
#include "CLI/CLI.hpp"
#include "client/cli/contours_command.h"
#include "client/cli/detectors_command.h"
#include "client/cli/distances_command.h"
#include "client/cli/embed_command.h"
#include "client/cli/encoders_command.h"
#include "client/cli/exit_codes.h"
#include "client/cli/featuremap_command.h"
#include "client/cli/global_options.h"
#include "client/cli/health_command.h"
#include "client/cli/inspect_command.h"
#include "client/cli/interpret_command.h"
#include "client/cli/jobs_command.h"
#include "client/cli/nearest_command.h"
#include "client/cli/samples_command.h"
#include "client/cli/score_command.h"
#include "client/cli/simulate_command.h"
#include "client/cli/train_command.h"
#include "proto/version.h"

int main(int argc, char** argv) {
  using namespace latentspace::cli;
  CLI::App app{"latentctl: universal new-physics latent space client"};
  app.require_subcommand(1);
  app.fallthrough();  // global options are accepted anywhere on the line
  app.set_version_flag("--version", latentspace::VersionLine("latentctl"));
  GlobalOptions global;
  AddGlobalOptions(app, &global);
  int exit_code = kExitOk;
  AddInspectCommand(app, global.json, exit_code);
  AddSimulateCommand(app, global, exit_code);
  AddHealthCommand(app, global, exit_code);
  AddSamplesCommand(app, global, exit_code);
  AddTrainCommand(app, global, exit_code);
  AddJobsCommand(app, global, exit_code);
  AddEncodersCommand(app, global, exit_code);
  AddEmbedCommand(app, global, exit_code);
  AddNearestCommand(app, global, exit_code);
  AddContoursCommand(app, global, exit_code);
  AddFeatureMapCommand(app, global, exit_code);
  AddDistancesCommand(app, global, exit_code);
  AddDetectorsCommand(app, global, exit_code);
  AddScoreCommand(app, global, exit_code);
  AddInterpretCommand(app, global, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? kExitOk : kExitUsage;
  }
  return exit_code;
}
