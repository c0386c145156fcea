// `latentctl jobs list|get|watch|cancel`: training jobs.
#ifndef LATENTSPACE_CLIENT_CLI_JOBS_COMMAND_H_
#define LATENTSPACE_CLIENT_CLI_JOBS_COMMAND_H_

#include <string>

#include "CLI/CLI.hpp"
#include "client/cli/command_context.h"
#include "client/cli/global_options.h"

namespace latentspace::cli {

// `state` empty: every job; else a state name (see ParseJobState).
int RunJobsList(const std::string& state, const CommandContext& context);
int RunJobsGet(const std::string& id, const CommandContext& context);
// Exit 0 only when the job ends SUCCEEDED; --json prints one JSON line per update.
int RunJobsWatch(const std::string& id, const CommandContext& context);
int RunJobsCancel(const std::string& id, const CommandContext& context);

void AddJobsCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_JOBS_COMMAND_H_
