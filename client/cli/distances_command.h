// `latentctl distances`: how far apart the encoder's known models lie in the latent space: the
// distance between their latent centroids and the sliced Wasserstein-1 distance between their
// point clouds, as model x model matrices; --out draws one metric as an annotated heat map.
#ifndef LATENTSPACE_CLIENT_CLI_DISTANCES_COMMAND_H_
#define LATENTSPACE_CLIENT_CLI_DISTANCES_COMMAND_H_

#include <string>

#include "CLI/CLI.hpp"
#include "client/cli/command_context.h"
#include "client/cli/global_options.h"

namespace latentspace::cli {

inline constexpr char kCentroidMetric[] = "centroid";
inline constexpr char kSlicedWassersteinMetric[] = "sliced-wasserstein";

struct DistancesArgs {
  std::string encoder;  // NAME or NAME:VERSION
  std::string metric;   // centroid or sliced-wasserstein; empty: both (the picture: centroid)
  std::string out;      // .png, .svg or .pdf; empty: no picture
};

// Text: one matrix table per metric (rows and columns in the models' training order), then
// "wrote PATH" with --out. JSON: {"encoder", "encoder_version", "models": [...], "centroid":
// [[...]], "sliced_wasserstein": [[...]]} (only the --metric's matrix when given), plus "out" with
// --out.
int RunDistances(const DistancesArgs& args, const CommandContext& context);

void AddDistancesCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_DISTANCES_COMMAND_H_
