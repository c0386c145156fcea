// How latentspace::Client reaches latentd: address, credentials, deadlines and retries.
#ifndef LATENTSPACE_CLIENT_SDK_CLIENT_OPTIONS_H_
#define LATENTSPACE_CLIENT_SDK_CLIENT_OPTIONS_H_

#include <string>

namespace latentspace {

struct ClientOptions {
  // host:port (or any gRPC target URI) of latentd.
  std::string target = "127.0.0.1:50051";
  // Sent as "authorization: Bearer <token>" metadata on every call when not empty.
  std::string token;
  // TLS with the system's roots, or with the PEM roots in tls_root_certs_path when set.
  bool tls = false;
  std::string tls_root_certs_path;
  // A client certificate chain and its private key (PEM files), for servers that verify clients;
  // both or neither. Either implies TLS.
  std::string tls_client_cert_path;
  std::string tls_client_key_path;
  // Host name to check the server's certificate against instead of the target's (tests).
  std::string tls_server_name_override;
  // Deadline of every unary call, in seconds; 0: none. Streams (UploadSample, WatchJob) run
  // without a deadline: an upload or a training watch may take as long as it takes.
  double timeout_seconds = 30;
  // Retries of idempotent calls (Health, List*, Get*, Embed, QueryNearest, Get*Map/Contours,
  // WatchJob) that fail with UNAVAILABLE, with exponential backoff from initial_backoff_seconds
  // (doubling, at most max_backoff_seconds). Never for UploadSample, SubmitTraining, CancelJob or
  // Delete*.
  int max_retries = 3;
  double initial_backoff_seconds = 0.2;
  double max_backoff_seconds = 5;
};

}  // namespace latentspace

#endif  // LATENTSPACE_CLIENT_SDK_CLIENT_OPTIONS_H_
