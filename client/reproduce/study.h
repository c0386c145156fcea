// What every part of the reproduction shares: its scale, the service steps, the page, and helpers
// for the steps each part repeats (simulate-and-upload, train with the study's settings, the
// known models' centroids, matrices from `distances`).
#ifndef LATENTSPACE_CLIENT_REPRODUCE_STUDY_H_
#define LATENTSPACE_CLIENT_REPRODUCE_STUDY_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/plot/figure.h"
#include "client/reproduce/results_page.h"
#include "client/reproduce/service_steps.h"

namespace latentspace::reproduce {

struct StudySettings {
  int64_t grid_events = 5000;         // events per simulated grid point
  int64_t query_events = 2000;        // events per simulated query sample
  int32_t epochs = 0;                 // per initialisation; 0: the server's default
  int32_t initialisations = 0;        // 0: the server's default
  int64_t max_events_per_sample = 0;  // of the Dark Machines files; 0: all
  int runs = 3;                       // of the whole reproduction, one training seed each
  uint64_t first_seed = 1;  // the training seed of run 0; run r trains with first_seed + r
  int contour_grid = 256;
  std::string work_dir;  // simulated event files
  std::string data_dir;  // the bundled Dark Machines samples (data/darkmachines)
  bool quick = false;    // a smoke run: the page says its numbers mean nothing
};

// A simulated model: its name in the service, family, parameters and seed.
struct SimulatedModel {
  std::string name;
  std::string family;
  std::map<std::string, double> parameters;
  uint64_t seed = 1;
};

struct Study {
  StudySettings settings;
  ServiceSteps& steps;
  ResultsPage& page;

  // Simulates `events` events of `model` into the work directory (after run 0, finds run 0's);
  // returns the file.
  absl::StatusOr<std::string> Simulate(const SimulatedModel& model, int64_t events) const;
  // Simulates and uploads `model` under its name (its parameters from the process id); later
  // runs find the sample in place.
  absl::StatusOr<std::string> SimulateAndUpload(const SimulatedModel& model, int64_t events) const;
  // Trains encoder `name` on `samples` with feature preset `preset`, the study's epochs and
  // initialisations and this run's seed; returns {"job", "encoder"} and prints the encoder's
  // validation accuracy and training time.
  absl::StatusOr<Json> Train(const std::string& name, const std::vector<std::string>& samples,
                             const std::string& preset) const;
  // The known models' latent centroids by name, from `contours` (drawing `picture` when given).
  absl::StatusOr<std::map<std::string, plot::Point>> Centroids(
      const std::string& encoder, const std::vector<double>& masses = {0.5},
      const std::string& picture = "", const std::vector<std::string>& overlay = {}) const;
};

// A number from latentctl's JSON, where NaN prints as null: NaN for null.
double NumberOrNan(const Json& value);

// The test accuracy of a trained encoder (`encoder`: train's {"encoder"} JSON) printed under
// `label`, for the page: "**0.72** (a run's 68% Clopper-Pearson interval: about +- 0.02 on 836
// held-out test sets)", or "not measured (no test split)".
std::string TestAccuracy(ResultsPage& page, const std::string& label, const Json& encoder);

// A square matrix from `distances --json` (key "centroid", "classifier_accuracy", ...), with the
// models' order; empty when the response lacks it.
struct ModelMatrix {
  std::vector<std::string> models;
  std::vector<std::vector<double>> values;
  double At(const std::string& a, const std::string& b) const;
};
ModelMatrix MatrixFromDistances(const Json& distances, const std::string& key);

}  // namespace latentspace::reproduce

#endif  // LATENTSPACE_CLIENT_REPRODUCE_STUDY_H_
