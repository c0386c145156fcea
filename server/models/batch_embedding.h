// Events through a loaded encoder: a batch from the API, or a stored sample, into latent points,
// with the counts of events skipped by the preset. Shared by embedding and proximity queries.
#ifndef LATENTSPACE_SERVER_MODELS_BATCH_EMBEDDING_H_
#define LATENTSPACE_SERVER_MODELS_BATCH_EMBEDDING_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "core/features/feature_extraction.h"
#include "core/nn/encoder.h"
#include "latentspace/v1/events.pb.h"
#include "server/models/encoder_registry.h"
#include "server/store/store.h"

namespace latentspace::server {

struct BatchEmbedding {
  Embedding embedding;
  ExtractionCounts counts;
};

// RESOURCE_EXHAUSTED when the batch holds more than `max_events` events or rows.
absl::StatusOr<BatchEmbedding> EmbedBatch(const LoadedEncoder& encoder, const v1::EventBatch& batch,
                                          int64_t max_events);

// A stored sample (checksum verified) through the encoder. `cancelled` is asked as the sample is
// read (its events can number millions); once it returns true the work stops with CANCELLED.
absl::StatusOr<BatchEmbedding> EmbedStoredSample(const LoadedEncoder& encoder, store::Store& store,
                                                 const std::string& sample,
                                                 const std::function<bool()>& cancelled);

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_MODELS_BATCH_EMBEDDING_H_
