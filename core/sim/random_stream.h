// The simulator's random numbers: one independent stream per event, SplitMix64 keyed on (seed,
// event index) through the repository's MixSeed, so that event i is the same whatever the number of
// events, their order or the thread that makes them. Every distribution is written out here
// (the std ones are implementation-defined), so a seed gives the same events on every platform.
#ifndef LATENTSPACE_CORE_SIM_RANDOM_STREAM_H_
#define LATENTSPACE_CORE_SIM_RANDOM_STREAM_H_

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/features/seeded_random.h"

namespace latentspace::sim {

class RandomStream {
 public:
  // Stream of event `index` of a run seeded with `seed`: SplitMix64 started at
  // MixSeed(MixSeed(seed) ^ index).
  RandomStream(uint64_t seed, uint64_t index) : state_(MixSeed(MixSeed(seed) ^ index)) {}

  // SplitMix64: MixSeed adds the golden-ratio increment and finalises.
  uint64_t Next() {
    const uint64_t value = MixSeed(state_);
    state_ += 0x9e3779b97f4a7c15ULL;
    return value;
  }
  // Uniform in [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform in (0, 1): safe under a logarithm.
  double UniformOpen() { return (static_cast<double>(Next() >> 11) + 0.5) * 0x1.0p-53; }
  // Standard exponential.
  double Exponential() { return -std::log(UniformOpen()); }
  // Standard normal (Box-Muller; the second value of each pair is kept for the next call).
  double Normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double radius = std::sqrt(-2 * std::log(UniformOpen()));
    const double angle = 2 * M_PI * Uniform();
    spare_ = radius * std::sin(angle);
    has_spare_ = true;
    return radius * std::cos(angle);
  }
  // Isotropic unit vector.
  void Direction(double* nx, double* ny, double* nz) {
    const double cos_theta = 2 * Uniform() - 1;
    const double sin_theta = std::sqrt(std::max(0.0, 1 - cos_theta * cos_theta));
    const double phi = 2 * M_PI * Uniform();
    *nx = sin_theta * std::cos(phi);
    *ny = sin_theta * std::sin(phi);
    *nz = cos_theta;
  }
  // Breit-Wigner (Cauchy) mass of pole `mass` and width `width` > 0, truncated to [low, high]
  // (low <= high) by inverting its cumulative distribution: one draw, no rejection.
  double BreitWigner(double mass, double width, double low, double high) {
    const double a = std::atan(2 * (low - mass) / width);
    const double b = std::atan(2 * (high - mass) / width);
    return std::clamp(mass + 0.5 * width * std::tan(a + (b - a) * Uniform()), low, high);
  }

 private:
  uint64_t state_;
  bool has_spare_ = false;
  double spare_ = 0;
};

}  // namespace latentspace::sim

#endif  // LATENTSPACE_CORE_SIM_RANDOM_STREAM_H_
