// Runs a shell command and captures its standard output (and whatever the command line redirects
// into it), for tests that drive programs and benchmarks that time references.
#ifndef LATENTSPACE_TESTS_TESTING_RUN_COMMAND_H_
#define LATENTSPACE_TESTS_TESTING_RUN_COMMAND_H_

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace latentspace::testing {

struct CommandResult {
  int exit_code = -1;  // -1 when the command could not start or was killed by a signal
  std::string output;
};

inline CommandResult RunCommand(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t got;
  while ((got = fread(buffer, 1, sizeof(buffer), pipe)) > 0) result.output.append(buffer, got);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace latentspace::testing

#endif  // LATENTSPACE_TESTS_TESTING_RUN_COMMAND_H_
