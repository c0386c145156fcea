// The steps every part of the reproduction repeats.
#include "client/reproduce/study.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/status_macros.h"

namespace latentspace::reproduce {

absl::StatusOr<std::string> Study::Simulate(const SimulatedModel& model, int64_t events) const {
  const std::string file = absl::StrCat(settings.work_dir, "/", model.name, ".csv.gz");
  if (page.run() > 0 && std::filesystem::exists(file)) return file;  // run 0's
  LATENT_ASSIGN_OR_RETURN(Json simulated,
                          steps.Simulate(model.family, model.parameters, events, model.seed, file));
  return file;
}

absl::StatusOr<std::string> Study::SimulateAndUpload(const SimulatedModel& model,
                                                     int64_t events) const {
  LATENT_ASSIGN_OR_RETURN(std::string file, Simulate(model, events));
  if (page.run() == 0) {
    LATENT_ASSIGN_OR_RETURN(Json uploaded, steps.Upload(file, model.name));
  }
  return file;
}

absl::StatusOr<Json> Study::Train(const std::string& name, const std::vector<std::string>& samples,
                                  const std::string& preset) const {
  cli::TrainArgs args;
  args.encoder = name;
  args.samples = samples;
  args.preset = preset;
  args.epochs = settings.epochs;
  args.initialisations = settings.initialisations;
  args.max_events_per_sample = settings.max_events_per_sample;
  args.seed = settings.first_seed + static_cast<uint64_t>(page.run());
  const absl::Time start = absl::Now();
  LATENT_ASSIGN_OR_RETURN(Json trained, steps.Train(args));
  page.Number(absl::StrCat(name, ": training seconds"), absl::ToDoubleSeconds(absl::Now() - start));
  page.Number(absl::StrCat(name, ": validation accuracy"),
              trained["encoder"]["validation_accuracy"].get<double>());
  return trained;
}

absl::StatusOr<std::map<std::string, plot::Point>> Study::Centroids(
    const std::string& encoder, const std::vector<double>& masses, const std::string& picture,
    const std::vector<std::string>& overlay) const {
  cli::ContoursArgs args;
  args.encoder = encoder;
  args.masses = masses;
  args.grid = settings.contour_grid;
  args.samples = overlay;
  if (!picture.empty()) args.out = page.PicturePath(picture);
  LATENT_ASSIGN_OR_RETURN(Json contours, steps.Contours(args));
  std::map<std::string, plot::Point> centroids;
  for (const Json& contour : contours["contours"]) {
    centroids[contour["model"].get<std::string>()] = {contour["centroid"]["x"].get<double>(),
                                                      contour["centroid"]["y"].get<double>()};
  }
  return centroids;
}

double NumberOrNan(const Json& value) { return value.is_number() ? value.get<double>() : NAN; }

std::string TestAccuracy(ResultsPage& page, const std::string& label, const Json& encoder) {
  const Json& test = encoder["test"];
  const std::string value = page.Number(label, test.is_object() ? NumberOrNan(test["value"]) : NAN);
  if (!test.is_object()) return "not measured (no test split)";
  return absl::StrCat(
      "**", value, "** (a run's 68% Clopper-Pearson interval: about +- ",
      page.Text(label + ": half-width of the 68% interval",
                FormatValue(0.5 * (NumberOrNan(test["upper"]) - NumberOrNan(test["lower"])), 1)),
      " on ", page.Number(label + ": test sets", NumberOrNan(test["sets"]), 6),
      " held-out test sets)");
}

double ModelMatrix::At(const std::string& a, const std::string& b) const {
  const auto ia = std::find(models.begin(), models.end(), a);
  const auto ib = std::find(models.begin(), models.end(), b);
  if (ia == models.end() || ib == models.end() || values.empty()) return std::nan("");
  return values[ia - models.begin()][ib - models.begin()];
}

ModelMatrix MatrixFromDistances(const Json& distances, const std::string& key) {
  ModelMatrix matrix;
  matrix.models = distances["models"].get<std::vector<std::string>>();
  if (!distances.contains(key)) return matrix;
  for (const Json& row : distances[key]) {
    std::vector<double> values;
    for (const Json& value : row) values.push_back(NumberOrNan(value));
    matrix.values.push_back(std::move(values));
  }
  return matrix;
}

}  // namespace latentspace::reproduce
