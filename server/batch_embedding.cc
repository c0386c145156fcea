// Events through a loaded encoder into latent points.
#include "server/batch_embedding.h"

#include "absl/strings/str_cat.h"
#include "core/events/event_reader.h"
#include "server/event_conversion.h"

namespace latentspace::server {

absl::StatusOr<BatchEmbedding> EmbedBatch(const LoadedEncoder& encoder, const v1::EventBatch& batch,
                                          int64_t max_events) {
  const int64_t size =
      batch.has_feature_rows() ? batch.feature_rows().rows_size() : batch.events().events_size();
  if (size > max_events) {
    return absl::ResourceExhaustedError(
        absl::StrCat("the batch holds ", size, " events; at most ", max_events,
                     " per request (the server's --max-events-per-request): split it"));
  }
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
                                                 const std::string& sample) {
  if (absl::Status status = store.VerifySample(sample); !status.ok()) return status;
  absl::StatusOr<std::string> path = store.SampleBlobPath(sample);
  if (!path.ok()) return path.status();
  BatchEmbedding result;
  absl::StatusOr<FeatureMatrix> rows = ReadFeatures(*path, EventFormat::kDarkMachines,
                                                    encoder.encoder->preset(), {}, &result.counts);
  if (!rows.ok()) return rows.status();
  absl::StatusOr<Embedding> embedding = encoder.encoder->EmbedFeatureRows(*std::move(rows));
  if (!embedding.ok()) return embedding.status();
  result.embedding = *std::move(embedding);
  return result;
}

}  // namespace latentspace::server
