// latentctl: the command-line client of latentspace. Offline commands (inspect) work on local
// files; server commands arrive with latentd.
#include <iostream>

#include "CLI/CLI.hpp"
#include "client/cli/exit_codes.h"
#include "client/cli/inspect_command.h"

int main(int argc, char** argv) {
  using namespace latentspace::cli;
  CLI::App app{"latentctl: universal new-physics latent space client"};
  app.require_subcommand(1);
  app.fallthrough();  // global options are accepted anywhere on the line
  bool json = false;
  app.add_flag("--json", json, "machine-readable JSON output");
  int exit_code = kExitOk;
  AddInspectCommand(app, json, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? kExitOk : kExitUsage;
  }
  return exit_code;
}
