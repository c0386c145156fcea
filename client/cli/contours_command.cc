// `latentctl contours`.
#include "client/cli/contours_command.h"

#include <filesystem>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/cli/arguments.h"
#include "client/cli/contours_picture.h"
#include "client/cli/embed_command.h"
#include "client/cli/exit_codes.h"
#include "client/cli/picture_output.h"
#include "client/cli/proto_json.h"
#include "client/cli/text_output.h"

namespace latentspace::cli {
namespace {

// An embedded --sample file.
struct SamplePoints {
  std::string file;
  std::vector<plot::Point> points;
};

struct ContoursResult {
  v1::GetContoursResponse contours;
  std::vector<SamplePoints> samples;
};

// The samples named by their file names.
plot::Figure Figure(const ContoursResult& result) {
  std::vector<Overlay> overlays;
  for (const SamplePoints& sample : result.samples) {
    overlays.push_back({std::filesystem::path(sample.file).filename().string(), sample.points});
  }
  return ContoursFigure(result.contours, overlays);
}

Json PointsToJson(const std::vector<plot::Point>& points) {
  Json json = Json::array();
  for (const plot::Point& p : points) json.push_back({p.x, p.y});
  return json;
}

Json ContoursToJson(const ContoursResult& result) {
  const v1::GetContoursResponse& response = result.contours;
  Json samples = Json::array();
  for (const SamplePoints& sample : result.samples) {
    samples.push_back({{"file", sample.file}, {"points", PointsToJson(sample.points)}});
  }
  return {{"encoder", response.encoder()},
          {"encoder_version", response.encoder_version()},
          {"x_min", response.x_min()},
          {"x_max", response.x_max()},
          {"y_min", response.y_min()},
          {"y_max", response.y_max()},
          {"contours", ModelContoursToJson(response)},
          {"samples", std::move(samples)}};
}

void PrintContours(const ContoursResult& result, std::ostream& out) {
  const v1::GetContoursResponse& response = result.contours;
  out << absl::StrFormat(
      "%s, %d models, grid over %s\n", EncoderTitle(response.encoder(), response.encoder_version()),
      ContourModels(response).size(),
      FormatExtent(response.x_min(), response.x_max(), response.y_min(), response.y_max()));
  Table table({"MODEL", "MASS", "LEVEL", "CENTROID", "POLYLINES", "POINTS"});
  for (const v1::ModelContours& contour : response.contours()) {
    int points = 0;
    for (const v1::Polyline& polyline : contour.polylines()) points += polyline.points_size();
    table.AddRow({contour.model(), FormatNumber(contour.mass()), FormatNumber(contour.level()),
                  absl::StrCat("(", FormatNumber(contour.centroid().x()), ", ",
                               FormatNumber(contour.centroid().y()), ")"),
                  absl::StrCat(contour.polylines_size()), absl::StrCat(points)});
  }
  table.Print(out);
  if (result.samples.empty()) return;
  out << "\n";
  Table samples({"SAMPLE", "SETS"});
  for (const SamplePoints& sample : result.samples) {
    samples.AddRow({sample.file, absl::StrCat(sample.points.size())});
  }
  samples.Print(out);
}

}  // namespace

int RunContours(const ContoursArgs& args, const CommandContext& context) {
  for (const double mass : args.masses) {
    if (!(mass > 0 && mass <= 1)) {
      return context.UsageError(
          absl::StrCat("--mass ", mass, ": a probability mass must be in (0, 1]"));
    }
  }
  int exit_code = kExitOk;
  v1::EncoderRef ref;
  absl::StatusOr<Client> client =
      ConnectForPicture(args.encoder, args.out, context, &ref, &exit_code);
  if (!client.ok()) return exit_code;
  std::vector<std::unique_ptr<InputFile>> readers;
  for (const std::string& file : args.samples) {
    absl::StatusOr<std::unique_ptr<InputFile>> reader =
        InputFile::Open(file, args.events, context, &exit_code);
    if (!reader.ok()) return exit_code;
    readers.push_back(*std::move(reader));
  }

  v1::GetContoursRequest request;
  *request.mutable_encoder() = ref;
  request.mutable_masses()->Add(args.masses.begin(), args.masses.end());
  request.set_grid_size(args.grid);
  absl::StatusOr<v1::Encoder> encoder;
  if (!readers.empty()) {
    // The samples' points and the contours come from one version.
    encoder = client->GetEncoder(ref);
    if (!encoder.ok()) return context.ServerError(encoder.status());
    request.mutable_encoder()->set_version(encoder->version());
  }
  ContoursResult result;
  absl::StatusOr<v1::GetContoursResponse> contours = client->GetContours(request);
  if (!contours.ok()) return context.ServerError(contours.status());
  result.contours = *std::move(contours);
  for (size_t i = 0; i < readers.size(); ++i) {
    SamplePoints& sample = result.samples.emplace_back();
    sample.file = args.samples[i];
    const absl::StatusOr<EmbedCounts> counts = EmbedEventFile(
        *client, *encoder, *readers[i], sample.file, context,
        [&](const v1::LatentPoint& p) {
          sample.points.push_back({p.x(), p.y()});
        },
        &exit_code);
    if (!counts.ok()) return exit_code;
  }
  return WritePictureAndPrint(
      context, args.out, [&] { return Figure(result); }, [&] { return ContoursToJson(result); },
      [&](std::ostream& out) { PrintContours(result, out); });
}

void AddContoursCommand(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<ContoursArgs>();
  CLI::App* command = app.add_subcommand(
      "contours", "Draw every known model's iso-proportion contours, with samples overlaid");
  command->add_option("--encoder", args->encoder, "NAME or NAME:VERSION (default: latest)")
      ->required();
  command->add_option("--mass", args->masses, "probability masses in (0, 1], e.g. 0.5,0.9")
      ->delimiter(',')
      ->capture_default_str();
  command->add_option("--grid", args->grid, "density grid nodes per axis")
      ->check(CLI::Range(16, 1024))
      ->capture_default_str();
  command->add_option("--sample", args->samples,
                      "event file or feature table to embed and overlay (repeatable)");
  AddEventFileOptions(command, &args->events,
                      absl::StrCat(kTableFormatHelp, " (of the --sample files)"));
  command->add_option("--out", args->out, "picture to write: .png, .svg or .pdf");
  SetRun(command, global, exit_code, "contours",
         [args](const CommandContext& context) { return RunContours(*args, context); });
}

}  // namespace latentspace::cli
