// latentctl's exit codes, shared by every command.
#ifndef LATENTSPACE_CLIENT_CLI_EXIT_CODES_H_
#define LATENTSPACE_CLIENT_CLI_EXIT_CODES_H_

namespace latentspace::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;        // the request failed (bad file, server error)
inline constexpr int kExitUsage = 2;        // bad command line
inline constexpr int kExitUnreachable = 3;  // cannot connect to the server

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_EXIT_CODES_H_
