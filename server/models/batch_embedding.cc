// Events through a loaded encoder into latent points.
#include "server/models/batch_embedding.h"

#include <utility>

#include "core/status_macros.h"
#include "server/models/batch_rows.h"

namespace latentspace::server {
namespace {

absl::StatusOr<BatchEmbedding> Embed(const LoadedEncoder& encoder, absl::StatusOr<BatchRows> rows) {
  if (!rows.ok()) return rows.status();
  LATENT_ASSIGN_OR_RETURN(Embedding embedding,
                          encoder.encoder->EmbedFeatureRows(std::move(rows->rows)));
  return BatchEmbedding{std::move(embedding), rows->counts};
}

}  // namespace

absl::StatusOr<BatchEmbedding> EmbedBatch(const LoadedEncoder& encoder, const v1::EventBatch& batch,
                                          int64_t max_events) {
  return Embed(encoder, RowsOfBatch(batch, encoder.encoder->preset(), max_events, false));
}

absl::StatusOr<BatchEmbedding> EmbedStoredSample(const LoadedEncoder& encoder, store::Store& store,
                                                 const std::string& sample,
                                                 const std::function<bool()>& cancelled) {
  return Embed(encoder,
               RowsOfStoredSample(store, sample, encoder.encoder->preset(), cancelled, false));
}

}  // namespace latentspace::server
