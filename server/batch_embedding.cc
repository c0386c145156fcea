// Events through a loaded encoder into latent points.
#include "server/batch_embedding.h"

#include "absl/strings/str_cat.h"
#include "core/events/event_reader.h"
#include "server/event_conversion.h"

namespace latentspace::server {
namespace {

// Events read between two questions to `cancelled`.
constexpr int64_t kEventsBetweenChecks = 4096;

// Passes on the events of `inner` until `cancelled` says the call is gone.
class CancellableReader : public EventReader {
 public:
  CancellableReader(std::unique_ptr<EventReader> inner, const std::function<bool()>& cancelled,
                    absl::string_view sample)
      : inner_(std::move(inner)), cancelled_(cancelled), sample_(sample) {}

  absl::StatusOr<bool> Next(Event* event) override {
    if (++events_ % kEventsBetweenChecks == 0 && cancelled_()) {
      return absl::CancelledError(
          absl::StrCat("the call was cancelled or its deadline passed after ", events_ - 1,
                       " events of sample '", sample_, "'"));
    }
    return inner_->Next(event);
  }
  int64_t bytes_consumed() const override { return inner_->bytes_consumed(); }
  int64_t file_bytes() const override { return inner_->file_bytes(); }

 private:
  const std::unique_ptr<EventReader> inner_;
  const std::function<bool()>& cancelled_;
  const std::string sample_;
  int64_t events_ = 0;
};

}  // namespace

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
                                                 const std::string& sample,
                                                 const std::function<bool()>& cancelled) {
  if (absl::Status status = store.VerifySample(sample); !status.ok()) return status;
  absl::StatusOr<std::string> path = store.SampleBlobPath(sample);
  if (!path.ok()) return path.status();
  absl::StatusOr<std::unique_ptr<EventReader>> file =
      OpenEventReader(*path, EventFormat::kDarkMachines);
  if (!file.ok()) return file.status();
  CancellableReader reader(*std::move(file), cancelled, sample);
  BatchEmbedding result;
  absl::StatusOr<FeatureMatrix> rows =
      ExtractFeatures(reader, *path, encoder.encoder->preset(), {}, &result.counts);
  if (!rows.ok()) return rows.status();
  absl::StatusOr<Embedding> embedding = encoder.encoder->EmbedFeatureRows(*std::move(rows));
  if (!embedding.ok()) return embedding.status();
  result.embedding = *std::move(embedding);
  return result;
}

}  // namespace latentspace::server
