// How well an anomaly score separates a signal from the background (the reference): the area under
// the ROC curve, and the significance proxy |n_BSM - n_SM| / sqrt(n_SM) of a score cut used by
// the same-sign WW SMEFT study of VAE + classifier detectors.
#ifndef LATENTSPACE_CORE_ANALYSIS_DETECTION_METRICS_H_
#define LATENTSPACE_CORE_ANALYSIS_DETECTION_METRICS_H_

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace latentspace {

// P(s > b) + P(s = b) / 2 for a signal score s and a background score b drawn at random (the
// Mann-Whitney U statistic over n_s n_b, ties counted half, from average ranks): 1 when every
// signal event scores above every background event, 0.5 for no separation. INVALID_ARGUMENT for
// an empty side or a score that is not finite (naming the side and index).
absl::StatusOr<double> RocAuc(absl::Span<const double> signal, absl::Span<const double> background);

// |n_bsm - n_sm| / sqrt(n_sm): the events observed above a cut (n_bsm) against those expected from
// the Standard Model alone (n_sm), both finite and >= 0, n_sm > 0 (INVALID_ARGUMENT otherwise).
absl::StatusOr<double> SignificanceProxy(double n_bsm, double n_sm);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_DETECTION_METRICS_H_
