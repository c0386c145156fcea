// Simulated events as feature rows; shares with intervals.
#include "tests/bench/bench_support.h"

#include <vector>

#include "absl/strings/str_format.h"
#include "absl/types/span.h"
#include "core/analysis/binomial_interval.h"
#include "core/sim/simulator.h"
#include "core/status_macros.h"

namespace latentspace::bench {

absl::StatusOr<FeatureMatrix> SimulatedRows(const std::string& family,
                                            const sim::Parameters& parameters, int64_t events,
                                            uint64_t seed, const FeaturePreset& preset,
                                            const FeatureOptions& options) {
  LATENT_ASSIGN_OR_RETURN(std::vector<Event> simulated,
                          sim::Simulate(family, parameters, events, seed));
  FeatureMatrix rows{preset.feature_names(), {}};
  std::vector<double> row(static_cast<size_t>(preset.num_features()));
  for (const Event& event : simulated) {
    if (preset.Extract(event, options, absl::MakeSpan(row)) != ExtractOutcome::kAccepted) continue;
    rows.values.insert(rows.values.end(), row.begin(), row.end());
  }
  return rows;
}

std::string Share(int64_t successes, int64_t trials) {
  const absl::StatusOr<BinomialInterval> interval = ClopperPearsonInterval(successes, trials);
  if (!interval.ok()) return "-";
  return absl::StrFormat("%.3f [%.3f, %.3f] (%d/%d)", interval->value, interval->lower,
                         interval->upper, successes, trials);
}

}  // namespace latentspace::bench
