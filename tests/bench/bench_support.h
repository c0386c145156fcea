// What the in-process benchmarks share: the built-in simulator's events as feature rows, and a
// share printed with its interval.
#ifndef LATENTSPACE_TESTS_BENCH_BENCH_SUPPORT_H_
#define LATENTSPACE_TESTS_BENCH_BENCH_SUPPORT_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "core/features/feature_matrix.h"
#include "core/features/preset.h"
#include "core/sim/families.h"

namespace latentspace::bench {

// Events 0 .. events - 1 of the run (family, parameters, seed) as `preset`'s rows; events the
// preset does not accept under `options` (too few jets, ...) are left out.
absl::StatusOr<FeatureMatrix> SimulatedRows(const std::string& family,
                                            const sim::Parameters& parameters, int64_t events,
                                            uint64_t seed, const FeaturePreset& preset,
                                            const FeatureOptions& options = {});

// "0.683 [0.620, 0.740] (41/60)": successes / trials with its 68% Clopper-Pearson interval; "-"
// without trials.
std::string Share(int64_t successes, int64_t trials);

}  // namespace latentspace::bench

#endif  // LATENTSPACE_TESTS_BENCH_BENCH_SUPPORT_H_
