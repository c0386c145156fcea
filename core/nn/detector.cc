// A trained anomaly detector loaded for use.
#include "core/nn/detector.h"

#include "core/features/model_input.h"
#include "core/nn/detector_checkpoint.h"
#include "core/nn/trainer.h"
#include "core/status_macros.h"

namespace latentspace {

struct Detector::Impl {
  DetectorCheckpoint checkpoint;
  FeaturePreset preset;
  torch::Device device;
};

Detector::Detector(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Detector::~Detector() = default;

absl::StatusOr<std::unique_ptr<Detector>> Detector::Load(const std::string& path,
                                                         DeviceChoice device) {
  LATENT_ASSIGN_OR_RETURN(torch::Device resolved, ResolveDevice(device));
  LATENT_ASSIGN_OR_RETURN(DetectorCheckpoint checkpoint, LoadDetectorCheckpoint(path, resolved));
  absl::StatusOr<FeaturePreset> preset = FeaturePreset::Get(checkpoint.preset);
  if (!preset.ok()) return preset.status();  // checked by the loader; kept for safety of use
  return std::unique_ptr<Detector>(new Detector(
      std::unique_ptr<Impl>(new Impl{std::move(checkpoint), *std::move(preset), resolved})));
}

const DetectorMetadata& Detector::metadata() const { return impl_->checkpoint; }
const FeaturePreset& Detector::preset() const { return impl_->preset; }
std::string Detector::device() const { return impl_->device.str(); }

int64_t Detector::parameter_bytes() const {
  int64_t bytes = 0;
  for (const torch::Tensor& p : impl_->checkpoint.model->parameters()) {
    bytes += p.numel() * static_cast<int64_t>(p.element_size());
  }
  return bytes;
}

absl::StatusOr<std::vector<double>> Detector::Score(FeatureMatrix rows) const {
  LATENT_RETURN_IF_ERROR(StandardiseModelInput(impl_->checkpoint.standardiser, &rows));
  DetectorModel model = impl_->checkpoint.model;
  return ScoreRows(model, rows.values.data(), rows.rows(), rows.cols());
}

absl::StatusOr<double> Detector::CutForKeptFraction(double keep) const {
  return impl_->checkpoint.calibration.CutForKeptFraction(keep);
}

double Detector::ReferenceTailFraction(double score) const {
  return impl_->checkpoint.calibration.TailFraction(score);
}

}  // namespace latentspace
