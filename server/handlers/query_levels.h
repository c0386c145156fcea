// The levels a query compares (its events' and the known models'), and the warnings of comparing
// across them, for QueryNearest and InterpretSelection.
#ifndef LATENTSPACE_SERVER_HANDLERS_QUERY_LEVELS_H_
#define LATENTSPACE_SERVER_HANDLERS_QUERY_LEVELS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "latentspace/v1/events.pb.h"
#include "server/store/store.h"
#include "server/validation/event_level.h"

namespace latentspace::server::handlers {

// The level of a query's events: stored sample `sample_name`'s when it is not empty, else
// `level` (the request's EventBatch or LatentPoints level). NOT_FOUND for a missing sample,
// INVALID_ARGUMENT for a level outside EventLevel.
absl::StatusOr<std::string> QueryEventLevel(store::Store& store, const std::string& sample_name,
                                            int level);

// The levels of stored samples `names`, in order. NOT_FOUND names a missing one.
absl::StatusOr<std::vector<ModelLevel>> StoredSampleLevels(store::Store& store,
                                                           const std::vector<std::string>& names);

// The known models of an encoder and their levels, from its stored summary.
std::vector<ModelLevel> EncoderModelLevels(const store::EncoderRecord& record);

}  // namespace latentspace::server::handlers

#endif  // LATENTSPACE_SERVER_HANDLERS_QUERY_LEVELS_H_
