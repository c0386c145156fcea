// Starts a program as a child process of a test with its stdout and stderr appended to a log file,
// for the helpers that run real servers (latentd_process.h, prometheus_process.h).
#ifndef LATENTSPACE_TESTS_TESTING_CHILD_PROCESS_H_
#define LATENTSPACE_TESTS_TESTING_CHILD_PROCESS_H_

#include <sys/types.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

namespace latentspace::testing {

// Forks and executes `args` (args[0]: the program's path). The child exits 127 when the program
// cannot be executed. Returns the child's pid (-1 when fork fails).
inline pid_t SpawnWithLog(std::vector<std::string> args, const std::string& log_path) {
  const pid_t pid = fork();
  if (pid == 0) {
    FILE* out = std::fopen(log_path.c_str(), "a");
    if (out != nullptr) {
      dup2(fileno(out), STDOUT_FILENO);
      dup2(fileno(out), STDERR_FILENO);
    }
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

}  // namespace latentspace::testing

#endif  // LATENTSPACE_TESTS_TESTING_CHILD_PROCESS_H_
