// A known model in the latent space: its name, theory parameters (e.g. mgluino = 1600 GeV), the
// latent points of its sets, and for each set the mean of every input feature over its events
// (what feature maps colour the latent plane with).
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
};

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_MODEL_POINTS_H_
