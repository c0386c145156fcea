// `latentctl nearest`: where a sample lands among an encoder's known models: the ranking (posterior
// probability, share of sets won, centroid distance, log-likelihood per set), whether the sample
// fits the best model at all (goodness of fit), and its theory parameters inferred within that
// model's family. The file is embedded in bounded Embed requests (as `embed` does) and its sets'
// points go in one QueryNearest request, so a file of any size takes the memory of its points;
// --sample names a stored sample instead.
#ifndef LATENTSPACE_CLIENT_CLI_NEAREST_COMMAND_H_
#define LATENTSPACE_CLIENT_CLI_NEAREST_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "client/cli/command_context.h"
#include "client/cli/event_file.h"
#include "client/cli/global_options.h"
#include "latentspace/v1/proximity_service.pb.h"

namespace latentspace::cli {

// The p-value below which `nearest` and `interpret` say that no known model fits.
inline constexpr double kDefaultFitThreshold = 0.01;

struct NearestArgs {
  std::string encoder;             // NAME or NAME:VERSION
  std::string file;                // or
  std::string sample;              // a stored sample's name
  EventFileArgs events;            // --format, --smear of the file
  std::vector<std::string> prior;  // MODEL=WEIGHT
  double fit_threshold = kDefaultFitThreshold;
  std::string out;                 // the likelihood picture (.png, .svg, .pdf); none when empty
  std::vector<std::string> truth;  // NAME=VALUE, marked on the picture
};

// The text `nearest` prints: a line with the encoder and the counts, the ranking, the fit's verdict
// at `fit_threshold` ("no known model fits this sample (p = ... against MODEL ...)" below it), the
// family note and the inferred parameters.
void PrintNearest(const v1::QueryNearestResponse& response, double fit_threshold,
                  std::ostream& out);

// A table, or with --json the object NearestToJson describes; with --out also the picture of the
// likelihood over the inferred parameters (parameter_picture.h), the true point marked when --truth
// gives it.
int RunNearest(const NearestArgs& args, const CommandContext& context);

void AddNearestCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_NEAREST_COMMAND_H_
