// Turns a stream of events into feature rows under a preset.
#include "core/features/feature_extraction.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace latentspace {

absl::Status ForEachFeatureRow(EventReader& reader, absl::string_view source,
                               const FeaturePreset& preset, const FeatureOptions& options,
                               ExtractionCounts* counts, const EventObserver& observer,
                               const RowSink& sink) {
  LATENT_RETURN_IF_ERROR(CheckTakesEvents(preset, source));
  ExtractionCounts local;
  std::vector<double> row(preset.num_features());
  Event event;
  while (true) {
    LATENT_ASSIGN_OR_RETURN(bool more, reader.Next(&event));
    if (!more) break;
    ++local.events;
    if (observer) observer(event);
    switch (preset.Extract(event, options, absl::MakeSpan(row))) {
      case ExtractOutcome::kAccepted:
        ++local.accepted;
        sink(row);
        break;
      case ExtractOutcome::kTooFewJets:
        if (options.missing_jets == MissingJetPolicy::kError) {
          return absl::InvalidArgumentError(
              absl::StrCat(source, ": event ", local.events, " (id ", event.event_id,
                           "): fewer than ", preset.jets(), " jets, which preset '", preset.name(),
                           "' needs (missing-jet policy 'error')"));
        }
        ++local.too_few_jets;
        break;
      case ExtractOutcome::kFailedSelection:
        ++local.failed_selection;
        break;
    }
  }
  if (counts != nullptr) *counts = local;
  return absl::OkStatus();
}

absl::StatusOr<FeatureMatrix> ExtractFeatures(EventReader& reader, absl::string_view source,
                                              const FeaturePreset& preset,
                                              const FeatureOptions& options,
                                              ExtractionCounts* counts,
                                              const EventObserver& observer) {
  FeatureMatrix matrix;
  matrix.names = preset.feature_names();
  absl::Status status = ForEachFeatureRow(
      reader, source, preset, options, counts, observer, [&matrix](absl::Span<const double> row) {
        matrix.values.insert(matrix.values.end(), row.begin(), row.end());
      });
  if (!status.ok()) return status;
  return matrix;
}

absl::StatusOr<FeatureMatrix> ReadFeatures(const std::string& path, EventFormat format,
                                           const FeaturePreset& preset,
                                           const FeatureOptions& options,
                                           ExtractionCounts* counts) {
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<EventReader> reader, OpenEventReader(path, format));
  return ExtractFeatures(*reader, path, preset, options, counts);
}

}  // namespace latentspace
