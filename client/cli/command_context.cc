// Connecting, printing and error reporting shared by latentctl's commands.
#include "client/cli/command_context.h"

#include "absl/strings/str_cat.h"
#include "client/cli/exit_codes.h"

namespace latentspace::cli {
namespace {

std::string Dump(const nlohmann::ordered_json& json, int indent) {
  return json.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

int CommandContext::ServerError(const absl::Status& status) const {
  const std::string code = absl::StatusCodeToString(status.code());
  if (IsUnreachable(status)) {
    err << "error: cannot reach latentd at " << global.server << ": " << status.message() << " ("
        << code << ")\n";
    return kExitUnreachable;
  }
  err << "error: " << status.message() << " (" << code << ")\n";
  return kExitError;
}

int CommandContext::LocalError(absl::string_view message) const {
  err << "latentctl " << command << ": " << message << "\n";
  return kExitError;
}

int CommandContext::UsageError(absl::string_view message) const {
  err << "latentctl " << command << ": " << message << "\nRun with --help for more information.\n";
  return kExitUsage;
}

absl::StatusOr<Client> CommandContext::Connect(int* exit_code) const {
  absl::StatusOr<Client> client = Client::Create(ToClientOptions(global));
  if (!client.ok()) *exit_code = LocalError(client.status().message());
  return client;
}

int CommandContext::ReportDeleted(const absl::Status& status, absl::string_view kind,
                                  absl::string_view name, int64_t version) const {
  if (!status.ok()) return ServerError(status);
  if (global.json) {
    PrintJson({{"deleted", name}, {"version", version}});
  } else if (version == 0) {
    out << "deleted every version of " << kind << " " << name << "\n";
  } else {
    out << "deleted " << kind << " " << name << ":" << version << "\n";
  }
  return kExitOk;
}

void CommandContext::PrintJson(const nlohmann::ordered_json& json) const {
  out << Dump(json, 2) << "\n";
}

void CommandContext::PrintJsonLine(const nlohmann::ordered_json& json) const {
  out << Dump(json, -1) << std::endl;  // flushed: a watcher reads it line by line
}

}  // namespace latentspace::cli
