// SDK example: which known models is a stored sample closest to? Connects to latentd, checks its
// health, asks an encoder for the nearest known models of a stored sample, and prints the ranking
// and the inferred theory parameters.
//   nearest_models SERVER ENCODER[:VERSION] SAMPLE      (token, if any, from $LATENT_TOKEN)
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/status/statusor.h"
#include "client/sdk/client.h"

namespace v1 = latentspace::v1;

int Fail(const char* what, const absl::Status& status) {
  std::fprintf(stderr, "%s: %s\n", what, status.ToString().c_str());
  return 1;
}

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s SERVER ENCODER[:VERSION] SAMPLE\n", argv[0]);
    return 2;
  }
  latentspace::ClientOptions options;
  options.target = argv[1];
  if (const char* token = std::getenv("LATENT_TOKEN")) options.token = token;
  absl::StatusOr<latentspace::Client> client = latentspace::Client::Create(options);
  if (!client.ok()) return Fail("connect", client.status());

  absl::StatusOr<grpc::health::v1::HealthCheckResponse> health = client->Health();
  if (!health.ok()) return Fail("health", health.status());

  v1::QueryNearestRequest request;
  const std::string encoder = argv[2];
  const size_t colon = encoder.find(':');
  request.mutable_encoder()->set_name(encoder.substr(0, colon));
  if (colon != std::string::npos) {
    request.mutable_encoder()->set_version(std::atoll(encoder.c_str() + colon + 1));
  }
  request.set_sample_name(argv[3]);
  absl::StatusOr<v1::QueryNearestResponse> nearest = client->QueryNearest(request);
  if (!nearest.ok()) return Fail("nearest", nearest.status());

  std::printf("sample %s through encoder %s v%lld (%lld sets)\n", argv[3],
              nearest->encoder().c_str(), static_cast<long long>(nearest->encoder_version()),
              static_cast<long long>(nearest->sets()));
  std::printf("%-4s %-28s %10s %10s %8s\n", "rank", "model", "posterior", "distance", "won");
  int rank = 0;
  for (const v1::ModelMatch& match : nearest->ranking()) {
    std::printf("%-4d %-28s %10.3g %10.3f %7.0f%%\n", ++rank, match.model().c_str(),
                match.posterior(), match.distance(), 100 * match.fraction());
  }
  if (nearest->has_fit()) {
    std::printf("fit to %s: p = %.3g\n", nearest->fit().model().c_str(), nearest->fit().p_value());
  }
  for (const v1::InferredParameter& parameter : nearest->inferred()) {
    std::printf("%s = %.0f +- %.0f %s\n", parameter.name().c_str(), parameter.value(),
                parameter.uncertainty(), parameter.note().c_str());
  }
  return 0;
}
