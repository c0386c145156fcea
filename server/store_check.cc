// latentd --check-store: every record of a data directory read back and checked.
#include "server/store_check.h"

#include <filesystem>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "server/models/detector_registry.h"
#include "server/models/encoder_registry.h"
#include "server/models/model_cache.h"
#include "server/store/store.h"

namespace latentspace::server {

namespace {

// Loads every stored version of `registry`'s kind, counting them in *count; what fails to load is
// a problem of the report. An error only when the versions cannot be listed.
template <typename Loaded>
absl::Status CheckModels(ModelCache<Loaded>& registry, int64_t* count, StoreCheckReport* report) {
  LATENT_ASSIGN_OR_RETURN(std::vector<store::ModelRecord> records,
                          registry.List(/*all_versions=*/true));
  for (const store::ModelRecord& record : records) {
    ++*count;
    if (absl::Status loaded = registry.Get(record.name, record.version).status(); loaded.ok()) {
      report->blob_bytes += record.blob_bytes;
    } else {
      report->problems.push_back(std::string(loaded.message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::string StoreCheckReport::ToString() const {
  std::string text = absl::StrCat(samples, " samples, ", encoders, " encoder versions, ", detectors,
                                  " detector versions, ", jobs, " jobs; ", blob_bytes,
                                  " blob bytes verified\nopening: ", recovery, "\n");
  for (const std::string& problem : problems) absl::StrAppend(&text, "problem: ", problem, "\n");
  absl::StrAppend(&text, problems.empty() ? "store OK" : absl::StrCat(problems.size(), " problems"),
                  "\n");
  return text;
}

absl::StatusOr<StoreCheckReport> CheckStore(const std::string& data_dir, DeviceChoice device) {
  // Store::Open creates a store where there is none; a check must not.
  std::error_code error;
  if (!std::filesystem::is_regular_file(data_dir + "/latentd.db", error)) {
    return absl::NotFoundError(absl::StrCat(data_dir, ": no latentd store here (no latentd.db)"));
  }
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> opened, store::Store::Open(data_dir));
  store::Store& store = *opened;

  StoreCheckReport report;
  report.recovery = store.recovery_report().ToString();
  // Missing blobs (listed by the recovery too) fail their verification below.

  LATENT_ASSIGN_OR_RETURN(std::vector<store::SampleRecord> samples, store.ListSamples());
  for (const store::SampleRecord& sample : samples) {
    ++report.samples;
    if (absl::Status verified = store.VerifySample(sample.name); verified.ok()) {
      report.blob_bytes += sample.blob_bytes;
    } else {
      report.problems.push_back(std::string(verified.message()));
    }
  }

  // Through the registries, as the server loads them: checksum, checkpoint (and an encoder's
  // known-model space).
  EncoderRegistry encoders(&store, device, /*max_loaded=*/1);
  LATENT_RETURN_IF_ERROR(CheckModels(encoders, &report.encoders, &report));
  DetectorRegistry detectors(&store, device, /*max_loaded=*/1);
  LATENT_RETURN_IF_ERROR(CheckModels(detectors, &report.detectors, &report));

  absl::StatusOr<std::vector<store::JobRecord>> jobs = store.ListJobs();
  if (!jobs.ok()) {
    report.problems.push_back(absl::StrCat("jobs: ", jobs.status().message()));
  } else {
    report.jobs = static_cast<int64_t>(jobs->size());
  }
  return report;
}

}  // namespace latentspace::server
