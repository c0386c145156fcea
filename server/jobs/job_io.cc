// Reading a job's samples and storing its checkpoint.
#include "server/jobs/job_io.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <utility>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "server/models/stored_rows.h"

namespace latentspace::server {

absl::StatusOr<LabelledSample> LoadSampleFeatures(store::Store& store, const std::string& name,
                                                  const FeaturePreset& preset,
                                                  const FeatureOptions& options, int64_t max_events,
                                                  store::SampleRecord* record_out) {
  FeatureMatrix features{preset.feature_names(), {}};
  store::SampleRecord record;
  LATENT_RETURN_IF_ERROR(ForEachStoredRow(
      store, name, preset, options, [] { return false; },
      [&](int64_t, absl::string_view, absl::Span<const double> row) {
        if (max_events > 0 && features.rows() >= max_events) return;
        features.values.insert(features.values.end(), row.begin(), row.end());
      },
      nullptr, &record));
  LabelledSample sample{name, record.parameters, std::move(features), record.family};
  if (record_out != nullptr) *record_out = std::move(record);
  return sample;
}

std::string ScratchCheckpointPath(const std::string& scratch_dir, const std::string& job_id) {
  return absl::StrCat(scratch_dir, "/", job_id, ".ckpt");
}

absl::StatusOr<store::ModelRecord> CommitCheckpointFile(store::Store& store, store::ModelKind kind,
                                                        const std::string& job_id,
                                                        const std::string& scratch_path,
                                                        store::ModelRecord record) {
  absl::Cleanup remove_scratch = [&scratch_path] { std::filesystem::remove(scratch_path); };
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<store::BlobWriter> blob, store.BeginModelUpload(kind));
  std::ifstream in(scratch_path, std::ios::binary);
  std::string buffer(1 << 20, '\0');
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    LATENT_RETURN_IF_ERROR(blob->Append(absl::string_view(buffer.data(), in.gcount())));
  }
  record.job_id = job_id;
  return store.CommitModelAndFinishJob(kind, job_id, std::move(blob), std::move(record));
}

}  // namespace latentspace::server
