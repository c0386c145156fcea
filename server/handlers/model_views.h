// EncoderService's and DetectorService's listings and descriptions without gRPC: the stored
// records of a registry as the API's views (one listing for every kind), and a loaded model's full
// view (what its checkpoint adds: features, history, per-model test accuracy, cuts).
#ifndef LATENTSPACE_SERVER_HANDLERS_MODEL_VIEWS_H_
#define LATENTSPACE_SERVER_HANDLERS_MODEL_VIEWS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/status_macros.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "latentspace/v1/detector_service.pb.h"
#include "latentspace/v1/encoder_service.pb.h"
#include "server/models/detector_registry.h"
#include "server/models/encoder_registry.h"
#include "server/models/model_cache.h"

namespace latentspace::server::handlers {

// Appends the view of every stored model of `registry` (every version, or the latest of each
// name) to `out`, ordered by name then version, each saying whether it is in memory. The store's
// errors.
template <typename Loaded, typename View>
absl::Status AppendModelViews(ModelCache<Loaded>& registry, bool all_versions,
                              View (*record_view)(const store::ModelRecord&, bool loaded),
                              google::protobuf::RepeatedPtrField<View>* out) {
  LATENT_ASSIGN_OR_RETURN(std::vector<store::ModelRecord> records, registry.List(all_versions));
  for (const store::ModelRecord& record : records) {
    *out->Add() = record_view(record, registry.IsLoaded(record.name, record.version));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::ListEncodersResponse> ListEncoders(EncoderRegistry& encoders,
                                                      const v1::ListEncodersRequest& request);
// The encoder's full view, loading it. The registry's Resolve errors.
absl::StatusOr<v1::Encoder> GetEncoder(EncoderRegistry& encoders,
                                       const v1::GetEncoderRequest& request);

absl::StatusOr<v1::ListDetectorsResponse> ListDetectors(DetectorRegistry& detectors,
                                                        const v1::ListDetectorsRequest& request);
// The detector's full view, loading it. The registry's Resolve errors.
absl::StatusOr<v1::Detector> GetDetector(DetectorRegistry& detectors,
                                         const v1::GetDetectorRequest& request);

}  // namespace latentspace::server::handlers

#endif  // LATENTSPACE_SERVER_HANDLERS_MODEL_VIEWS_H_
