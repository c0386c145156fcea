// `latentctl featuremap`: how one feature of the encoder's preset varies over the latent space:
// the mean of the feature over the known models' sets in each bin, as a heat map (viridis, empty
// bins light grey) with a colour bar labelled with the feature.
#ifndef LATENTSPACE_CLIENT_CLI_FEATUREMAP_COMMAND_H_
#define LATENTSPACE_CLIENT_CLI_FEATUREMAP_COMMAND_H_

#include <string>

#include "CLI/CLI.hpp"
#include "client/cli/command_context.h"
#include "client/cli/global_options.h"

namespace latentspace::cli {

inline constexpr int kDefaultFeatureMapBins = 32;

struct FeatureMapArgs {
  std::string encoder;                // NAME or NAME:VERSION
  std::string feature;                // a feature of the encoder's preset (the server checks it)
  int bins = kDefaultFeatureMapBins;  // per axis, 1..512
  std::string out;                    // .png, .svg or .pdf; empty: no picture
};

// Text: the encoder, feature, bins and extent, how many bins hold sets, and the range of the
// mean, then "wrote PATH" with --out. JSON: {"encoder", "encoder_version", "feature", "nx", "ny",
// "x_min", "x_max", "y_min", "y_max", "mean": [[...]], "count": [[...]]}, row iy of "mean" and
// "count" holding bins ix = 0..nx-1 from y_min upwards (an empty bin's mean is null), plus "out"
// with --out.
int RunFeatureMap(const FeatureMapArgs& args, const CommandContext& context);

void AddFeatureMapCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_FEATUREMAP_COMMAND_H_
