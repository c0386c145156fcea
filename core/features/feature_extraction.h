// Turns a stream of events into a feature matrix under a preset, counting what was left out.
#ifndef LATENTSPACE_CORE_FEATURES_FEATURE_EXTRACTION_H_
#define LATENTSPACE_CORE_FEATURES_FEATURE_EXTRACTION_H_

#include <cstdint>
#include <functional>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "core/events/event_reader.h"
#include "core/features/feature_matrix.h"
#include "core/features/preset.h"

namespace latentspace {

struct ExtractionCounts {
  int64_t events = 0;            // events read
  int64_t accepted = 0;          // rows produced
  int64_t too_few_jets = 0;      // skipped under MissingJetPolicy::kSkip
  int64_t failed_selection = 0;  // rejected by the selection

  int64_t skipped() const { return too_few_jets + failed_selection; }
};

// Called for every event read, before its features are taken (e.g. to accumulate a summary).
using EventObserver = std::function<void(const Event&)>;
// Called with each accepted event's feature row (preset.num_features() values).
using RowSink = std::function<void(absl::Span<const double>)>;

// Reads `reader` to its end, passing every accepted row to `sink`; memory stays constant.
// FAILED_PRECONDITION for a preset that reads feature tables (CheckTakesEvents). Under
// MissingJetPolicy::kError an event with too few jets fails with a message naming `source`, the
// event's ordinal and id. Reader errors are passed on unchanged.
absl::Status ForEachFeatureRow(EventReader& reader, absl::string_view source,
                               const FeaturePreset& preset, const FeatureOptions& options,
                               ExtractionCounts* counts, const EventObserver& observer,
                               const RowSink& sink);

// Reads `reader` to its end into a matrix, as ForEachFeatureRow; nothing partial is returned on
// error.
absl::StatusOr<FeatureMatrix> ExtractFeatures(EventReader& reader, absl::string_view source,
                                              const FeaturePreset& preset,
                                              const FeatureOptions& options,
                                              ExtractionCounts* counts,
                                              const EventObserver& observer = nullptr);

// Opens `path` in `format` and extracts its features, as ExtractFeatures.
absl::StatusOr<FeatureMatrix> ReadFeatures(const std::string& path, EventFormat format,
                                           const FeaturePreset& preset,
                                           const FeatureOptions& options = {},
                                           ExtractionCounts* counts = nullptr);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_FEATURES_FEATURE_EXTRACTION_H_
