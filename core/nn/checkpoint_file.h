// What every latentspace checkpoint (encoders, detectors) shares: the file layout, the reading of
// metadata fields with errors that name them, the training schedule's and history's JSON, and
// loading weights into a model configured from the metadata with every parameter's shape checked.
//
// File layout: the line "<magic> <version>\n", then a little-endian uint64 length and the JSON
// metadata, a uint64 length and the LibTorch-serialised weights, and a CRC-32 of everything before
// it (uint32). Files are written atomically (temporary file, fsync, rename).
#ifndef LATENTSPACE_CORE_NN_CHECKPOINT_FILE_H_
#define LATENTSPACE_CORE_NN_CHECKPOINT_FILE_H_

#include <torch/torch.h>

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "core/nn/training_types.h"
#include "nlohmann/json.hpp"

namespace latentspace {

using CheckpointJson = nlohmann::ordered_json;

// Serialises `model`'s weights and writes the file; INTERNAL when the weights cannot be
// serialised, or the error of the durable write.
absl::Status WriteCheckpointFile(const std::string& path, absl::string_view magic, int version,
                                 const CheckpointJson& metadata, const torch::nn::Module& model);

struct CheckpointSections {
  CheckpointJson metadata;
  std::string weights;  // LibTorch-serialised
};

// NOT_FOUND for a missing file, INVALID_ARGUMENT for another kind of file ("not an <what>
// checkpoint"), FAILED_PRECONDITION for another format version, DATA_LOSS for a truncated or
// corrupted one.
absl::StatusOr<CheckpointSections> ReadCheckpointFile(const std::string& path,
                                                      absl::string_view magic, int version,
                                                      absl::string_view what);

// Loads `weights` into `model`, built as the metadata describes: INVALID_ARGUMENT ("weights do
// not match the configured model") for weights of another model or a parameter of another shape.
absl::Status LoadCheckpointWeights(const std::string& path, const std::string& weights,
                                   torch::nn::Module& model);

// Reads metadata fields with errors that name them ("PATH: checkpoint field 'config.epochs' is
// missing").
class CheckpointFieldReader {
 public:
  explicit CheckpointFieldReader(std::string path) : path_(std::move(path)) {}

  template <typename T>
  absl::Status Get(const CheckpointJson& json, const char* key, absl::string_view where,
                   T* out) const {
    const std::string name = where.empty() ? key : absl::StrCat(where, ".", key);
    if (!json.is_object() || !json.contains(key)) return Error(name, "is missing");
    try {
      *out = json.at(key).get<T>();
    } catch (const nlohmann::json::exception&) {
      return Error(name, absl::StrCat("has the wrong type (", json.at(key).type_name(), ")"));
    }
    return absl::OkStatus();
  }

  // A field added after the first release: checkpoints written before it lack it and mean
  // `absent` (what that release did).
  template <typename T>
  absl::Status GetAdded(const CheckpointJson& json, const char* key, absl::string_view where,
                        T absent, T* out) const {
    if (json.is_object() && !json.contains(key)) {
      *out = absent;
      return absl::OkStatus();
    }
    return Get(json, key, where, out);
  }

  absl::Status Error(absl::string_view field, absl::string_view problem) const {
    return absl::InvalidArgumentError(
        absl::StrCat(path_, ": checkpoint field '", field, "' ", problem));
  }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The shared schedule's fields, as every kind's trainer configuration stores them. The files keep
// patience as every format version has written it, 0 for kNeverStopEarly, so that checkpoints
// written before and after the code took -1 for "never" read alike in every build.
CheckpointJson TrainingScheduleToJson(const TrainingSchedule& schedule);
// From the object `json`, named `where` in errors ("config", "trainer"). A checkpoint from before
// the cosine schedule lacks final_learning_rate_fraction and means a constant rate (1).
absl::Status TrainingScheduleFromJson(const CheckpointFieldReader& r, const CheckpointJson& json,
                                      absl::string_view where, TrainingSchedule* schedule);

CheckpointJson TrainingHistoryToJson(const TrainingHistory& history);
// From the field "history".
absl::Status TrainingHistoryFromJson(const CheckpointFieldReader& r, const CheckpointJson& json,
                                     TrainingHistory* history);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_NN_CHECKPOINT_FILE_H_
