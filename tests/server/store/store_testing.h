// Helpers shared by the store tests and the tests over a real store: a store in a scratch
// directory, uploading a sample or a model in one call, listing the files of a directory.
#ifndef LATENTSPACE_TESTS_SERVER_STORE_STORE_TESTING_H_
#define LATENTSPACE_TESTS_SERVER_STORE_STORE_TESTING_H_

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/status_macros.h"
#include "gtest/gtest.h"
#include "server/store/store.h"
#include "tests/testing/paths.h"

namespace latentspace::store::testing {

// A store in a fresh scratch directory; null, and the test failed, when it cannot be opened.
inline std::unique_ptr<Store> OpenScratchStore() {
  absl::StatusOr<std::unique_ptr<Store>> opened =
      Store::Open(latentspace::testing::ScratchDir() + "/data");
  EXPECT_TRUE(opened.ok()) << opened.status();
  return opened.ok() ? *std::move(opened) : nullptr;
}

// Names of the entries in `dir`, sorted; empty when it does not exist.
inline std::vector<std::string> FilesIn(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code error;
  for (std::filesystem::directory_iterator it(dir, error), end; !error && it != end;
       it.increment(error)) {
    names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// `content` in chunks of `chunk` bytes through a new sample upload, committed as `name`.
inline absl::StatusOr<SampleRecord> UploadSample(Store& store, const std::string& name,
                                                 absl::string_view content, bool overwrite = false,
                                                 std::map<std::string, double> parameters = {},
                                                 size_t chunk = 4096) {
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<BlobWriter> writer, store.BeginSampleUpload());
  for (size_t at = 0; at < content.size(); at += chunk) {
    absl::Status appended = writer->Append(content.substr(at, chunk));
    if (!appended.ok()) return appended;
  }
  SampleRecord record;
  record.name = name;
  record.parameters = std::move(parameters);
  record.source_format = "darkmachines";
  record.num_events = static_cast<int64_t>(content.size() / 10);
  return store.CommitSample(std::move(writer), std::move(record), overwrite);
}

// A checkpoint's bytes committed as a new version of the `kind` model `name` (finishing `job_id`
// when not empty).
inline absl::StatusOr<ModelRecord> UploadModel(Store& store, ModelKind kind,
                                               const std::string& name, absl::string_view content,
                                               const std::string& job_id = "") {
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<BlobWriter> writer, store.BeginModelUpload(kind));
  absl::Status appended = writer->Append(content);
  if (!appended.ok()) return appended;
  ModelRecord record;
  record.name = name;
  record.preset = "darkmachines-4top";
  record.summary_json = R"({"epochs": 3})";
  if (job_id.empty()) return store.CommitModel(kind, std::move(writer), std::move(record));
  return store.CommitModelAndFinishJob(kind, job_id, std::move(writer), std::move(record));
}

inline absl::StatusOr<EncoderRecord> UploadEncoder(Store& store, const std::string& name,
                                                   absl::string_view content,
                                                   const std::string& job_id = "") {
  return UploadModel(store, ModelKind::kEncoder, name, content, job_id);
}

}  // namespace latentspace::store::testing

#endif  // LATENTSPACE_TESTS_SERVER_STORE_STORE_TESTING_H_
