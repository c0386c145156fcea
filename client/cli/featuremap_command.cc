// `latentctl featuremap`.
#include "client/cli/featuremap_command.h"

#include <cmath>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/cli/exit_codes.h"
#include "client/cli/physics_labels.h"
#include "client/cli/picture_output.h"
#include "client/cli/proto_json.h"
#include "client/cli/text_output.h"
#include "client/plot/colour_map.h"

namespace latentspace::cli {
namespace {

plot::Figure FeatureMapFigure(const v1::GetFeatureMapResponse& map) {
  plot::Figure figure;
  figure.SetTitle(absl::StrCat("Mean ", map.feature(), " in the latent space of ",
                               EncoderTitle(map.encoder(), map.encoder_version())));
  figure.SetAxisLabels(kLatentXLabel, kLatentYLabel);
  plot::HeatMap heat_map;
  heat_map.nx = map.nx();
  heat_map.ny = map.ny();
  heat_map.extent = {map.x_min(), map.x_max(), map.y_min(), map.y_max()};
  heat_map.values.assign(map.mean().begin(), map.mean().end());
  heat_map.label = FeatureLabel(map.feature());
  figure.SetHeatMap(std::move(heat_map));
  if (std::any_of(map.mean().begin(), map.mean().end(), [](double v) { return std::isnan(v); })) {
    figure.AddLegendMarker("no sets", plot::kMissingValueColour, plot::MarkerShape::kSquare);
  }
  return figure;
}

Json FeatureMapToJson(const v1::GetFeatureMapResponse& map) {
  return {{"encoder", map.encoder()},
          {"encoder_version", map.encoder_version()},
          {"feature", map.feature()},
          {"nx", map.nx()},
          {"ny", map.ny()},
          {"x_min", map.x_min()},
          {"x_max", map.x_max()},
          {"y_min", map.y_min()},
          {"y_max", map.y_max()},
          {"mean", GridRows(map.mean(), map.nx(), map.ny())},
          {"count", GridRows(map.count(), map.nx(), map.ny())}};
}

void PrintFeatureMap(const v1::GetFeatureMapResponse& map, std::ostream& out) {
  int filled = 0;
  int64_t sets = 0;
  double lo = INFINITY;
  double hi = -INFINITY;
  for (int i = 0; i < map.mean_size(); ++i) {
    if (std::isnan(map.mean(i))) continue;
    ++filled;
    lo = std::min(lo, map.mean(i));
    hi = std::max(hi, map.mean(i));
  }
  for (const int64_t count : map.count()) sets += count;
  out << absl::StrFormat("%s, feature %s: %d x %d bins over %s\n",
                         EncoderTitle(map.encoder(), map.encoder_version()), map.feature(),
                         map.nx(), map.ny(),
                         FormatExtent(map.x_min(), map.x_max(), map.y_min(), map.y_max()));
  out << absl::StrFormat("%d of %d bins hold %d sets", filled, map.mean_size(), sets);
  if (filled > 0) {
    out << absl::StrFormat("; mean %s from %s to %s", map.feature(), FormatNumber(lo),
                           FormatNumber(hi));
  }
  out << "\n";
}

}  // namespace

int RunFeatureMap(const FeatureMapArgs& args, const CommandContext& context) {
  int exit_code = kExitOk;
  v1::EncoderRef ref;
  absl::StatusOr<Client> client =
      ConnectForPicture(args.encoder, args.out, context, &ref, &exit_code);
  if (!client.ok()) return exit_code;
  v1::GetFeatureMapRequest request;
  *request.mutable_encoder() = ref;
  request.set_feature(args.feature);
  request.set_bins(args.bins);
  absl::StatusOr<v1::GetFeatureMapResponse> map = client->GetFeatureMap(request);
  if (!map.ok()) return context.ServerError(map.status());
  return WritePictureAndPrint(
      context, args.out, [&] { return FeatureMapFigure(*map); },
      [&] { return FeatureMapToJson(*map); },
      [&](std::ostream& out) { PrintFeatureMap(*map, out); });
}

void AddFeatureMapCommand(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<FeatureMapArgs>();
  CLI::App* command = app.add_subcommand(
      "featuremap", "Draw the mean of one feature over the latent space (a heat map)");
  command->add_option("--encoder", args->encoder, "NAME or NAME:VERSION (default: latest)")
      ->required();
  command->add_option("--feature", args->feature, "a feature of the encoder's preset")->required();
  command->add_option("--bins", args->bins, "bins per axis")
      ->check(CLI::Range(1, 512))
      ->capture_default_str();
  command->add_option("--out", args->out, "picture to write: .png, .svg or .pdf");
  SetRun(command, global, exit_code, "featuremap",
         [args](const CommandContext& context) { return RunFeatureMap(*args, context); });
}

}  // namespace latentspace::cli
