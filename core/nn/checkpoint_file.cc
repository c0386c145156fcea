// The checkpoint file layout, field reading, history JSON and weight loading shared by encoder
// and detector checkpoints.
#include "core/nn/checkpoint_file.h"

#include <zlib.h>

#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/str_join.h"
#include "core/io/durable_file.h"
#include "core/status_macros.h"

namespace latentspace {
namespace {

void AppendU64(std::string* out, uint64_t value) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

uint64_t ReadU64(const char* p) {
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(p[i]);
  return value;
}

uint32_t ReadU32(const char* p) {
  uint32_t value = 0;
  for (int i = 3; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(p[i]);
  return value;
}

// The first line of a LibTorch error (the rest is a C++ backtrace).
std::string FirstLine(const char* message) {
  const std::string text(message);
  return text.substr(0, text.find('\n'));
}

uint32_t Crc32(absl::string_view bytes) {
  return static_cast<uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

// Patience as the files store it: 0 for never.
int64_t PatienceInFile(int64_t patience) { return patience == kNeverStopEarly ? 0 : patience; }
int64_t PatienceFromFile(int64_t stored) { return stored == 0 ? kNeverStopEarly : stored; }

}  // namespace

absl::Status WriteCheckpointFile(const std::string& path, absl::string_view magic, int version,
                                 const CheckpointJson& metadata, const torch::nn::Module& model) {
  std::ostringstream weights;
  try {
    torch::serialize::OutputArchive archive;
    model.save(archive);
    archive.save_to(weights);
  } catch (const std::exception& error) {
    return absl::InternalError(
        absl::StrCat(path, ": cannot serialise the weights: ", FirstLine(error.what())));
  }
  std::string bytes = absl::StrCat(magic, " ", version, "\n");
  const std::string json = metadata.dump(-1, ' ', false, CheckpointJson::error_handler_t::replace);
  AppendU64(&bytes, json.size());
  bytes += json;
  const std::string weight_bytes = weights.str();
  AppendU64(&bytes, weight_bytes.size());
  bytes += weight_bytes;
  const uint32_t crc = Crc32(bytes);
  for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<char>((crc >> (8 * i)) & 0xff));
  return WriteFileDurably(path, bytes);
}

absl::StatusOr<CheckpointSections> ReadCheckpointFile(const std::string& path,
                                                      absl::string_view magic, int version,
                                                      absl::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": no such checkpoint file"));
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string prefix = absl::StrCat(magic, " ");
  const size_t header_end = bytes.find('\n');
  if (bytes.rfind(prefix, 0) != 0 || header_end == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not an ", what, " checkpoint"));
  }
  const std::string found = bytes.substr(prefix.size(), header_end - prefix.size());
  if (found != std::to_string(version)) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": checkpoint format version ", found,
                                                      ", this build reads version ", version));
  }
  if (bytes.size() < header_end + 1 + 8 + 8 + 4 ||
      Crc32(absl::string_view(bytes).substr(0, bytes.size() - 4)) !=
          ReadU32(bytes.data() + bytes.size() - 4)) {
    return absl::DataLossError(
        absl::StrCat(path, ": checkpoint is truncated or corrupted (CRC-32 mismatch)"));
  }
  size_t offset = header_end + 1;
  const uint64_t json_size = ReadU64(bytes.data() + offset);
  offset += 8;
  if (json_size > bytes.size() - offset - 12) {
    return absl::DataLossError(absl::StrCat(path, ": checkpoint metadata length is inconsistent"));
  }
  CheckpointSections sections;
  sections.metadata = CheckpointJson::parse(bytes.substr(offset, json_size), nullptr, false);
  offset += json_size;
  const uint64_t weights_size = ReadU64(bytes.data() + offset);
  offset += 8;
  if (sections.metadata.is_discarded() || weights_size != bytes.size() - offset - 4) {
    return absl::DataLossError(absl::StrCat(path, ": checkpoint sections are inconsistent"));
  }
  sections.weights = bytes.substr(offset, weights_size);
  return sections;
}

absl::Status LoadCheckpointWeights(const std::string& path, const std::string& weights,
                                   torch::nn::Module& model) {
  // LibTorch replaces parameters of another shape without complaint: compare the shapes.
  std::vector<std::pair<std::string, std::vector<int64_t>>> shapes;
  for (const auto& item : model.named_parameters()) {
    shapes.emplace_back(item.key(), item.value().sizes().vec());
  }
  try {
    std::istringstream stream(weights);
    torch::serialize::InputArchive archive;
    archive.load_from(stream);
    model.load(archive);
  } catch (const std::exception& error) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": weights do not match the configured model: ", FirstLine(error.what())));
  }
  const auto loaded = model.named_parameters();
  for (const auto& [name, shape] : shapes) {
    if (loaded[name].sizes().vec() != shape) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": weights do not match the configured model: '", name, "' is [",
                       absl::StrJoin(loaded[name].sizes().vec(), ", "), "], expected [",
                       absl::StrJoin(shape, ", "), "]"));
    }
  }
  return absl::OkStatus();
}

CheckpointJson TrainingScheduleToJson(const TrainingSchedule& schedule) {
  return CheckpointJson{{"learning_rate", schedule.learning_rate},
                        {"batch_size", schedule.batch_size},
                        {"epochs", schedule.epochs},
                        {"patience", PatienceInFile(schedule.patience)},
                        {"final_learning_rate_fraction", schedule.final_learning_rate_fraction},
                        {"seed", schedule.seed},
                        {"device", std::string(DeviceChoiceName(schedule.device))},
                        {"threads", schedule.threads}};
}

absl::Status TrainingScheduleFromJson(const CheckpointFieldReader& r, const CheckpointJson& json,
                                      absl::string_view where, TrainingSchedule* schedule) {
  std::string device;
  LATENT_RETURN_IF_ERROR(r.Get(json, "learning_rate", where, &schedule->learning_rate));
  LATENT_RETURN_IF_ERROR(r.Get(json, "batch_size", where, &schedule->batch_size));
  LATENT_RETURN_IF_ERROR(r.Get(json, "epochs", where, &schedule->epochs));
  LATENT_RETURN_IF_ERROR(r.Get(json, "patience", where, &schedule->patience));
  schedule->patience = PatienceFromFile(schedule->patience);
  LATENT_RETURN_IF_ERROR(r.GetAdded(json, "final_learning_rate_fraction", where, 1.0,
                                    &schedule->final_learning_rate_fraction));
  LATENT_RETURN_IF_ERROR(r.Get(json, "seed", where, &schedule->seed));
  LATENT_RETURN_IF_ERROR(r.Get(json, "device", where, &device));
  LATENT_RETURN_IF_ERROR(r.Get(json, "threads", where, &schedule->threads));
  absl::StatusOr<DeviceChoice> parsed = ParseDeviceChoice(device);
  if (!parsed.ok()) return r.Error(absl::StrCat(where, ".device"), parsed.status().message());
  schedule->device = *parsed;
  return absl::OkStatus();
}

CheckpointJson TrainingHistoryToJson(const TrainingHistory& history) {
  CheckpointJson epochs = CheckpointJson::array();
  for (const EpochRecord& e : history.epochs) {
    epochs.push_back({e.attempt, e.epoch, e.train_loss, e.validation_loss, e.sets_per_second});
  }
  CheckpointJson restarts = CheckpointJson::array();
  for (const RestartRecord& r : history.restarts) {
    restarts.push_back(
        {{"attempt", r.attempt}, {"seed", r.seed}, {"epoch", r.epoch}, {"reason", r.reason}});
  }
  return CheckpointJson{
      {"epochs", epochs},
      {"epoch_columns", {"attempt", "epoch", "train_loss", "validation_loss", "sets_per_second"}},
      {"restarts", restarts},
      {"seed", history.seed},
      {"best_epoch", history.best_epoch},
      {"best_validation_loss", history.best_validation_loss},
      {"stopped_early", history.stopped_early}};
}

absl::Status TrainingHistoryFromJson(const CheckpointFieldReader& r, const CheckpointJson& json,
                                     TrainingHistory* history) {
  std::vector<std::vector<double>> epochs;
  LATENT_RETURN_IF_ERROR(r.Get(json, "epochs", "history", &epochs));
  for (size_t i = 0; i < epochs.size(); ++i) {
    if (epochs[i].size() != 5)
      return r.Error(absl::StrCat("history.epochs[", i, "]"), "needs 5 values");
    history->epochs.push_back({static_cast<int>(epochs[i][0]), static_cast<int64_t>(epochs[i][1]),
                               epochs[i][2], epochs[i][3], epochs[i][4]});
  }
  CheckpointJson restarts;
  LATENT_RETURN_IF_ERROR(r.Get(json, "restarts", "history", &restarts));
  if (!restarts.is_array()) return r.Error("history.restarts", "is not an array");
  for (size_t i = 0; i < restarts.size(); ++i) {
    const std::string where = absl::StrCat("history.restarts[", i, "]");
    RestartRecord record;
    LATENT_RETURN_IF_ERROR(r.Get(restarts[i], "attempt", where, &record.attempt));
    LATENT_RETURN_IF_ERROR(r.Get(restarts[i], "seed", where, &record.seed));
    LATENT_RETURN_IF_ERROR(r.Get(restarts[i], "epoch", where, &record.epoch));
    LATENT_RETURN_IF_ERROR(r.Get(restarts[i], "reason", where, &record.reason));
    history->restarts.push_back(std::move(record));
  }
  LATENT_RETURN_IF_ERROR(r.Get(json, "seed", "history", &history->seed));
  LATENT_RETURN_IF_ERROR(r.Get(json, "best_epoch", "history", &history->best_epoch));
  LATENT_RETURN_IF_ERROR(
      r.Get(json, "best_validation_loss", "history", &history->best_validation_loss));
  LATENT_RETURN_IF_ERROR(r.Get(json, "stopped_early", "history", &history->stopped_early));
  return absl::OkStatus();
}

}  // namespace latentspace
