// Deterministic random draws that come out the same on every standard library (std::shuffle and
// the std distributions are implementation-defined): seed mixing, unbiased bounded integers and
// Fisher-Yates shuffles over std::mt19937_64.
#ifndef LATENTSPACE_CORE_FEATURES_SEEDED_RANDOM_H_
#define LATENTSPACE_CORE_FEATURES_SEEDED_RANDOM_H_

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace latentspace {

// SplitMix64 finaliser: decorrelates combined seeds such as (seed, epoch) into one seed.
inline uint64_t MixSeed(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Uniform integer in [0, bound) without modulo bias (Lemire's method).
inline uint64_t UniformBelow(std::mt19937_64& rng, uint64_t bound) {
  __uint128_t product = static_cast<__uint128_t>(rng()) * bound;
  uint64_t low = static_cast<uint64_t>(product);
  if (low < bound) {
    const uint64_t threshold = -bound % bound;
    while (low < threshold) {
      product = static_cast<__uint128_t>(rng()) * bound;
      low = static_cast<uint64_t>(product);
    }
  }
  return static_cast<uint64_t>(product >> 64);
}

// Fisher-Yates shuffle.
template <typename T>
void SeededShuffle(std::vector<T>& items, std::mt19937_64& rng) {
  for (size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[UniformBelow(rng, i)]);
}

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_FEATURES_SEEDED_RANDOM_H_
