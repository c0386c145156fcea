// The contours picture.
#include "client/cli/contours_picture.h"

#include <algorithm>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "client/cli/physics_labels.h"
#include "client/cli/picture_output.h"
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
void AddItems(const v1::GetContoursResponse& response, const std::vector<Overlay>& overlays,
              const std::vector<std::string>& models, const std::vector<double>& masses,
              plot::Figure* figure) {
  for (size_t s = 0; s < overlays.size(); ++s) {
    figure->AddMarkers(overlays[s].points, SampleColour(models.size(), s), SampleShape(s),
                       kSampleMarkerSize);
  }
  std::vector<plot::Point> centroids;
  for (const v1::ModelContours& contour : response.contours()) {
    if (contour.mass() != masses.front()) continue;  // one centroid per model
    centroids.push_back({contour.centroid().x(), contour.centroid().y()});
  }
  figure->AddMarkers(std::move(centroids), plot::kDarkGrey, plot::MarkerShape::kCross,
                     kCentroidMarkerSize);
  for (const v1::ModelContours& contour : response.contours()) {
    const plot::Rgb colour = plot::CategoricalColour(IndexOf(models, contour.model()));
    const plot::LineStyle style = MassStyle(IndexOf(masses, contour.mass()));
    for (const v1::Polyline& polyline : contour.polylines()) {
      std::vector<plot::Point> points;
      for (const v1::LatentPoint& p : polyline.points()) points.push_back({p.x(), p.y()});
      figure->AddPolyline(std::move(points), polyline.closed(), colour, style);
    }
  }
}

// The models, the masses' line styles (when more than one), the centroid and the overlays.
void AddLegend(const std::vector<Overlay>& overlays, const std::vector<std::string>& models,
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
  for (size_t s = 0; s < overlays.size(); ++s) {
    figure->AddLegendMarker(overlays[s].label, SampleColour(models.size(), s), SampleShape(s));
  }
}

}  // namespace

std::vector<std::string> ContourModels(const v1::GetContoursResponse& response) {
  return Distinct<std::string>(response, [](const v1::ModelContours& c) { return c.model(); });
}

plot::Figure ContoursFigure(const v1::GetContoursResponse& response,
                            const std::vector<Overlay>& overlays) {
  const std::vector<std::string> models = ContourModels(response);
  const std::vector<double> masses = Masses(response);
  std::vector<std::string> percents;
  for (const double mass : masses) percents.push_back(Percent(mass));
  plot::Figure figure;
  figure.SetTitle(absl::StrCat("Latent space of ",
                               EncoderTitle(response.encoder(), response.encoder_version()), " — ",
                               absl::StrJoin(percents, ", "), " contours"));
  figure.SetAxisLabels(kLatentXLabel, kLatentYLabel);
  figure.SetEqualAspect(true);
  AddItems(response, overlays, models, masses, &figure);
  AddLegend(overlays, models, percents, &figure);
  return figure;
}

}  // namespace latentspace::cli
