// Levels of events along the chain from generator to detector (detector, truth, parton): the API's
// EventLevel, the name the store keeps, and the warning a comparison across levels gets.
#ifndef LATENTSPACE_SERVER_VALIDATION_EVENT_LEVEL_H_
#define LATENTSPACE_SERVER_VALIDATION_EVENT_LEVEL_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "latentspace/v1/events.pb.h"

namespace latentspace::server {

// "detector", "truth" or "parton" for the API's level (UNSPECIFIED: "detector"); INVALID_ARGUMENT
// naming `field` and the value for one outside EventLevel.
absl::StatusOr<std::string> EventLevelName(int level, absl::string_view field);

// The API's level of a stored name: DETECTOR for "detector" and for anything unknown.
v1::EventLevel EventLevelFromName(absl::string_view name);

// A known model and the level of the events it was trained on (stored names).
struct ModelLevel {
  std::string model;
  std::string level;
};

// The warnings of a query whose events are at `query_level` (a stored name) ranked against
// `models`: none when every model is at that level; otherwise one sentence naming the query's
// level, how many models are at another one and which (the first few), and what to do.
std::vector<std::string> LevelWarnings(absl::string_view query_level,
                                       const std::vector<ModelLevel>& models);

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_VALIDATION_EVENT_LEVEL_H_
