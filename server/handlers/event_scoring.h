// DetectorService.ScoreEvents without gRPC: a batch or a stored sample through a detector, each
// event's score, reference tail and whether the cut of the requested kept fraction keeps it.
#ifndef LATENTSPACE_SERVER_HANDLERS_EVENT_SCORING_H_
#define LATENTSPACE_SERVER_HANDLERS_EVENT_SCORING_H_

#include <cstdint>
#include <functional>

#include "absl/status/statusor.h"
#include "latentspace/v1/detector_service.pb.h"
#include "server/models/detector_registry.h"
#include "server/store/store.h"

namespace latentspace::server::handlers {

// The errors of the RPC (detector_service.proto): the reference and `keep` (in [0, 1]) are checked
// before the detector is loaded; `cancelled` is asked as a stored sample is read.
absl::StatusOr<v1::ScoreEventsResponse> ScoreEvents(DetectorRegistry& detectors,
                                                    store::Store& store,
                                                    const v1::ScoreEventsRequest& request,
                                                    int64_t max_events,
                                                    const std::function<bool()>& cancelled);

}  // namespace latentspace::server::handlers

#endif  // LATENTSPACE_SERVER_HANDLERS_EVENT_SCORING_H_
