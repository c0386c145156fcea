// `latentctl health`: the server's grpc.health.v1 status (SERVING exits 0).
#ifndef LATENTSPACE_CLIENT_CLI_HEALTH_COMMAND_H_
#define LATENTSPACE_CLIENT_CLI_HEALTH_COMMAND_H_

#include "CLI/CLI.hpp"
#include "client/cli/command_context.h"
#include "client/cli/global_options.h"

namespace latentspace::cli {

// Prints SERVING (JSON: {"status": "SERVING"}); exit 1 when the server answers anything else.
int RunHealth(const CommandContext& context);

void AddHealthCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_HEALTH_COMMAND_H_
