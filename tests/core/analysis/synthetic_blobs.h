// Deterministic synthetic latent points for the analysis tests and benchmark: correlated Gaussian
// blobs drawn with a portable generator (mt19937_64 + Box-Muller; std::normal_distribution
// differs between standard libraries).
#ifndef LATENTSPACE_TESTS_CORE_ANALYSIS_SYNTHETIC_BLOBS_H_
#define LATENTSPACE_TESTS_CORE_ANALYSIS_SYNTHETIC_BLOBS_H_

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "core/analysis/latent_point.h"

namespace latentspace::testing {

struct Blob {
  double cx = 0;  // centre
  double cy = 0;
  double sx = 1;  // standard deviations
  double sy = 1;
  double rho = 0;  // correlation
};

class NormalSource {
 public:
  explicit NormalSource(uint64_t seed) : rng_(seed) {}
  double Uniform() { return (static_cast<double>(rng_() >> 11) + 0.5) * 0x1.0p-53; }  // (0, 1)
  double Normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double radius = std::sqrt(-2.0 * std::log(Uniform()));
    const double angle = 2.0 * M_PI * Uniform();
    spare_ = radius * std::sin(angle);
    has_spare_ = true;
    return radius * std::cos(angle);
  }

 private:
  std::mt19937_64 rng_;
  double spare_ = 0;
  bool has_spare_ = false;
};

inline std::vector<LatentPoint> GaussianBlob(const Blob& blob, int n, uint64_t seed) {
  NormalSource source(seed);
  std::vector<LatentPoint> points(n);
  const double perpendicular = std::sqrt(1.0 - blob.rho * blob.rho);
  for (LatentPoint& p : points) {
    const double a = source.Normal(), b = source.Normal();
    p = {blob.cx + blob.sx * a, blob.cy + blob.sy * (blob.rho * a + perpendicular * b)};
  }
  return points;
}

}  // namespace latentspace::testing

#endif  // LATENTSPACE_TESTS_CORE_ANALYSIS_SYNTHETIC_BLOBS_H_
