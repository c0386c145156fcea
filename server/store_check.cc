// latentd --check-store: every record of a data directory read back and checked.
#include "server/store_check.h"

#include <filesystem>
#include <memory>

#include "absl/strings/str_cat.h"
#include "server/detector_registry.h"
#include "server/encoder_registry.h"
#include "server/store/store.h"

namespace latentspace::server {

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
  absl::StatusOr<std::unique_ptr<store::Store>> opened = store::Store::Open(data_dir);
  if (!opened.ok()) return opened.status();
  store::Store& store = **opened;

  StoreCheckReport report;
  report.recovery = store.recovery_report().ToString();
  // Missing blobs (listed by the recovery too) fail their verification below.

  absl::StatusOr<std::vector<store::SampleRecord>> samples = store.ListSamples();
  if (!samples.ok()) return samples.status();
  for (const store::SampleRecord& sample : *samples) {
    ++report.samples;
    if (absl::Status verified = store.VerifySample(sample.name); verified.ok()) {
      report.blob_bytes += sample.blob_bytes;
    } else {
      report.problems.push_back(std::string(verified.message()));
    }
  }

  // Through the registry, as the server loads them: checksum, checkpoint, known-model space.
  EncoderRegistry registry(&store, device, /*max_loaded=*/1);
  absl::StatusOr<std::vector<store::EncoderRecord>> encoders = store.ListEncoders();
  if (!encoders.ok()) return encoders.status();
  for (const store::EncoderRecord& encoder : *encoders) {
    ++report.encoders;
    if (absl::Status loaded = registry.Get(encoder.name, encoder.version).status(); loaded.ok()) {
      report.blob_bytes += encoder.blob_bytes;
    } else {
      report.problems.push_back(std::string(loaded.message()));
    }
  }

  DetectorRegistry detector_registry(&store, device, /*max_loaded=*/1);
  absl::StatusOr<std::vector<store::DetectorRecord>> detectors =
      store.ListModels(store::ModelKind::kDetector);
  if (!detectors.ok()) return detectors.status();
  for (const store::DetectorRecord& detector : *detectors) {
    ++report.detectors;
    if (absl::Status loaded = detector_registry.Get(detector.name, detector.version).status();
        loaded.ok()) {
      report.blob_bytes += detector.blob_bytes;
    } else {
      report.problems.push_back(std::string(loaded.message()));
    }
  }

  absl::StatusOr<std::vector<store::JobRecord>> jobs = store.ListJobs();
  if (!jobs.ok()) {
    report.problems.push_back(absl::StrCat("jobs: ", jobs.status().message()));
  } else {
    report.jobs = static_cast<int64_t>(jobs->size());
  }
  return report;
}

}  // namespace latentspace::server
