// The levels a query compares.
#include "server/handlers/query_levels.h"

#include "core/status_macros.h"
#include "server/jobs/encoder_summary.h"

namespace latentspace::server::handlers {

absl::StatusOr<std::string> QueryEventLevel(store::Store& store, const std::string& sample_name,
                                            int level) {
  if (sample_name.empty()) return EventLevelName(level, "level");
  LATENT_ASSIGN_OR_RETURN(store::SampleRecord record, store.GetSample(sample_name));
  return record.level;
}

absl::StatusOr<std::vector<ModelLevel>> StoredSampleLevels(store::Store& store,
                                                           const std::vector<std::string>& names) {
  std::vector<ModelLevel> levels;
  for (const std::string& name : names) {
    LATENT_ASSIGN_OR_RETURN(store::SampleRecord record, store.GetSample(name));
    levels.push_back({name, record.level});
  }
  return levels;
}

std::vector<ModelLevel> EncoderModelLevels(const store::EncoderRecord& record) {
  const v1::Encoder encoder = EncoderRecordToProto(record, true);
  std::vector<ModelLevel> levels;
  for (const v1::KnownModel& model : encoder.models()) {
    levels.push_back({model.name(), *EventLevelName(model.level(), "level")});
  }
  return levels;
}

}  // namespace latentspace::server::handlers
