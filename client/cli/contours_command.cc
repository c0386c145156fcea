// `latentctl contours`.
#include "client/cli/contours_command.h"

#include <algorithm>
#include <filesystem>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "client/cli/embed_command.h"
#include "client/cli/exit_codes.h"
#include "client/cli/output.h"
#include "client/cli/picture_output.h"
#include "client/cli/proto_json.h"
#include "client/plot/palette.h"

namespace latentspace::cli {
namespace {

constexpr plot::LineStyle kMassStyles[] = {plot::LineStyle::kSolid, plot::LineStyle::kDashed,
                                           plot::LineStyle::kDotted, plot::LineStyle::kDashDot};
constexpr plot::MarkerShape kSampleShapes[] = {
    plot::MarkerShape::kCircle, plot::MarkerShape::kSquare, plot::MarkerShape::kTriangle,
    plot::MarkerShape::kDiamond};
constexpr double kSampleMarkerSize = 6;
constexpr double kCentroidMarkerSize = 11;

// An embedded --sample file.
struct SamplePoints {
  std::string file;
  std::vector<plot::Point> points;
};

struct ContoursResult {
  v1::GetContoursResponse contours;
  std::vector<SamplePoints> samples;
};

// Values in order of first appearance.
template <typename T, typename Key>
std::vector<T> Distinct(const v1::GetContoursResponse& response, const Key& key) {
  std::vector<T> values;
  for (const v1::ModelContours& contour : response.contours()) {
    if (std::find(values.begin(), values.end(), key(contour)) == values.end()) {
      values.push_back(key(contour));
    }
  }
  return values;
}

std::vector<std::string> Models(const v1::GetContoursResponse& response) {
  return Distinct<std::string>(response, [](const v1::ModelContours& c) { return c.model(); });
}

std::vector<double> Masses(const v1::GetContoursResponse& response) {
  return Distinct<double>(response, [](const v1::ModelContours& c) { return c.mass(); });
}

// The first mass solid, further ones dashed, dotted, dash-dotted (then again).
plot::LineStyle MassStyle(size_t mass) { return kMassStyles[mass % std::size(kMassStyles)]; }

// The samples' colours follow the models' in the palette.
plot::Rgb SampleColour(size_t models, size_t sample) {
  return plot::CategoricalColour(static_cast<int>(models + sample));
}

plot::MarkerShape SampleShape(size_t sample) {
  return kSampleShapes[sample % std::size(kSampleShapes)];
}

// "50%", "68.3%".
std::string Percent(double mass) { return absl::StrFormat("%g%%", mass * 100); }

template <typename T>
int IndexOf(const std::vector<T>& values, const T& value) {
  return static_cast<int>(std::find(values.begin(), values.end(), value) - values.begin());
}

// Samples first, then the centroids (in dark grey, so that a model's colour marks only its
// contours), then the contours over both.
void AddItems(const ContoursResult& result, const std::vector<std::string>& models,
              const std::vector<double>& masses, plot::Figure* figure) {
  for (size_t s = 0; s < result.samples.size(); ++s) {
    figure->AddMarkers(result.samples[s].points, SampleColour(models.size(), s), SampleShape(s),
                       kSampleMarkerSize);
  }
  std::vector<plot::Point> centroids;
  for (const v1::ModelContours& contour : result.contours.contours()) {
    if (contour.mass() != masses.front()) continue;  // one centroid per model
    centroids.push_back({contour.centroid().x(), contour.centroid().y()});
  }
  figure->AddMarkers(std::move(centroids), plot::kDarkGrey, plot::MarkerShape::kCross,
                     kCentroidMarkerSize);
  for (const v1::ModelContours& contour : result.contours.contours()) {
    const plot::Rgb colour = plot::CategoricalColour(IndexOf(models, contour.model()));
    const plot::LineStyle style = MassStyle(IndexOf(masses, contour.mass()));
    for (const v1::Polyline& polyline : contour.polylines()) {
      std::vector<plot::Point> points;
      for (const v1::LatentPoint& p : polyline.points()) points.push_back({p.x(), p.y()});
      figure->AddPolyline(std::move(points), polyline.closed(), colour, style);
    }
  }
}

// The models, the masses' line styles (when more than one), the centroid and the samples.
void AddLegend(const ContoursResult& result, const std::vector<std::string>& models,
               const std::vector<std::string>& percents, plot::Figure* figure) {
  for (size_t m = 0; m < models.size(); ++m) {
    figure->AddLegendLine(models[m], plot::CategoricalColour(static_cast<int>(m)));
  }
  if (percents.size() > 1) {
    for (size_t m = 0; m < percents.size(); ++m) {
      figure->AddLegendLine(absl::StrCat(percents[m], " mass"), plot::kDarkGrey, MassStyle(m));
    }
  }
  figure->AddLegendMarker("centroid", plot::kDarkGrey, plot::MarkerShape::kCross);
  for (size_t s = 0; s < result.samples.size(); ++s) {
    figure->AddLegendMarker(std::filesystem::path(result.samples[s].file).filename().string(),
                            SampleColour(models.size(), s), SampleShape(s));
  }
}

plot::Figure ContoursFigure(const ContoursResult& result) {
  const v1::GetContoursResponse& response = result.contours;
  const std::vector<std::string> models = Models(response);
  const std::vector<double> masses = Masses(response);
  std::vector<std::string> percents;
  for (const double mass : masses) percents.push_back(Percent(mass));
  plot::Figure figure;
  figure.SetTitle(absl::StrCat("Latent space of ",
                               EncoderTitle(response.encoder(), response.encoder_version()), " — ",
                               absl::StrJoin(percents, ", "), " contours"));
  figure.SetAxisLabels("z1", "z2");
  figure.SetEqualAspect(true);
  AddItems(result, models, masses, &figure);
  AddLegend(result, models, percents, &figure);
  return figure;
}

Json PointsToJson(const std::vector<plot::Point>& points) {
  Json json = Json::array();
  for (const plot::Point& p : points) json.push_back({p.x, p.y});
  return json;
}

Json ContoursToJson(const ContoursResult& result) {
  const v1::GetContoursResponse& response = result.contours;
  Json contours = Json::array();
  for (const v1::ModelContours& contour : response.contours()) {
    Json polylines = Json::array();
    for (const v1::Polyline& polyline : contour.polylines()) {
      Json points = Json::array();
      for (const v1::LatentPoint& p : polyline.points()) points.push_back({p.x(), p.y()});
      polylines.push_back({{"closed", polyline.closed()}, {"points", std::move(points)}});
    }
    contours.push_back(
        {{"model", contour.model()},
         {"mass", contour.mass()},
         {"level", contour.level()},
         {"centroid", {{"x", contour.centroid().x()}, {"y", contour.centroid().y()}}},
         {"polylines", std::move(polylines)}});
  }
  Json samples = Json::array();
  for (const SamplePoints& sample : result.samples) {
    samples.push_back({{"file", sample.file}, {"points", PointsToJson(sample.points)}});
  }
  return {{"encoder", response.encoder()},   {"encoder_version", response.encoder_version()},
          {"x_min", response.x_min()},       {"x_max", response.x_max()},
          {"y_min", response.y_min()},       {"y_max", response.y_max()},
          {"contours", std::move(contours)}, {"samples", std::move(samples)}};
}

void PrintContours(const ContoursResult& result, std::ostream& out) {
  const v1::GetContoursResponse& response = result.contours;
  out << absl::StrFormat(
      "%s, %d models, grid over %s\n", EncoderTitle(response.encoder(), response.encoder_version()),
      Models(response).size(),
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
  std::vector<std::unique_ptr<EventReader>> readers;
  for (const std::string& file : args.samples) {
    absl::StatusOr<std::unique_ptr<EventReader>> reader =
        OpenEventFile(file, args.format, context, &exit_code);
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
    const absl::StatusOr<EmbedCounts> counts = EmbedEvents(
        *client, *encoder, *readers[i], sample.file, context,
        [&](const v1::LatentPoint& p) {
          sample.points.push_back({p.x(), p.y()});
        },
        &exit_code);
    if (!counts.ok()) return exit_code;
  }
  return WritePictureAndPrint(
      context, args.out, [&] { return ContoursFigure(result); },
      [&] { return ContoursToJson(result); },
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
                      "event file to embed and overlay (Dark Machines CSV or HepMC3; repeatable)");
  command
      ->add_option("--format", args->format,
                   "format of the --sample files: auto, "
                   "darkmachines or hepmc3")
      ->capture_default_str();
  command->add_option("--out", args->out, "picture to write: .png, .svg or .pdf");
  SetRun(command, global, exit_code, "contours",
         [args](const CommandContext& context) { return RunContours(*args, context); });
}

}  // namespace latentspace::cli
