// `latentctl contours`: the picture of arXiv:2407.20315: an iso-proportion contour of every known
// model's latent density (one colour per model, the first --mass solid, further masses dashed,
// dotted, dash-dotted), each model's centroid, and uploaded samples embedded (as `embed` does) and
// overlaid as markers. --out writes PNG, SVG or PDF.
#ifndef LATENTSPACE_CLIENT_CLI_CONTOURS_COMMAND_H_
#define LATENTSPACE_CLIENT_CLI_CONTOURS_COMMAND_H_

#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "client/cli/command_context.h"
#include "client/cli/event_file.h"
#include "client/cli/global_options.h"

namespace latentspace::cli {

inline constexpr int kDefaultContourGrid = 256;

struct ContoursArgs {
  std::string encoder;               // NAME or NAME:VERSION
  std::vector<double> masses{0.5};   // --mass, each in (0, 1]
  int grid = kDefaultContourGrid;    // nodes per axis, 16..1024
  std::vector<std::string> samples;  // event files overlaid as markers
  EventFileArgs events;              // --format, --smear of the sample files
  std::string out;                   // .png, .svg or .pdf; empty: no picture
};

// Arguments are checked (--mass, --out's extension, the sample files' format and readability)
// before any call to the server. Text: a line with the encoder and the grid's extent, a table of
// MODEL, MASS, LEVEL, CENTROID, POLYLINES and POINTS, one of the samples' SETS, then "wrote PATH"
// with --out. JSON: {"encoder", "encoder_version", "x_min", "x_max", "y_min", "y_max",
// "contours": [{"model", "mass", "level", "centroid": {"x", "y"}, "polylines": [{"closed",
// "points": [[x, y], ...]}]}], "samples": [{"file", "points": [[x, y], ...]}]}, plus "out" with
// --out.
int RunContours(const ContoursArgs& args, const CommandContext& context);

void AddContoursCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_CONTOURS_COMMAND_H_
