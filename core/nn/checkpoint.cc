// A trained encoder that describes itself, in one validated file.
#include "core/nn/checkpoint.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/features/preset.h"
#include "core/nn/checkpoint_file.h"
#include "core/status_macros.h"

namespace latentspace {
namespace {

using Json = CheckpointJson;
using Reader = CheckpointFieldReader;

constexpr char kMagic[] = "latentspace-encoder-checkpoint";

Json ConfigToJson(const TrainerConfig& config) {
  const LatentModelOptions& model = config.model;
  Json json = TrainingScheduleToJson(config);
  json["initialisations"] = config.initialisations;
  json["max_restarts"] = config.max_restarts;
  json["model"] = {{"variant", std::string(ModelVariantName(model.variant))},
                   {"hidden_widths", model.hidden_widths},
                   {"latent_dim", model.latent_dim},
                   {"margin", model.margin},
                   {"reconstruction_weight", model.reconstruction_weight},
                   {"kl_beta", model.kl_beta}};
  return json;
}

// Points as [x0, y0, x1, y1, ...].
std::vector<double> Interleave(const std::vector<LatentPoint>& points) {
  std::vector<double> xy;
  xy.reserve(2 * points.size());
  for (const LatentPoint& p : points) {
    xy.push_back(p.x);
    xy.push_back(p.y);
  }
  return xy;
}

Json ModelsToJson(const std::vector<ModelPoints>& models) {
  Json out = Json::array();
  for (const ModelPoints& m : models) {
    out.push_back({{"name", m.name},
                   {"parameters", m.parameters},
                   {"family", m.family},
                   {"points_xy", Interleave(m.points)},
                   {"feature_means", m.feature_means},
                   {"test_points_xy", Interleave(m.test_points)}});
  }
  return out;
}

// The points of `xy` ([x0, y0, ...]), finite; `field` names it in errors.
absl::Status Deinterleave(const Reader& r, const std::vector<double>& xy, const std::string& field,
                          std::vector<LatentPoint>* points) {
  if (xy.size() % 2 != 0) return r.Error(field, "has an odd number of values");
  for (size_t p = 0; p < xy.size(); p += 2) points->push_back({xy[p], xy[p + 1]});
  if (absl::Status status = CheckFinite(*points, field); !status.ok()) {
    return r.Error(field, status.message());
  }
  return absl::OkStatus();
}

Json SeparationToJson(const ModelSeparation& separation) {
  return Json{{"validation_confusion", separation.validation_confusion},
              {"test_confusion", separation.test_confusion},
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
  for (const auto& [confusion, field] :
       {std::pair{&separation.validation_confusion, "validation_confusion"},
        std::pair{&separation.test_confusion, "test_confusion"}}) {
    if (absl::Status status = check(*confusion, field, [](int64_t count) { return count >= 0; });
        !status.ok()) {
      return status;
    }
  }
  return check(separation.classifier_accuracy, "classifier_accuracy",
               [](double accuracy) { return accuracy >= 0 && accuracy <= 1; });
}

absl::Status ConfigFromJson(const Reader& r, const Json& json, TrainerConfig* config) {
  std::string variant;
  LATENT_RETURN_IF_ERROR(TrainingScheduleFromJson(r, json, "config", config));
  // Before several initialisations: one.
  LATENT_RETURN_IF_ERROR(
      r.GetAdded(json, "initialisations", "config", 1, &config->initialisations));
  LATENT_RETURN_IF_ERROR(r.Get(json, "max_restarts", "config", &config->max_restarts));
  Json model;
  LATENT_RETURN_IF_ERROR(r.Get(json, "model", "config", &model));
  LatentModelOptions& options = config->model;
  LATENT_RETURN_IF_ERROR(r.Get(model, "variant", "config.model", &variant));
  LATENT_RETURN_IF_ERROR(r.Get(model, "hidden_widths", "config.model", &options.hidden_widths));
  LATENT_RETURN_IF_ERROR(r.Get(model, "latent_dim", "config.model", &options.latent_dim));
  LATENT_RETURN_IF_ERROR(r.Get(model, "margin", "config.model", &options.margin));
  LATENT_RETURN_IF_ERROR(
      r.Get(model, "reconstruction_weight", "config.model", &options.reconstruction_weight));
  LATENT_RETURN_IF_ERROR(r.Get(model, "kl_beta", "config.model", &options.kl_beta));
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

absl::Status ModelsFromJson(const Reader& r, const Json& json, int64_t features,
                            std::vector<ModelPoints>* models) {
  if (!json.is_array() || json.empty()) return r.Error("models", "must be a non-empty array");
  std::set<std::string> names;
  for (size_t i = 0; i < json.size(); ++i) {
    const std::string where = absl::StrCat("models[", i, "]");
    ModelPoints model;
    std::vector<double> xy, test_xy;
    LATENT_RETURN_IF_ERROR(r.Get(json[i], "name", where, &model.name));
    LATENT_RETURN_IF_ERROR(r.Get(json[i], "parameters", where, &model.parameters));
    LATENT_RETURN_IF_ERROR(r.Get(json[i], "points_xy", where, &xy));
    LATENT_RETURN_IF_ERROR(r.Get(json[i], "feature_means", where, &model.feature_means));
    // Added with the test split: absent means no family and no held-out sets.
    LATENT_RETURN_IF_ERROR(r.GetAdded(json[i], "family", where, std::string(), &model.family));
    LATENT_RETURN_IF_ERROR(
        r.GetAdded(json[i], "test_points_xy", where, std::vector<double>(), &test_xy));
    if (model.name.empty() || !names.insert(model.name).second) {
      return r.Error(where + ".name", absl::StrCat("'", model.name, "' is empty or repeated"));
    }
    LATENT_RETURN_IF_ERROR(Deinterleave(r, xy, where + ".points_xy", &model.points));
    LATENT_RETURN_IF_ERROR(Deinterleave(r, test_xy, where + ".test_points_xy", &model.test_points));
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
  LATENT_RETURN_IF_ERROR(
      r.Get(json, "validation_confusion", "separation", &separation->validation_confusion));
  LATENT_RETURN_IF_ERROR(r.GetAdded(json, "test_confusion", "separation",
                                    std::vector<std::vector<int64_t>>(),
                                    &separation->test_confusion));
  LATENT_RETURN_IF_ERROR(
      r.Get(json, "classifier_accuracy", "separation", &separation->classifier_accuracy));
  LATENT_RETURN_IF_ERROR(r.Get(json, "classifier_k", "separation", &separation->classifier_k));
  if (absl::Status status = CheckSeparation(*separation, models); !status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(r.path(), ": checkpoint field ", status.message()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status SaveCheckpoint(const EncoderCheckpoint& checkpoint, const std::string& path) {
  if (!checkpoint.model) return absl::InvalidArgumentError(path + ": checkpoint without a model");
  for (size_t i = 0; i < checkpoint.models.size(); ++i) {
    const ModelPoints& model = checkpoint.models[i];
    for (const auto* points : {&model.points, &model.test_points}) {
      absl::Status finite = CheckFinite(*points, absl::StrCat("models[", i, "]"));
      if (!finite.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(path, ": ", finite.message()));
      }
    }
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
  metadata["history"] = TrainingHistoryToJson(checkpoint.history);
  metadata["models"] = ModelsToJson(checkpoint.models);
  metadata["separation"] = SeparationToJson(checkpoint.separation);
  return WriteCheckpointFile(path, kMagic, kCheckpointFormatVersion, metadata, *checkpoint.model);
}

absl::StatusOr<EncoderCheckpoint> LoadCheckpoint(const std::string& path,
                                                 const torch::Device& device) {
  LATENT_ASSIGN_OR_RETURN(CheckpointSections sections,
                          ReadCheckpointFile(path, kMagic, kCheckpointFormatVersion, "encoder"));
  const Json& metadata = sections.metadata;

  const Reader r(path);
  EncoderCheckpoint checkpoint;
  Json standardiser, config, history, models;
  int64_t input_dim = 0;
  LATENT_RETURN_IF_ERROR(r.Get(metadata, "preset", "", &checkpoint.preset));
  LATENT_RETURN_IF_ERROR(r.Get(metadata, "standardiser", "", &standardiser));
  LATENT_RETURN_IF_ERROR(r.Get(metadata, "k", "", &checkpoint.k));
  LATENT_RETURN_IF_ERROR(r.Get(metadata, "input_dim", "", &input_dim));
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
  const int64_t expected_input_dim = int64_t{checkpoint.k} * preset->num_features();
  if (input_dim != expected_input_dim) {
    return r.Error("input_dim",
                   absl::StrCat("= ", input_dim, " but k x features = ", expected_input_dim));
  }
  LATENT_RETURN_IF_ERROR(r.Get(metadata, "config", "", &config));
  LATENT_RETURN_IF_ERROR(ConfigFromJson(r, config, &checkpoint.config));
  LATENT_RETURN_IF_ERROR(r.Get(metadata, "history", "", &history));
  LATENT_RETURN_IF_ERROR(TrainingHistoryFromJson(r, history, &checkpoint.history));
  LATENT_RETURN_IF_ERROR(r.Get(metadata, "models", "", &models));
  LATENT_RETURN_IF_ERROR(ModelsFromJson(r, models, preset->num_features(), &checkpoint.models));
  LATENT_RETURN_IF_ERROR(
      SeparationFromJson(r, metadata, checkpoint.models.size(), &checkpoint.separation));

  checkpoint.model = LatentModel(input_dim, checkpoint.config.model);
  LATENT_RETURN_IF_ERROR(LoadCheckpointWeights(path, sections.weights, *checkpoint.model));
  checkpoint.model->to(device);
  checkpoint.model->eval();
  return checkpoint;
}

}  // namespace latentspace
