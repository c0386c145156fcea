// DetectorService.InterpretSelection without gRPC: the data's, the held-out reference's and every
// known model's events scored by the detector and cut, then core/analysis's forward-modelled
// interpretation of the kept events with the encoder as the embedder (docs/detectors.md,
// "Interpreting a selection").
#ifndef LATENTSPACE_SERVER_HANDLERS_SELECTION_QUERY_H_
#define LATENTSPACE_SERVER_HANDLERS_SELECTION_QUERY_H_

#include <cstdint>
#include <functional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/analysis/selection_interpretation.h"
#include "latentspace/v1/detector_service.pb.h"
#include "server/models/detector_registry.h"
#include "server/models/encoder_registry.h"
#include "server/store/store.h"

namespace latentspace::server::handlers {

// The step that scores the data, the reference and the known models' samples before
// core/analysis's steps (units: samples scored).
inline constexpr absl::string_view kScoringStep = "scoring events";

// The errors of the RPC (detector_service.proto); `cancelled` is asked as the work goes, and
// true stops it with CANCELLED; `progress` (may be empty) is told kScoringStep's progress, then
// the core's steps (SelectionInterpretationOptions::progress).
absl::StatusOr<v1::InterpretSelectionResponse> InterpretSelection(
    const v1::InterpretSelectionRequest& request, store::Store& store, DetectorRegistry& detectors,
    EncoderRegistry& encoders, int64_t max_events, const std::function<bool()>& cancelled,
    const SelectionProgress& progress = nullptr);

}  // namespace latentspace::server::handlers

#endif  // LATENTSPACE_SERVER_HANDLERS_SELECTION_QUERY_H_
