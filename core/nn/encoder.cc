// A trained encoder loaded for inference.
#include "core/nn/encoder.h"

#include "absl/strings/str_cat.h"
#include "core/features/model_input.h"
#include "core/nn/checkpoint.h"
#include "core/nn/trainer.h"
#include "core/status_macros.h"

namespace latentspace {

struct Encoder::Impl {
  EncoderCheckpoint checkpoint;
  FeaturePreset preset;
  torch::Device device;
};

Encoder::Encoder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Encoder::~Encoder() = default;

absl::StatusOr<std::unique_ptr<Encoder>> Encoder::Load(const std::string& path,
                                                       DeviceChoice device) {
  LATENT_ASSIGN_OR_RETURN(torch::Device resolved, ResolveDevice(device));
  LATENT_ASSIGN_OR_RETURN(EncoderCheckpoint checkpoint, LoadCheckpoint(path, resolved));
  if (checkpoint.config.model.latent_dim != 2) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": latent_dim = ", checkpoint.config.model.latent_dim,
                     "; the latent-space analysis needs 2"));
  }
  absl::StatusOr<FeaturePreset> preset = FeaturePreset::Get(checkpoint.preset);
  if (!preset.ok()) return preset.status();  // LoadCheckpoint checked it; kept for safety of use
  return std::unique_ptr<Encoder>(new Encoder(
      std::unique_ptr<Impl>(new Impl{std::move(checkpoint), *std::move(preset), resolved})));
}

const EncoderMetadata& Encoder::metadata() const { return impl_->checkpoint; }
const FeaturePreset& Encoder::preset() const { return impl_->preset; }
std::string Encoder::device() const { return impl_->device.str(); }

int64_t Encoder::parameter_bytes() const {
  int64_t bytes = 0;
  for (const torch::Tensor& p : impl_->checkpoint.model->parameters()) {
    bytes += p.numel() * static_cast<int64_t>(p.element_size());
  }
  return bytes;
}

absl::StatusOr<Embedding> Encoder::EmbedFeatureRows(FeatureMatrix rows) const {
  const EncoderCheckpoint& checkpoint = impl_->checkpoint;
  LATENT_RETURN_IF_ERROR(StandardiseModelInput(checkpoint.standardiser, &rows));
  const int64_t sets = rows.rows() / checkpoint.k;
  Embedding embedding;
  embedding.leftover_rows = rows.rows() - sets * checkpoint.k;
  if (sets > 0) {
    LatentModel model = checkpoint.model;
    embedding.points = EmbedSets(model, rows.values.data(), sets, checkpoint.k * rows.cols());
  }
  return embedding;
}

}  // namespace latentspace
