// The anomaly scores of held-out reference (Standard Model) events, kept with a detector so that
// a score cut can be given as the fraction of reference events it keeps (1%, 0.1%, ... like
// ATLAS's anomaly regions) and any score maps to its reference tail fraction. Up to max_kept
// scores are kept as they are; beyond that, max_kept order statistics evenly spaced in rank.
#ifndef LATENTSPACE_CORE_ANALYSIS_SCORE_CALIBRATION_H_
#define LATENTSPACE_CORE_ANALYSIS_SCORE_CALIBRATION_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"

namespace latentspace {

class ScoreCalibration {
 public:
  static constexpr int64_t kDefaultMaxKept = 10000;

  // An empty calibration (no scores: every cut is refused, every tail fraction is 1).
  ScoreCalibration() = default;

  // From the reference events' scores (any order; at least 2, finite).
  static absl::StatusOr<ScoreCalibration> FromScores(std::vector<double> scores,
                                                     int64_t max_kept = kDefaultMaxKept);
  // From kept scores as scores() returns them (ascending, finite, at least 2) and the number of
  // events they summarise (>= their count), e.g. read back from a checkpoint. The errors name
  // the offending index.
  static absl::StatusOr<ScoreCalibration> FromKept(std::vector<double> sorted, int64_t events);

  // The cut such that the share `keep` of the reference scores lies above it: with m kept scores
  // and k = round(keep m), the midpoint between the (m - k)-th and (m - k + 1)-th lowest (-inf
  // for k = m). Events are kept when their score is > the cut. INVALID_ARGUMENT for keep outside
  // [1 / m, 1] (the message gives the resolution and the events behind it).
  absl::StatusOr<double> CutForKeptFraction(double keep) const;

  // The share of the reference scoring >= `score`, in [0, 1].
  double TailFraction(double score) const;

  const std::vector<double>& scores() const { return scores_; }  // ascending
  int64_t events() const { return events_; }

 private:
  ScoreCalibration(std::vector<double> sorted, int64_t events)
      : scores_(std::move(sorted)), events_(events) {}

  std::vector<double> scores_;
  int64_t events_ = 0;
};

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_SCORE_CALIBRATION_H_
