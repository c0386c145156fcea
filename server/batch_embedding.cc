// Events through a loaded encoder into latent points.
#include "server/batch_embedding.h"

#include "absl/strings/str_cat.h"
#include "core/events/event_reader.h"
#include "server/cancellable_reader.h"
#include "server/event_conversion.h"

namespace latentspace::server {

absl::StatusOr<BatchEmbedding> EmbedBatch(const LoadedEncoder& encoder, const v1::EventBatch& batch,
                                          int64_t max_events) {
  if (absl::Status status = CheckBatchSize(batch, max_events); !status.ok()) return status;
  BatchEmbedding result;
  absl::StatusOr<FeatureMatrix> rows =
      BatchToFeatureRows(batch, encoder.encoder->preset(), &result.counts);
  if (!rows.ok()) return rows.status();
  absl::StatusOr<Embedding> embedding = encoder.encoder->EmbedFeatureRows(*std::move(rows));
  if (!embedding.ok()) return embedding.status();
  result.embedding = *std::move(embedding);
  return result;
}

absl::StatusOr<BatchEmbedding> EmbedStoredSample(const LoadedEncoder& encoder, store::Store& store,
                                                 const std::string& sample,
                                                 const std::function<bool()>& cancelled) {
  std::string path;
  absl::StatusOr<std::unique_ptr<EventReader>> reader =
      OpenStoredSample(store, sample, cancelled, &path);
  if (!reader.ok()) return reader.status();
  BatchEmbedding result;
  absl::StatusOr<FeatureMatrix> rows =
      ExtractFeatures(**reader, path, encoder.encoder->preset(), {}, &result.counts);
  if (!rows.ok()) return rows.status();
  absl::StatusOr<Embedding> embedding = encoder.encoder->EmbedFeatureRows(*std::move(rows));
  if (!embedding.ok()) return embedding.status();
  result.embedding = *std::move(embedding);
  return result;
}

}  // namespace latentspace::server
