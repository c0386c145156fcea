// A trained encoder that describes itself, in one validated file.
#include "core/nn/checkpoint.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/features/preset.h"
#include "core/io/durable_file.h"
#include "nlohmann/json.hpp"

namespace latentspace {
namespace {

using Json = nlohmann::ordered_json;

constexpr char kMagic[] = "latentspace-encoder-checkpoint ";

Json ConfigToJson(const TrainerConfig& config) {
  const LatentModelOptions& model = config.model;
  return Json{{"learning_rate", config.learning_rate},
              {"batch_size", config.batch_size},
              {"epochs", config.epochs},
              {"patience", config.patience},
              {"final_learning_rate_fraction", config.final_learning_rate_fraction},
              {"initialisations", config.initialisations},
              {"seed", config.seed},
              {"device", std::string(DeviceChoiceName(config.device))},
              {"threads", config.threads},
              {"max_restarts", config.max_restarts},
              {"model",
               {{"variant", std::string(ModelVariantName(model.variant))},
                {"hidden_widths", model.hidden_widths},
                {"latent_dim", model.latent_dim},
                {"margin", model.margin},
                {"reconstruction_weight", model.reconstruction_weight},
                {"kl_beta", model.kl_beta}}}};
}

Json HistoryToJson(const TrainingHistory& history) {
  Json epochs = Json::array();
  for (const EpochRecord& e : history.epochs) {
    epochs.push_back({e.attempt, e.epoch, e.train_loss, e.validation_loss, e.sets_per_second});
  }
  Json restarts = Json::array();
  for (const RestartRecord& r : history.restarts) {
    restarts.push_back(
        {{"attempt", r.attempt}, {"seed", r.seed}, {"epoch", r.epoch}, {"reason", r.reason}});
  }
  return Json{
      {"epochs", epochs},
      {"epoch_columns", {"attempt", "epoch", "train_loss", "validation_loss", "sets_per_second"}},
      {"restarts", restarts},
      {"seed", history.seed},
      {"best_epoch", history.best_epoch},
      {"best_validation_loss", history.best_validation_loss},
      {"stopped_early", history.stopped_early}};
}

Json ModelsToJson(const std::vector<ModelPoints>& models) {
  Json out = Json::array();
  for (const ModelPoints& m : models) {
    std::vector<double> xy;
    xy.reserve(2 * m.points.size());
    for (const LatentPoint& p : m.points) {
      xy.push_back(p.x);
      xy.push_back(p.y);
    }
    out.push_back({{"name", m.name},
                   {"parameters", m.parameters},
                   {"points_xy", xy},
                   {"feature_means", m.feature_means}});
  }
  return out;
}

Json SeparationToJson(const ModelSeparation& separation) {
  return Json{{"validation_confusion", separation.validation_confusion},
              {"classifier_accuracy", separation.classifier_accuracy},
              {"classifier_k", separation.classifier_k}};
}

// Either matrix is empty or square with one row per model; counts >= 0, accuracies in [0, 1].
absl::Status CheckSeparation(const ModelSeparation& separation, size_t models) {
  const auto check = [models](const auto& matrix, const char* field, auto valid) -> absl::Status {
    if (matrix.empty()) return absl::OkStatus();
    if (matrix.size() != models) {
      return absl::InvalidArgumentError(absl::StrCat("separation.", field, " has ", matrix.size(),
                                                     " rows for ", models, " models"));
    }
    for (size_t a = 0; a < matrix.size(); ++a) {
      if (matrix[a].size() != models) {
        return absl::InvalidArgumentError(absl::StrCat("separation.", field, "[", a, "] has ",
                                                       matrix[a].size(), " values for ", models,
                                                       " models"));
      }
      for (size_t b = 0; b < models; ++b) {
        if (!valid(matrix[a][b])) {
          return absl::InvalidArgumentError(absl::StrCat("separation.", field, "[", a, "][", b,
                                                         "] = ", matrix[a][b], " is out of range"));
        }
      }
    }
    return absl::OkStatus();
  };
  if (absl::Status status = check(separation.validation_confusion, "validation_confusion",
                                  [](int64_t count) { return count >= 0; });
      !status.ok()) {
    return status;
  }
  return check(separation.classifier_accuracy, "classifier_accuracy",
               [](double accuracy) { return accuracy >= 0 && accuracy <= 1; });
}

// Reads metadata fields with errors that name them ("metadata field 'config.model.latent_dim'").
class Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {}

  template <typename T>
  absl::Status Get(const Json& json, const char* key, absl::string_view where, T* out) const {
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
  absl::Status GetAdded(const Json& json, const char* key, absl::string_view where, T absent,
                        T* out) const {
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

#define RETURN_IF_ERROR(expr)                       \
  do {                                              \
    if (absl::Status s = (expr); !s.ok()) return s; \
  } while (false)

absl::Status ConfigFromJson(const Reader& r, const Json& json, TrainerConfig* config) {
  std::string device, variant;
  RETURN_IF_ERROR(r.Get(json, "learning_rate", "config", &config->learning_rate));
  RETURN_IF_ERROR(r.Get(json, "batch_size", "config", &config->batch_size));
  RETURN_IF_ERROR(r.Get(json, "epochs", "config", &config->epochs));
  RETURN_IF_ERROR(r.Get(json, "patience", "config", &config->patience));
  // Before the cosine schedule and several initialisations: a constant rate, one initialisation.
  RETURN_IF_ERROR(r.GetAdded(json, "final_learning_rate_fraction", "config", 1.0,
                             &config->final_learning_rate_fraction));
  RETURN_IF_ERROR(r.GetAdded(json, "initialisations", "config", 1, &config->initialisations));
  RETURN_IF_ERROR(r.Get(json, "seed", "config", &config->seed));
  RETURN_IF_ERROR(r.Get(json, "device", "config", &device));
  RETURN_IF_ERROR(r.Get(json, "threads", "config", &config->threads));
  RETURN_IF_ERROR(r.Get(json, "max_restarts", "config", &config->max_restarts));
  Json model;
  RETURN_IF_ERROR(r.Get(json, "model", "config", &model));
  LatentModelOptions& options = config->model;
  RETURN_IF_ERROR(r.Get(model, "variant", "config.model", &variant));
  RETURN_IF_ERROR(r.Get(model, "hidden_widths", "config.model", &options.hidden_widths));
  RETURN_IF_ERROR(r.Get(model, "latent_dim", "config.model", &options.latent_dim));
  RETURN_IF_ERROR(r.Get(model, "margin", "config.model", &options.margin));
  RETURN_IF_ERROR(
      r.Get(model, "reconstruction_weight", "config.model", &options.reconstruction_weight));
  RETURN_IF_ERROR(r.Get(model, "kl_beta", "config.model", &options.kl_beta));
  absl::StatusOr<DeviceChoice> parsed_device = ParseDeviceChoice(device);
  if (!parsed_device.ok()) return r.Error("config.device", parsed_device.status().message());
  config->device = *parsed_device;
  absl::StatusOr<ModelVariant> parsed_variant = ParseModelVariant(variant);
  if (!parsed_variant.ok())
    return r.Error("config.model.variant", parsed_variant.status().message());
  options.variant = *parsed_variant;
  if (absl::Status status = ValidateLatentModelOptions(options); !status.ok()) {
    return r.Error("config.model", status.message());
  }
  if (options.latent_dim != 2) return r.Error("config.model.latent_dim", "must be 2");
  return absl::OkStatus();
}

absl::Status HistoryFromJson(const Reader& r, const Json& json, TrainingHistory* history) {
  std::vector<std::vector<double>> epochs;
  RETURN_IF_ERROR(r.Get(json, "epochs", "history", &epochs));
  for (size_t i = 0; i < epochs.size(); ++i) {
    if (epochs[i].size() != 5)
      return r.Error(absl::StrCat("history.epochs[", i, "]"), "needs 5 values");
    history->epochs.push_back({static_cast<int>(epochs[i][0]), static_cast<int64_t>(epochs[i][1]),
                               epochs[i][2], epochs[i][3], epochs[i][4]});
  }
  Json restarts;
  RETURN_IF_ERROR(r.Get(json, "restarts", "history", &restarts));
  if (!restarts.is_array()) return r.Error("history.restarts", "is not an array");
  for (size_t i = 0; i < restarts.size(); ++i) {
    const std::string where = absl::StrCat("history.restarts[", i, "]");
    RestartRecord record;
    RETURN_IF_ERROR(r.Get(restarts[i], "attempt", where, &record.attempt));
    RETURN_IF_ERROR(r.Get(restarts[i], "seed", where, &record.seed));
    RETURN_IF_ERROR(r.Get(restarts[i], "epoch", where, &record.epoch));
    RETURN_IF_ERROR(r.Get(restarts[i], "reason", where, &record.reason));
    history->restarts.push_back(std::move(record));
  }
  RETURN_IF_ERROR(r.Get(json, "seed", "history", &history->seed));
  RETURN_IF_ERROR(r.Get(json, "best_epoch", "history", &history->best_epoch));
  RETURN_IF_ERROR(r.Get(json, "best_validation_loss", "history", &history->best_validation_loss));
  RETURN_IF_ERROR(r.Get(json, "stopped_early", "history", &history->stopped_early));
  return absl::OkStatus();
}

absl::Status ModelsFromJson(const Reader& r, const Json& json, int64_t features,
                            std::vector<ModelPoints>* models) {
  if (!json.is_array() || json.empty()) return r.Error("models", "must be a non-empty array");
  std::set<std::string> names;
  for (size_t i = 0; i < json.size(); ++i) {
    const std::string where = absl::StrCat("models[", i, "]");
    ModelPoints model;
    std::vector<double> xy;
    RETURN_IF_ERROR(r.Get(json[i], "name", where, &model.name));
    RETURN_IF_ERROR(r.Get(json[i], "parameters", where, &model.parameters));
    RETURN_IF_ERROR(r.Get(json[i], "points_xy", where, &xy));
    RETURN_IF_ERROR(r.Get(json[i], "feature_means", where, &model.feature_means));
    if (model.name.empty() || !names.insert(model.name).second) {
      return r.Error(where + ".name", absl::StrCat("'", model.name, "' is empty or repeated"));
    }
    if (xy.size() % 2 != 0) return r.Error(where + ".points_xy", "has an odd number of values");
    for (size_t p = 0; p < xy.size(); p += 2) model.points.push_back({xy[p], xy[p + 1]});
    if (absl::Status status = CheckFinite(model.points, where); !status.ok()) {
      return r.Error(where + ".points_xy", status.message());
    }
    const size_t means = model.feature_means.size();
    if (means != 0 && means != model.points.size() * static_cast<size_t>(features)) {
      return r.Error(where + ".feature_means",
                     absl::StrCat("has ", means, " values, expected sets x features = ",
                                  model.points.size(), " x ", features));
    }
    if (!std::all_of(model.feature_means.begin(), model.feature_means.end(),
                     [](double v) { return std::isfinite(v); })) {
      return r.Error(where + ".feature_means", "holds a value that is not finite");
    }
    for (const auto& [key, value] : model.parameters) {
      if (!std::isfinite(value))
        return r.Error(absl::StrCat(where, ".parameters.", key), "is not finite");
    }
    models->push_back(std::move(model));
  }
  return absl::OkStatus();
}

// Added after the first release: absent means "not recorded" (empty matrices).
absl::Status SeparationFromJson(const Reader& r, const Json& metadata, size_t models,
                                ModelSeparation* separation) {
  if (!metadata.contains("separation")) return absl::OkStatus();
  const Json& json = metadata.at("separation");
  RETURN_IF_ERROR(
      r.Get(json, "validation_confusion", "separation", &separation->validation_confusion));
  RETURN_IF_ERROR(
      r.Get(json, "classifier_accuracy", "separation", &separation->classifier_accuracy));
  RETURN_IF_ERROR(r.Get(json, "classifier_k", "separation", &separation->classifier_k));
  if (absl::Status status = CheckSeparation(*separation, models); !status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(r.path(), ": checkpoint field ", status.message()));
  }
  return absl::OkStatus();
}

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

}  // namespace

absl::Status SaveCheckpoint(const EncoderCheckpoint& checkpoint, const std::string& path) {
  if (!checkpoint.model) return absl::InvalidArgumentError(path + ": checkpoint without a model");
  for (size_t i = 0; i < checkpoint.models.size(); ++i) {
    const ModelPoints& model = checkpoint.models[i];
    absl::Status finite = CheckFinite(model.points, absl::StrCat("models[", i, "]"));
    if (!finite.ok()) return absl::InvalidArgumentError(absl::StrCat(path, ": ", finite.message()));
    const size_t means = model.feature_means.size();
    if ((means != 0 && means != model.points.size() * checkpoint.standardiser.names().size()) ||
        !std::all_of(model.feature_means.begin(), model.feature_means.end(),
                     [](double v) { return std::isfinite(v); })) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": models[", i, "].feature_means must hold sets x features finite values"));
    }
  }
  if (absl::Status status = CheckSeparation(checkpoint.separation, checkpoint.models.size());
      !status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", status.message()));
  }
  Json metadata;
  metadata["format"] = kCheckpointFormatVersion;
  metadata["preset"] = checkpoint.preset;
  metadata["standardiser"] = Json::parse(checkpoint.standardiser.ToJson());
  metadata["k"] = checkpoint.k;
  metadata["input_dim"] = checkpoint.model->input_dim();
  metadata["config"] = ConfigToJson(checkpoint.config);
  metadata["history"] = HistoryToJson(checkpoint.history);
  metadata["models"] = ModelsToJson(checkpoint.models);
  metadata["separation"] = SeparationToJson(checkpoint.separation);
  std::ostringstream weights;
  try {
    LatentModel cpu_copy = checkpoint.model;
    torch::save(cpu_copy, weights);
  } catch (const std::exception& error) {
    return absl::InternalError(
        absl::StrCat(path, ": cannot serialise the weights: ", FirstLine(error.what())));
  }
  std::string bytes = absl::StrCat(kMagic, kCheckpointFormatVersion, "\n");
  const std::string json = metadata.dump(-1, ' ', false, Json::error_handler_t::replace);
  AppendU64(&bytes, json.size());
  bytes += json;
  const std::string weight_bytes = weights.str();
  AppendU64(&bytes, weight_bytes.size());
  bytes += weight_bytes;
  const uint32_t crc = Crc32(bytes);
  for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<char>((crc >> (8 * i)) & 0xff));
  return WriteFileDurably(path, bytes);
}

absl::StatusOr<EncoderCheckpoint> LoadCheckpoint(const std::string& path,
                                                 const torch::Device& device) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": no such checkpoint file"));
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t header_end = bytes.find('\n');
  if (bytes.rfind(kMagic, 0) != 0 || header_end == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not an encoder checkpoint"));
  }
  const std::string version = bytes.substr(sizeof(kMagic) - 1, header_end - sizeof(kMagic) + 1);
  if (version != std::to_string(kCheckpointFormatVersion)) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": checkpoint format version ", version,
                                                      ", this build reads version ",
                                                      kCheckpointFormatVersion));
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
  const Json metadata = Json::parse(bytes.substr(offset, json_size), nullptr, false);
  offset += json_size;
  const uint64_t weights_size = ReadU64(bytes.data() + offset);
  offset += 8;
  if (metadata.is_discarded() || weights_size != bytes.size() - offset - 4) {
    return absl::DataLossError(absl::StrCat(path, ": checkpoint sections are inconsistent"));
  }

  const Reader r(path);
  EncoderCheckpoint checkpoint;
  Json standardiser, config, history, models;
  int64_t input_dim = 0;
  RETURN_IF_ERROR(r.Get(metadata, "preset", "", &checkpoint.preset));
  RETURN_IF_ERROR(r.Get(metadata, "standardiser", "", &standardiser));
  RETURN_IF_ERROR(r.Get(metadata, "k", "", &checkpoint.k));
  RETURN_IF_ERROR(r.Get(metadata, "input_dim", "", &input_dim));
  absl::StatusOr<FeaturePreset> preset = FeaturePreset::Get(checkpoint.preset);
  if (!preset.ok()) return r.Error("preset", preset.status().message());
  absl::StatusOr<Standardiser> parsed = Standardiser::FromJson(standardiser.dump());
  if (!parsed.ok()) return r.Error("standardiser", parsed.status().message());
  checkpoint.standardiser = *std::move(parsed);
  if (checkpoint.standardiser.names() != preset->feature_names()) {
    return r.Error("standardiser",
                   absl::StrCat("features do not match preset '", preset->name(), "'"));
  }
  if (checkpoint.k < 1) return r.Error("k", absl::StrCat("= ", checkpoint.k, " must be >= 1"));
  if (input_dim != checkpoint.k * preset->num_features()) {
    return r.Error("input_dim", absl::StrCat("= ", input_dim, " but k x features = ",
                                             checkpoint.k * preset->num_features()));
  }
  RETURN_IF_ERROR(r.Get(metadata, "config", "", &config));
  RETURN_IF_ERROR(ConfigFromJson(r, config, &checkpoint.config));
  RETURN_IF_ERROR(r.Get(metadata, "history", "", &history));
  RETURN_IF_ERROR(HistoryFromJson(r, history, &checkpoint.history));
  RETURN_IF_ERROR(r.Get(metadata, "models", "", &models));
  RETURN_IF_ERROR(ModelsFromJson(r, models, preset->num_features(), &checkpoint.models));
  RETURN_IF_ERROR(
      SeparationFromJson(r, metadata, checkpoint.models.size(), &checkpoint.separation));

  checkpoint.model = LatentModel(input_dim, checkpoint.config.model);
  // LibTorch replaces parameters of another shape without complaint: compare the shapes.
  std::vector<std::pair<std::string, std::vector<int64_t>>> shapes;
  for (const auto& item : checkpoint.model->named_parameters()) {
    shapes.emplace_back(item.key(), item.value().sizes().vec());
  }
  try {
    std::istringstream weights(bytes.substr(offset, weights_size));
    torch::load(checkpoint.model, weights);
  } catch (const std::exception& error) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": weights do not match the configured model: ", FirstLine(error.what())));
  }
  const auto loaded = checkpoint.model->named_parameters();
  for (const auto& [name, shape] : shapes) {
    if (loaded[name].sizes().vec() != shape) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": weights do not match the configured model: '", name, "' is [",
                       absl::StrJoin(loaded[name].sizes().vec(), ", "), "], expected [",
                       absl::StrJoin(shape, ", "), "]"));
    }
  }
  checkpoint.model->to(device);
  checkpoint.model->eval();
  return checkpoint;
}

}  // namespace latentspace
