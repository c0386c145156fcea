// Synthetic but realistic 'darkmachines' feature rows for the detector tests: four jets ordered by
// pt (a falling spectrum above 50 GeV, central eta, uniform phi, masses of 5-40 GeV, hence E) and
// MET above 200 GeV, as in Dark Machines channel 1; a pt and MET scale makes an obvious anomaly.
#ifndef LATENTSPACE_TESTS_CORE_NN_SYNTHETIC_DETECTOR_DATA_H_
#define LATENTSPACE_TESTS_CORE_NN_SYNTHETIC_DETECTOR_DATA_H_

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>

#include "core/features/feature_matrix.h"
#include "core/features/preset.h"

namespace latentspace::testing {

inline FeatureMatrix SyntheticDarkMachinesRows(int64_t events, uint64_t seed,
                                               double energy_scale = 1.0) {
  std::mt19937_64 rng(seed);
  std::exponential_distribution<double> spectrum(1.0 / 150);
  std::normal_distribution<double> eta(0, 1.1);
  std::uniform_real_distribution<double> phi(-M_PI, M_PI), mass(5, 40);
  FeatureMatrix rows{FeaturePreset::Get("darkmachines")->feature_names(), {}};
  for (int64_t e = 0; e < events; ++e) {
    double pt[4];
    for (double& p : pt) p = (50 + spectrum(rng)) * energy_scale;
    std::sort(pt, pt + 4, std::greater<double>());
    for (double p : pt) {
      const double h = std::clamp(eta(rng), -2.8, 2.8);
      const double m = mass(rng);
      rows.values.push_back(static_cast<float>(std::hypot(p * std::cosh(h), m)));  // E
      rows.values.push_back(static_cast<float>(p));
      rows.values.push_back(static_cast<float>(h));
      rows.values.push_back(static_cast<float>(phi(rng)));
    }
    rows.values.push_back(static_cast<float>((200 + spectrum(rng)) * energy_scale));  // MET
  }
  return rows;
}

}  // namespace latentspace::testing

#endif  // LATENTSPACE_TESTS_CORE_NN_SYNTHETIC_DETECTOR_DATA_H_
