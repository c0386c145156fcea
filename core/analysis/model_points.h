// A known model in the latent space: its name, family and theory parameters (e.g. gluino,
// mgluino = 1600 GeV), the latent points of its sets, for each set the mean of every input feature
// over its events (what feature maps colour the latent plane with), and the latent points of its
// held-out test sets (what goodness-of-fit tests compare a sample with).
#ifndef LATENTSPACE_CORE_ANALYSIS_MODEL_POINTS_H_
#define LATENTSPACE_CORE_ANALYSIS_MODEL_POINTS_H_

#include <map>
#include <string>
#include <vector>

#include "core/analysis/latent_point.h"

namespace latentspace {

struct ModelPoints {
  std::string name;
  std::map<std::string, double> parameters;
  std::vector<LatentPoint> points;
  // points.size() x features, row-major, in the preset's units (not standardised); empty when not
  // recorded.
  std::vector<double> feature_means;
  // Models with the same non-empty family and the same parameter names are one family: parameters
  // are inferred only within one. "" for none (never mixed with any other model).
  std::string family;
  // Sets never used in training, validation or the KDE; empty for encoders trained before a test
  // split was kept.
  std::vector<LatentPoint> test_points;
};

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_MODEL_POINTS_H_
