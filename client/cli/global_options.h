// latentctl's global options (--json, --server, --token, --tls, --tls-ca, --tls-cert, --tls-key,
// --timeout), accepted
// anywhere on the command line, and the SDK client they describe.
#ifndef LATENTSPACE_CLIENT_CLI_GLOBAL_OPTIONS_H_
#define LATENTSPACE_CLIENT_CLI_GLOBAL_OPTIONS_H_

#include <string>

#include "CLI/CLI.hpp"
#include "client/sdk/client_options.h"

namespace latentspace::cli {

inline constexpr char kDefaultServer[] = "127.0.0.1:50051";

struct GlobalOptions {
  bool json = false;
  std::string server = kDefaultServer;  // --server, else $LATENT_SERVER
  std::string token;                    // --token, else $LATENT_TOKEN
  bool tls = false;
  std::string tls_ca;    // PEM roots; implies --tls
  std::string tls_cert;  // PEM client certificate, with tls_key; implies --tls
  std::string tls_key;
  double timeout_seconds = 30;
};

// Registers the options on the top-level `app`; subcommands fall through to them.
void AddGlobalOptions(CLI::App& app, GlobalOptions* options);

ClientOptions ToClientOptions(const GlobalOptions& options);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_GLOBAL_OPTIONS_H_
