// Scoring events through an anomaly detector.
#include "server/handlers/event_scoring.h"

#include <limits>
#include <memory>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "server/models/batch_scoring.h"

namespace latentspace::server::handlers {
namespace {

absl::StatusOr<BatchScores> ScoreQuerySample(const LoadedDetector& detector, store::Store& store,
                                             const v1::ScoreEventsRequest& request,
                                             int64_t max_events,
                                             const std::function<bool()>& cancelled) {
  switch (request.sample_case()) {
    case v1::ScoreEventsRequest::kSampleName:
      return ScoreStoredSample(detector, store, request.sample_name(), cancelled);
    case v1::ScoreEventsRequest::kEvents:
      return ScoreBatch(detector, request.events(), max_events);
    default:
      return absl::InvalidArgumentError("no sample: give sample_name or events");
  }
}

}  // namespace

absl::StatusOr<v1::ScoreEventsResponse> ScoreEvents(DetectorRegistry& detectors,
                                                    store::Store& store,
                                                    const v1::ScoreEventsRequest& request,
                                                    int64_t max_events,
                                                    const std::function<bool()>& cancelled) {
  const v1::DetectorRef& ref = request.detector();
  LATENT_RETURN_IF_ERROR(detectors.ValidateRef(ref.name(), ref.version()));
  const double keep = request.keep();
  if (!(keep >= 0 && keep <= 1)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "keep = ", keep,
        " must be in [0, 1]: the share of reference events the cut keeps (0: no cut)"));
  }
  LATENT_ASSIGN_OR_RETURN(std::shared_ptr<const LoadedDetector> detector,
                          detectors.Get(ref.name(), ref.version()));
  double cut = -std::numeric_limits<double>::infinity();
  if (keep > 0) {
    absl::StatusOr<double> found = detector->detector->CutForKeptFraction(keep);
    if (!found.ok()) {
      return absl::Status(found.status().code(), absl::StrCat("keep: ", found.status().message()));
    }
    cut = *found;
  }
  LATENT_ASSIGN_OR_RETURN(BatchScores scored,
                          ScoreQuerySample(*detector, store, request, max_events, cancelled));
  v1::ScoreEventsResponse response;
  response.set_detector(detector->record.name);
  response.set_detector_version(detector->record.version);
  response.set_accepted_events(scored.counts.accepted);
  response.set_skipped_events(scored.counts.skipped());
  response.set_keep(keep);
  response.set_cut(cut);
  int64_t kept = 0;
  response.mutable_scores()->Reserve(static_cast<int>(scored.scores.size()));
  for (size_t i = 0; i < scored.scores.size(); ++i) {
    v1::EventScore* out = response.add_scores();
    out->set_index(scored.events[i].index);
    out->set_event_id(scored.events[i].id);
    out->set_score(scored.scores[i]);
    out->set_reference_tail(detector->detector->ReferenceTailFraction(scored.scores[i]));
    out->set_kept(scored.scores[i] > cut);
    kept += out->kept() ? 1 : 0;
  }
  response.set_kept_events(kept);
  return response;
}

}  // namespace latentspace::server::handlers
