// The demo a new user gets on first start.
#include "server/demo_bootstrap.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "core/events/event_blob.h"
#include "core/events/event_reader.h"
#include "core/status_macros.h"
#include "nlohmann/json.hpp"
#include "server/jobs/encoder_training_request.h"

namespace latentspace::server {
namespace {

struct ManifestEntry {
  std::string file;
  std::string name;
  std::map<std::string, double> parameters;
};

absl::StatusOr<std::vector<ManifestEntry>> ReadManifest(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": no demo sample manifest"));
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json json = nlohmann::json::parse(text.str(), nullptr, false);
  if (json.is_discarded() || !json.contains("samples") || !json["samples"].is_array()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": expected {\"samples\": [...]}"));
  }
  std::vector<ManifestEntry> entries;
  for (size_t i = 0; i < json["samples"].size(); ++i) {
    const nlohmann::json& item = json["samples"][i];
    try {
      entries.push_back({item.at("file").get<std::string>(), item.at("name").get<std::string>(),
                         item.value("parameters", std::map<std::string, double>{})});
    } catch (const nlohmann::json::exception& error) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": samples[", i, "]: ", error.what()));
    }
  }
  return entries;
}

absl::Status ImportSample(const std::string& path, const ManifestEntry& entry,
                          store::Store& store) {
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<EventReader> reader,
                          OpenEventReader(path, EventFormat::kDarkMachines));
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<store::BlobWriter> blob, store.BeginSampleUpload());
  Event event;
  int64_t events = 0;
  std::string records;  // stored as an upload stores its events
  AppendEventBlobHeader(entry.name, &records);
  while (true) {
    LATENT_ASSIGN_OR_RETURN(bool more, reader->Next(&event));
    if (more) {
      AppendEventRecord(event, &records);
      ++events;
    }
    if (!more || records.size() > (1 << 20)) {
      LATENT_RETURN_IF_ERROR(blob->Append(records));
      records.clear();
    }
    if (!more) break;
  }
  store::SampleRecord record;
  record.name = entry.name;
  record.parameters = entry.parameters;
  record.source_format = "darkmachines";
  record.num_events = events;
  return store.CommitSample(std::move(blob), std::move(record), false).status();
}

}  // namespace

absl::StatusOr<DemoReport> BootstrapDemo(const std::string& dir, const std::string& encoder_name,
                                         store::Store& store, JobManager& jobs) {
  LATENT_ASSIGN_OR_RETURN(std::vector<ManifestEntry> manifest, ReadManifest(dir + "/samples.json"));
  DemoReport report;
  v1::TrainingRequest request;
  request.set_encoder(encoder_name);
  for (const ManifestEntry& entry : manifest) {
    request.add_samples(entry.name);
    if (store.GetSample(entry.name).ok()) continue;
    if (absl::Status status = ImportSample(dir + "/" + entry.file, entry, store); !status.ok()) {
      return absl::Status(status.code(), absl::StrCat("demo sample '", entry.name, "' from ",
                                                      entry.file, ": ", status.message()));
    }
    ++report.samples_imported;
  }
  if (store.GetEncoder(encoder_name).ok()) return report;
  for (v1::JobState state : {v1::JOB_STATE_QUEUED, v1::JOB_STATE_RUNNING}) {
    LATENT_ASSIGN_OR_RETURN(std::vector<v1::Job> pending, jobs.List(state));
    for (const v1::Job& job : pending) {
      if (job.request().encoder() == encoder_name) return report;
    }
  }
  LATENT_ASSIGN_OR_RETURN(v1::TrainingRequest normalized, NormalizeTrainingRequest(request));
  LATENT_ASSIGN_OR_RETURN(v1::Job job, jobs.Submit(normalized));
  report.job_id = job.id();
  return report;
}

}  // namespace latentspace::server
