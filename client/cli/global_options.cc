// latentctl's global options.
#include "client/cli/global_options.h"

namespace latentspace::cli {

void AddGlobalOptions(CLI::App& app, GlobalOptions* options) {
  app.add_flag("--json", options->json, "machine-readable JSON output");
  app.add_option("--server", options->server, "latentd address host:port")
      ->envname("LATENT_SERVER")
      ->capture_default_str();
  app.add_option("--token", options->token, "bearer token for latentd")->envname("LATENT_TOKEN");
  app.add_flag("--tls", options->tls, "connect with TLS (system roots unless --tls-ca)");
  app.add_option("--tls-ca", options->tls_ca, "PEM file of root certificates (implies --tls)")
      ->envname("LATENT_TLS_CA");
  CLI::Option* cert =
      app.add_option("--tls-cert", options->tls_cert,
                     "PEM file of a client certificate, for servers that verify clients")
          ->envname("LATENT_TLS_CERT");
  CLI::Option* key = app.add_option("--tls-key", options->tls_key,
                                    "PEM file of the client certificate's private key")
                         ->envname("LATENT_TLS_KEY");
  cert->needs(key);
  key->needs(cert);
  app.add_option("--timeout", options->timeout_seconds, "per-call deadline in seconds, 0: none")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
}

ClientOptions ToClientOptions(const GlobalOptions& options) {
  ClientOptions client;
  client.target = options.server;
  client.token = options.token;
  client.tls = options.tls;
  client.tls_root_certs_path = options.tls_ca;
  client.tls_client_cert_path = options.tls_cert;
  client.tls_client_key_path = options.tls_key;
  client.timeout_seconds = options.timeout_seconds;
  return client;
}

}  // namespace latentspace::cli
