// What every training job does around its training: reads a stored sample's features (checksum
// verified, errors naming the sample) and moves the checkpoint it wrote to scratch into the store,
// together with the job's success, in one transaction.
#ifndef LATENTSPACE_SERVER_JOBS_JOB_IO_H_
#define LATENTSPACE_SERVER_JOBS_JOB_IO_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "core/features/feature_extraction.h"
#include "core/features/preset.h"
#include "core/nn/encoder_training.h"
#include "server/store/store.h"

namespace latentspace::server {

// The first `max_events` (0: all) accepted events (or table rows) of stored sample `name` under the
// preset, with the sample's parameters (and, when `record_out` is not null, its record there).
// Errors as ForEachStoredRow's (stored_rows.h).
absl::StatusOr<LabelledSample> LoadSampleFeatures(store::Store& store, const std::string& name,
                                                  const FeaturePreset& preset,
                                                  const FeatureOptions& options, int64_t max_events,
                                                  store::SampleRecord* record_out = nullptr);

// Where a job writes its checkpoint before it goes into the store: <scratch_dir>/<job id>.ckpt.
std::string ScratchCheckpointPath(const std::string& scratch_dir, const std::string& job_id);

// Streams the checkpoint file `scratch_path` into a new blob of `kind`, removes the file, and
// commits `record` (name, preset, summary) as a new version while moving job `job_id` to
// SUCCEEDED. On error nothing is stored (and the file is removed all the same).
absl::StatusOr<store::ModelRecord> CommitCheckpointFile(store::Store& store, store::ModelKind kind,
                                                        const std::string& job_id,
                                                        const std::string& scratch_path,
                                                        store::ModelRecord record);

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_JOBS_JOB_IO_H_
