// What every latentctl command runs with: the global options, its output streams and its name;
// and the shared ways to connect, print a result (table or JSON) and report an error with the
// right exit code, so that no command repeats them.
#ifndef LATENTSPACE_CLIENT_CLI_COMMAND_CONTEXT_H_
#define LATENTSPACE_CLIENT_CLI_COMMAND_CONTEXT_H_

#include <cstdint>
#include <iostream>
#include <ostream>
#include <string>
#include <utility>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/cli/exit_codes.h"
#include "client/cli/global_options.h"
#include "client/sdk/client.h"
#include "nlohmann/json.hpp"

namespace latentspace::cli {

struct CommandContext {
  const GlobalOptions& global;
  std::ostream& out;
  std::ostream& err;
  std::string command;  // e.g. "samples upload", for messages

  // A failed call to the server: "error: <message> (<CODE>)" and exit 1, or for an unreachable
  // server "error: cannot reach latentd at <server>: <message> (<CODE>)" and exit 3.
  int ServerError(const absl::Status& status) const;
  // A local failure (unreadable or malformed file): "latentctl <command>: <message>", exit 1.
  int LocalError(absl::string_view message) const;
  // A bad argument: "latentctl <command>: <message>", exit 2.
  int UsageError(absl::string_view message) const;

  // A client for the global options; on failure *exit_code says how to exit.
  absl::StatusOr<Client> Connect(int* exit_code) const;

  // Parses a NAME[:VERSION] argument with `parse` (a usage error when it fails), connects and
  // returns run(client, ref).
  template <typename Ref, typename Run>
  int WithRef(const std::string& text, absl::StatusOr<Ref> (*parse)(absl::string_view),
              const Run& run) const {
    absl::StatusOr<Ref> ref = parse(text);
    if (!ref.ok()) return UsageError(ref.status().message());
    int exit_code = kExitOk;
    absl::StatusOr<Client> client = Connect(&exit_code);
    if (!client.ok()) return exit_code;
    return run(*client, *ref);
  }

  // After deleting version `version` of the `kind` ("encoder", "detector") `name` (0: every
  // version): {"deleted": NAME, "version": VERSION} under --json, else "deleted KIND NAME:VERSION"
  // or "deleted every version of KIND NAME"; or reports the error. Returns the exit code.
  int ReportDeleted(const absl::Status& status, absl::string_view kind, absl::string_view name,
                    int64_t version) const;

  // Pretty JSON (2-space indent) or one compact line; NaN and infinities print as null.
  void PrintJson(const nlohmann::ordered_json& json) const;
  void PrintJsonLine(const nlohmann::ordered_json& json) const;

  // Prints `result` as JSON (to_json(value)) under --json, else as text (to_text(value, out)),
  // and returns 0; or reports the error.
  template <typename T, typename ToJson, typename ToText>
  int Print(const absl::StatusOr<T>& result, const ToJson& to_json, const ToText& to_text) const {
    if (!result.ok()) return ServerError(result.status());
    if (global.json) {
      PrintJson(to_json(*result));
    } else {
      to_text(*result, out);
    }
    return 0;
  }
};

// Makes `command` run `run(context)` (returning the exit code) once the line is parsed, with the
// global options, std::cout and std::cerr.
template <typename Run>
void SetRun(CLI::App* command, const GlobalOptions& global, int& exit_code, std::string name,
            Run run) {
  command->callback([&global, &exit_code, name = std::move(name), run = std::move(run)] {
    exit_code = run(CommandContext{global, std::cout, std::cerr, name});
  });
}

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_COMMAND_CONTEXT_H_
