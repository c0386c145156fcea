// `latentctl jobs list|get|watch|cancel`.
#include "client/cli/jobs_command.h"

#include <memory>

#include "client/cli/arguments.h"
#include "client/cli/exit_codes.h"
#include "client/cli/job_output.h"
#include "client/cli/proto_json.h"

namespace latentspace::cli {
namespace {

Json JobListToJson(const v1::ListJobsResponse& response) {
  Json jobs = Json::array();
  for (const v1::Job& job : response.jobs()) jobs.push_back(JobToJson(job));
  return {{"jobs", jobs}};
}

}  // namespace

int RunJobsList(const std::string& state, const CommandContext& context) {
  v1::JobState wanted = v1::JOB_STATE_UNSPECIFIED;
  if (!state.empty()) {
    absl::StatusOr<v1::JobState> parsed = ParseJobState(state);
    if (!parsed.ok()) return context.UsageError(parsed.status().message());
    wanted = *parsed;
  }
  int exit_code = kExitOk;
  absl::StatusOr<Client> client = context.Connect(&exit_code);
  if (!client.ok()) return exit_code;
  return context.Print(client->ListJobs(wanted), JobListToJson, PrintJobTable);
}

int RunJobsGet(const std::string& id, const CommandContext& context) {
  int exit_code = kExitOk;
  absl::StatusOr<Client> client = context.Connect(&exit_code);
  if (!client.ok()) return exit_code;
  return context.Print(client->GetJob(id), JobToJson, PrintJob);
}

int RunJobsWatch(const std::string& id, const CommandContext& context) {
  int exit_code = kExitOk;
  absl::StatusOr<Client> client = context.Connect(&exit_code);
  if (!client.ok()) return exit_code;
  const bool json_lines = context.global.json;
  return ReportFinishedJob(WatchJobWithProgress(*client, id, json_lines, context),
                           /*printed=*/json_lines, context);
}

int RunJobsCancel(const std::string& id, const CommandContext& context) {
  int exit_code = kExitOk;
  absl::StatusOr<Client> client = context.Connect(&exit_code);
  if (!client.ok()) return exit_code;
  return context.Print(client->CancelJob(id), JobToJson, PrintJob);
}

void AddJobsCommand(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  CLI::App* jobs = app.add_subcommand("jobs", "List, inspect, watch and cancel training jobs");
  jobs->require_subcommand(1);

  auto state = std::make_shared<std::string>();
  CLI::App* command = jobs->add_subcommand("list", "List jobs, newest first");
  command->add_option("--state", *state, "queued, running, succeeded, failed or cancelled");
  SetRun(command, global, exit_code, "jobs list",
         [state](const CommandContext& context) { return RunJobsList(*state, context); });

  auto id = std::make_shared<std::string>();
  const auto add_id_command = [&](const std::string& name, const std::string& help,
                                  int (*run)(const std::string&, const CommandContext&)) {
    CLI::App* command = jobs->add_subcommand(name, help);
    command->add_option("ID", *id, "job id")->required();
    SetRun(command, global, exit_code, "jobs " + name,
           [id, run](const CommandContext& context) { return run(*id, context); });
  };
  add_id_command("get", "Show one job", RunJobsGet);
  add_id_command("watch", "Follow a job to its end (exit 0 only on success)", RunJobsWatch);
  add_id_command("cancel", "Cancel a queued or running job", RunJobsCancel);
}

}  // namespace latentspace::cli
