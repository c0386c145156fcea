// `latentctl distances`: how far apart the encoder's known models lie in the latent space (the
// distance between their latent centroids and the sliced Wasserstein-1 distance between their
// point clouds) and how separable they were when it was trained (a k-NN classifier's accuracy per
// pair, and the validation and test sets' confusion matrices), as model x model matrices; --out
// draws one of them as an annotated heat map.
#ifndef LATENTSPACE_CLIENT_CLI_DISTANCES_COMMAND_H_
#define LATENTSPACE_CLIENT_CLI_DISTANCES_COMMAND_H_

#include <string>

#include "CLI/CLI.hpp"
#include "client/cli/command_context.h"
#include "client/cli/global_options.h"

namespace latentspace::cli {

inline constexpr char kCentroidMetric[] = "centroid";
inline constexpr char kSlicedWassersteinMetric[] = "sliced-wasserstein";
inline constexpr char kClassifierMetric[] = "classifier";
inline constexpr char kConfusionMetric[] = "confusion";
inline constexpr char kTestConfusionMetric[] = "test-confusion";

struct DistancesArgs {
  std::string encoder;  // NAME or NAME:VERSION
  std::string metric;   // a k*Metric; empty: all the encoder holds (the picture: centroid)
  std::string out;      // .png, .svg or .pdf; empty: no picture
};

// Text: one matrix table per metric (rows and columns in the models' training order; after the
// classifier's, its k and its Spearman correlation with the centroid distance), then "wrote PATH"
// with --out. JSON: {"encoder", "encoder_version", "models": [...], "centroid": [[...]],
// "sliced_wasserstein": [[...]], "classifier_accuracy": [[...]], "classifier_k",
// "classifier_centroid_spearman", "validation_confusion": [[...]], "test_confusion": [[...]]}
// (only the --metric's matrix when given; the last three matrices only when the encoder recorded
// them), plus "out" with --out.
// Asking for a matrix the encoder did not record is an error (FAILED_PRECONDITION, exit 1).
int RunDistances(const DistancesArgs& args, const CommandContext& context);

void AddDistancesCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_DISTANCES_COMMAND_H_
