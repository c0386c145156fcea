// DetectorService: the registry of trained detectors and the scoring of events.
#include "server/detector_service.h"

#include <cmath>
#include <limits>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/nn/training_types.h"
#include "core/status_macros.h"
#include "server/batch_scoring.h"
#include "server/jobs/detector_summary.h"
#include "server/jobs/job_conversion.h"
#include "server/selection_query.h"
#include "server/unary_reactor.h"

namespace latentspace::server {
namespace {

// The reference fractions GetDetector gives the cuts of (as far as the calibration resolves).
constexpr double kDescribedCuts[] = {0.1, 0.01, 0.001};

// The full view: the listing's plus what the loaded checkpoint holds.
v1::Detector LoadedToProto(const LoadedDetector& loaded) {
  v1::Detector detector = DetectorRecordToProto(loaded.record, true);
  const DetectorMetadata& metadata = loaded.detector->metadata();
  for (const std::string& name : metadata.standardiser.names()) detector.add_feature_names(name);
  detector.set_kind(std::string(DetectorKindName(metadata.kind)));
  detector.set_best_epoch(metadata.history.best_epoch);
  detector.set_best_validation_loss(metadata.history.best_validation_loss);
  AddEpochSummaries(metadata.history, detector.mutable_history());
  for (double keep : kDescribedCuts) {
    absl::StatusOr<double> cut = loaded.detector->CutForKeptFraction(keep);
    if (!cut.ok()) continue;  // finer than the held-out reference resolves
    v1::ScoreCut* out = detector.add_cuts();
    out->set_keep(keep);
    out->set_score(*cut);
  }
  return detector;
}

absl::StatusOr<BatchScores> ScoreQuerySample(const LoadedDetector& detector, store::Store& store,
                                             const v1::ScoreEventsRequest& request,
                                             int64_t max_events,
                                             grpc::CallbackServerContext* context) {
  switch (request.sample_case()) {
    case v1::ScoreEventsRequest::kSampleName:
      return ScoreStoredSample(detector, store, request.sample_name(),
                               [context] { return context->IsCancelled(); });
    case v1::ScoreEventsRequest::kEvents:
      return ScoreBatch(detector, request.events(), max_events);
    default:
      return absl::InvalidArgumentError("no sample: give sample_name or events");
  }
}

}  // namespace

grpc::ServerUnaryReactor* DetectorServiceImpl::ListDetectors(
    grpc::CallbackServerContext* context, const v1::ListDetectorsRequest* request,
    v1::ListDetectorsResponse* response) {
  return FinishUnary(context, *gate_, "DetectorService.ListDetectors", [&]() -> absl::Status {
    absl::StatusOr<std::vector<store::DetectorRecord>> records =
        detectors_->List(request->all_versions());
    if (!records.ok()) return records.status();
    for (const store::DetectorRecord& record : *records) {
      *response->add_detectors() =
          DetectorRecordToProto(record, detectors_->IsLoaded(record.name, record.version));
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* DetectorServiceImpl::GetDetector(grpc::CallbackServerContext* context,
                                                           const v1::GetDetectorRequest* request,
                                                           v1::Detector* response) {
  return FinishUnary(context, *gate_, "DetectorService.GetDetector", [&]() -> absl::Status {
    const v1::DetectorRef& ref = request->detector();
    absl::StatusOr<std::shared_ptr<const LoadedDetector>> loaded =
        detectors_->Resolve(ref.name(), ref.version());
    if (!loaded.ok()) return loaded.status();
    *response = LoadedToProto(**loaded);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* DetectorServiceImpl::DeleteDetector(
    grpc::CallbackServerContext* context, const v1::DeleteDetectorRequest* request,
    v1::DeleteDetectorResponse*) {
  return FinishUnary(context, *gate_, "DetectorService.DeleteDetector", [&]() -> absl::Status {
    const v1::DetectorRef& ref = request->detector();
    return detectors_->Delete(ref.name(), ref.version());
  });
}

grpc::ServerUnaryReactor* DetectorServiceImpl::ScoreEvents(grpc::CallbackServerContext* context,
                                                           const v1::ScoreEventsRequest* request,
                                                           v1::ScoreEventsResponse* response) {
  return FinishUnary(context, *gate_, "DetectorService.ScoreEvents", [&]() -> absl::Status {
    const v1::DetectorRef& ref = request->detector();
    LATENT_RETURN_IF_ERROR(detectors_->ValidateRef(ref.name(), ref.version()));
    const double keep = request->keep();
    if (!(keep >= 0 && keep <= 1)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "keep = ", keep,
          " must be in [0, 1]: the share of reference events the cut keeps (0: no cut)"));
    }
    absl::StatusOr<std::shared_ptr<const LoadedDetector>> detector =
        detectors_->Get(ref.name(), ref.version());
    if (!detector.ok()) return detector.status();
    double cut = -std::numeric_limits<double>::infinity();
    if (keep > 0) {
      absl::StatusOr<double> found = (*detector)->detector->CutForKeptFraction(keep);
      if (!found.ok()) {
        return absl::Status(found.status().code(),
                            absl::StrCat("keep: ", found.status().message()));
      }
      cut = *found;
    }
    absl::StatusOr<BatchScores> scored =
        ScoreQuerySample(**detector, *store_, *request, max_events_per_request_, context);
    if (!scored.ok()) return scored.status();
    response->set_detector((*detector)->record.name);
    response->set_detector_version((*detector)->record.version);
    response->set_accepted_events(scored->counts.accepted);
    response->set_skipped_events(scored->counts.skipped());
    response->set_keep(keep);
    response->set_cut(cut);
    int64_t kept = 0;
    response->mutable_scores()->Reserve(static_cast<int>(scored->scores.size()));
    for (size_t i = 0; i < scored->scores.size(); ++i) {
      v1::EventScore* out = response->add_scores();
      out->set_index(scored->events[i].index);
      out->set_event_id(scored->events[i].id);
      out->set_score(scored->scores[i]);
      out->set_reference_tail((*detector)->detector->ReferenceTailFraction(scored->scores[i]));
      out->set_kept(scored->scores[i] > cut);
      kept += out->kept() ? 1 : 0;
    }
    response->set_kept_events(kept);
    metrics_->scored_events.Add({{"detector", (*detector)->record.name}})
        .Increment(static_cast<double>(scored->counts.accepted));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* DetectorServiceImpl::InterpretSelection(
    grpc::CallbackServerContext* context, const v1::InterpretSelectionRequest* request,
    v1::InterpretSelectionResponse* response) {
  return FinishUnary(context, *gate_, "DetectorService.InterpretSelection", [&]() -> absl::Status {
    absl::StatusOr<v1::InterpretSelectionResponse> answer =
        InterpretSelectionQuery(*request, *store_, *detectors_, *encoders_, max_events_per_request_,
                                [context] { return context->IsCancelled(); });
    if (!answer.ok()) return answer.status();
    *response = *std::move(answer);
    return absl::OkStatus();
  });
}

}  // namespace latentspace::server
