// SampleService without gRPC: an upload's chunks validated, staged and committed as one sample
// (SampleUpload), and the listing and lookup of stored samples.
#ifndef LATENTSPACE_SERVER_HANDLERS_SAMPLES_H_
#define LATENTSPACE_SERVER_HANDLERS_SAMPLES_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "latentspace/v1/sample_service.pb.h"
#include "server/store/store.h"

namespace latentspace::server::handlers {

// One upload: the first chunk carries the header (and no other does), every event is validated
// and staged, and the sample is committed only by Commit after a chunk marked complete. After any
// error the caller calls Abort, and nothing is stored.
class SampleUpload {
 public:
  // At most `max_events` events (RESOURCE_EXHAUSTED beyond).
  SampleUpload(store::Store* store, int64_t max_events) : store_(store), max_events_(max_events) {}

  // Takes the chunk's event messages, then its columns, or its table's rows. INVALID_ARGUMENT
  // naming the chunk (and event and field, or column, or row) for a misplaced or bad header, a
  // chunk after the one marked complete, a bad event, columns of mismatched lengths, a bad table,
  // a table beside events (in the chunk or the sample) or one naming other columns than the
  // first; RESOURCE_EXHAUSTED past the bound; the store's errors.
  absl::Status TakeChunk(const v1::UploadSampleRequest& chunk);
  // The stream ended: INVALID_ARGUMENT for an empty upload, one without a chunk marked complete or
  // without events; the store's errors (ALREADY_EXISTS unless the header asked to overwrite).
  absl::StatusOr<v1::Sample> Commit();
  // Drops what is staged.
  void Abort();

 private:
  // The chunk's events (messages, then columns) or its table, staged in staged_.
  absl::Status StageEvents(const v1::UploadSampleRequest& chunk);
  absl::Status StageTable(const v1::FeatureTable& table);
  // RESOURCE_EXHAUSTED when `more` events would pass max_events_.
  absl::Status CheckRoomFor(int64_t more) const;

  store::Store* const store_;
  const int64_t max_events_;
  v1::SampleHeader header_;
  std::unique_ptr<store::BlobWriter> writer_;
  int64_t chunks_ = 0;
  int64_t events_ = 0;
  bool complete_ = false;
  std::vector<std::string> columns_;  // a table's, from its first chunk; empty for events
  std::string staged_;  // what the chunk being taken adds to the blob: event records or table lines
};

v1::Sample SampleToProto(const store::SampleRecord& record);

absl::StatusOr<v1::ListSamplesResponse> ListSamples(store::Store& store);
absl::StatusOr<v1::Sample> GetSample(store::Store& store, const v1::GetSampleRequest& request);

}  // namespace latentspace::server::handlers

#endif  // LATENTSPACE_SERVER_HANDLERS_SAMPLES_H_
