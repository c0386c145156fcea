// `latentctl encoders list|show|delete`: the encoders training jobs registered.
#ifndef LATENTSPACE_CLIENT_CLI_ENCODERS_COMMAND_H_
#define LATENTSPACE_CLIENT_CLI_ENCODERS_COMMAND_H_

#include <string>

#include "CLI/CLI.hpp"
#include "client/cli/command_context.h"
#include "client/cli/global_options.h"

namespace latentspace::cli {

int RunEncodersList(bool all_versions, const CommandContext& context);
// `ref` is NAME or NAME:VERSION.
int RunEncodersShow(const std::string& ref, const CommandContext& context);
// NAME deletes every version, NAME:VERSION one.
int RunEncodersDelete(const std::string& ref, const CommandContext& context);

void AddEncodersCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_ENCODERS_COMMAND_H_
