// A confidence interval for one parameter from pseudo-experiments (a Neyman construction): pseudo-
// data are drawn at a few true values near the observed estimate and fitted as the data were; the
// estimates are regressed on the truth by a straight line, and the central 68% band of the
// estimator at truth t is that line plus the residuals' 15.87% and 84.13% quantiles. The interval
// is every truth whose band holds the observed estimate, the estimate the truth whose median is
// the observed one (median-unbiased). It takes out the estimator's bias and scale, and covers as
// often as it claims whatever the likelihood's shape, as long as the pseudo-experiments are drawn
// as the data were and the estimator is linear with a constant spread across the truths tried.
// One line through all of them, rather than each truth's own band: with a few dozen
// pseudo-experiments a truth, the slope between two bands' edges is mostly noise.
#ifndef LATENTSPACE_CORE_ANALYSIS_NEYMAN_BAND_H_
#define LATENTSPACE_CORE_ANALYSIS_NEYMAN_BAND_H_

#include <functional>
#include <vector>

#include "absl/status/statusor.h"

namespace latentspace {

struct PseudoEstimate {
  double truth = 0;
  double estimate = 0;
};

struct NeymanInterval {
  double estimate = 0;  // the truth whose band's median is the observed estimate
  double lower = 0;     // the truth whose band's upper edge is the observed estimate
  double upper = 0;     // the truth whose band's lower edge is
};

// The interval for `observed` from pseudo-experiments at two or more distinct truths, clamped to
// [min, max]. An estimator that does not grow with the truth (slope <= 1e-9) constrains nothing:
// the interval is [min, max] around the clamped observed value. INVALID_ARGUMENT with fewer than
// two distinct truths.
absl::StatusOr<NeymanInterval> InvertLinearBand(const std::vector<PseudoEstimate>& pseudo,
                                                double observed, double min, double max);

// Estimates of pseudo-experiments drawn at `truth`.
using PseudoEstimates = std::function<absl::StatusOr<std::vector<double>>(double truth)>;

// How many times CalibrateByPseudoExperiments asks for pseudo-experiments at most: the observed
// estimate, then three truths (fewer when clamping makes two coincide).
inline constexpr int kCalibrationRounds = 4;

// The interval for `observed` from pseudo-experiments at three truths: pseudo-experiments at the
// observed estimate give the estimator's bias (median - truth) and band half-width there; the
// band is then fitted through the truths at the corrected estimate and 1.5 half-widths (at least
// `min_step`) either side of it, where the interval's ends fall inside. Truths are clamped to
// [min, max]; one that coincides with another is tried once. The callback's errors.
absl::StatusOr<NeymanInterval> CalibrateByPseudoExperiments(double observed, double min, double max,
                                                            double min_step,
                                                            const PseudoEstimates& estimates);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_NEYMAN_BAND_H_
