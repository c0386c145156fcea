// `latentctl health`.
#include "client/cli/health_command.h"

#include "client/cli/exit_codes.h"

namespace latentspace::cli {

int RunHealth(const CommandContext& context) {
  int exit_code = kExitOk;
  absl::StatusOr<Client> client = context.Connect(&exit_code);
  if (!client.ok()) return exit_code;
  absl::StatusOr<grpc::health::v1::HealthCheckResponse> health = client->Health();
  if (!health.ok()) return context.ServerError(health.status());
  const std::string status =
      grpc::health::v1::HealthCheckResponse::ServingStatus_Name(health->status());
  if (context.global.json) {
    context.PrintJson({{"status", status}});
  } else {
    context.out << status << "\n";
  }
  return health->status() == grpc::health::v1::HealthCheckResponse::SERVING ? kExitOk : kExitError;
}

void AddHealthCommand(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  CLI::App* command = app.add_subcommand("health", "Check that latentd serves (SERVING)");
  SetRun(command, global, exit_code, "health", RunHealth);
}

}  // namespace latentspace::cli
