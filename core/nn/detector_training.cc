// From feature rows to a saved anomaly-detector checkpoint.
#include "core/nn/detector_training.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/analysis/detection_metrics.h"
#include "core/features/preset.h"
#include "core/features/seeded_random.h"
#include "core/nn/detector_checkpoint.h"
#include "core/nn/detector_trainer.h"
#include "core/status_macros.h"
#include "nlohmann/json.hpp"

namespace latentspace {
namespace {

struct SampleSplit {
  FeatureMatrix train;
  FeatureMatrix held_out;
};

int64_t HeldOutRows(const FeatureMatrix& matrix, double fraction) {
  return static_cast<int64_t>(fraction * static_cast<double>(matrix.rows()));
}

absl::Status CheckSample(const FeatureMatrix& matrix, const char* name, const FeaturePreset& preset,
                         double fraction) {
  const std::vector<std::string>& expected = preset.feature_names();
  if (matrix.names != expected) {
    size_t first = 0;
    while (first < matrix.names.size() && first < expected.size() &&
           matrix.names[first] == expected[first]) {
      ++first;
    }
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": its ", matrix.names.size(), " columns are not the ", expected.size(),
                     " of preset '", preset.name(), "' (column ", first, " is '",
                     first < matrix.names.size() ? matrix.names[first] : "", "', expected '",
                     first < expected.size() ? expected[first] : "", "')"));
  }
  for (int64_t r = 0; r < matrix.rows(); ++r) {
    for (int64_t c = 0; c < matrix.cols(); ++c) {
      if (!std::isfinite(matrix.row(r)[c])) {
        return absl::InvalidArgumentError(absl::StrCat(name, " row ", r, " column '",
                                                       matrix.names[c], "' = ", matrix.row(r)[c],
                                                       " is not finite"));
      }
    }
  }
  const int64_t held_out = HeldOutRows(matrix, fraction);
  if (held_out < 2 || matrix.rows() - held_out < 2) {
    return absl::InvalidArgumentError(absl::StrCat(name, " has ", matrix.rows(),
                                                   " events: too few for 2 training and 2 held-out "
                                                   "events with validation_fraction ",
                                                   fraction));
  }
  return absl::OkStatus();
}

// The seed of the reference's split.
uint64_t ReferenceSplitSeed(uint64_t seed) { return MixSeed(seed ^ MixSeed(1)); }

// A seeded shuffle of the rows, the last `fraction` of them held out.
SampleSplit Split(const FeatureMatrix& matrix, double fraction, uint64_t seed) {
  std::vector<int64_t> order(matrix.rows());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(seed);
  SeededShuffle(order, rng);
  const int64_t train = matrix.rows() - HeldOutRows(matrix, fraction);
  SampleSplit split{{matrix.names, {}}, {matrix.names, {}}};
  for (int64_t i = 0; i < matrix.rows(); ++i) {
    FeatureMatrix& part = i < train ? split.train : split.held_out;
    const float* row = matrix.row(order[i]);
    part.values.insert(part.values.end(), row, row + matrix.cols());
  }
  return split;
}

// Mean 0, scale 1 for every column: rows already in [0, 1] go to the model as they are.
absl::StatusOr<Standardiser> IdentityStandardiser(const std::vector<std::string>& names) {
  const nlohmann::json json = {{"format", 1},
                               {"features", names},
                               {"mean", std::vector<double>(names.size(), 0.0)},
                               {"std", std::vector<double>(names.size(), 1.0)}};
  return Standardiser::FromJson(json.dump());
}

void Append(const FeatureMatrix& rows, float label, LabelledRows* to) {
  to->rows.values.insert(to->rows.values.end(), rows.values.begin(), rows.values.end());
  to->labels.insert(to->labels.end(), rows.rows(), label);
}

// The kind's training (or validation) rows from a part of the reference and of the signal.
LabelledRows Labelled(DetectorKind kind, const FeatureMatrix& reference,
                      const FeatureMatrix* signal) {
  LabelledRows out{{reference.names, {}}, {}};
  Append(reference, 0, &out);
  if (kind == DetectorKind::kVaeClassifier) Append(reference, 1, &out);
  if (DetectorNeedsSignal(kind)) Append(*signal, 1, &out);
  return out;
}

std::vector<double> Scores(DetectorModel& model, const FeatureMatrix& rows) {
  return ScoreRows(model, rows.values.data(), rows.rows(), rows.cols());
}

// The held-out results with a signal: AUC and the significance proxy of the held-out mixture.
absl::Status Evaluate(const std::vector<double>& reference, const std::vector<double>& signal,
                      const ScoreCalibration& calibration, DetectorValidation* validation) {
  LATENT_ASSIGN_OR_RETURN(double auc, RocAuc(signal, reference));
  validation->auc = auc;
  LATENT_ASSIGN_OR_RETURN(double cut,
                          calibration.CutForKeptFraction(validation->significance_keep));
  const auto above = [&cut](const std::vector<double>& scores) {
    return static_cast<double>(
        std::count_if(scores.begin(), scores.end(), [&cut](double s) { return s > cut; }));
  };
  const double mixture = static_cast<double>(reference.size() + signal.size());
  const double n_sm = mixture * above(reference) / static_cast<double>(reference.size());
  absl::StatusOr<double> significance = SignificanceProxy(above(reference) + above(signal), n_sm);
  validation->significance = significance.ok() ? *significance : std::nan("");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<DetectorTrainingReport> TrainDetectorToFile(const FeatureMatrix& reference,
                                                           const FeatureMatrix* signal,
                                                           const DetectorTrainingOptions& options,
                                                           const std::string& checkpoint_path,
                                                           const TrainingProgressCallback& progress,
                                                           const CancellationToken* cancel) {
  LATENT_ASSIGN_OR_RETURN(FeaturePreset preset, FeaturePreset::Get(options.preset));
  const double fraction = options.validation_fraction;
  if (!(fraction > 0 && fraction < 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("validation_fraction = ", fraction, " must be in (0, 1)"));
  }
  if (DetectorNeedsSignal(options.kind) && signal == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("a ", DetectorKindName(options.kind), " detector needs a signal sample"));
  }
  LATENT_RETURN_IF_ERROR(CheckSample(reference, "reference", preset, fraction));
  if (signal != nullptr) {
    LATENT_RETURN_IF_ERROR(CheckSample(*signal, "signal", preset, fraction));
    if (!(options.significance_keep > 0 && options.significance_keep <= 1)) {
      return absl::InvalidArgumentError(
          absl::StrCat("significance_keep = ", options.significance_keep, " must be in (0, 1]"));
    }
  }
  const uint64_t seed = options.trainer.seed;
  SampleSplit ref = Split(reference, fraction, ReferenceSplitSeed(seed));
  SampleSplit sig;
  if (signal != nullptr) sig = Split(*signal, fraction, MixSeed(seed ^ MixSeed(2)));
  const FeatureMatrix* sig_train = signal != nullptr ? &sig.train : nullptr;
  const FeatureMatrix* sig_held = signal != nullptr ? &sig.held_out : nullptr;

  LabelledRows train = Labelled(options.kind, ref.train, sig_train);
  LabelledRows validation = Labelled(options.kind, ref.held_out, sig_held);
  LATENT_ASSIGN_OR_RETURN(Standardiser standardiser,
                          preset.unit_scaled() ? IdentityStandardiser(preset.feature_names())
                                               : Standardiser::Fit(train.rows));
  for (FeatureMatrix* part : {&train.rows, &validation.rows, &ref.held_out, &sig.held_out}) {
    if (part->names.empty()) continue;
    LATENT_RETURN_IF_ERROR(standardiser.Apply(part));
  }
  LATENT_ASSIGN_OR_RETURN(TrainedDetector trained,
                          TrainDetector(train, validation, options.kind, options.architecture,
                                        options.trainer, progress, cancel));

  DetectorCheckpoint checkpoint;
  checkpoint.kind = options.kind;
  checkpoint.preset = preset.name();
  checkpoint.standardiser = std::move(standardiser);
  checkpoint.architecture = options.architecture;
  checkpoint.trainer = options.trainer;
  checkpoint.validation_fraction = fraction;
  checkpoint.reference_events = reference.rows();
  checkpoint.signal_events = signal != nullptr ? signal->rows() : 0;
  checkpoint.history = trained.history;
  checkpoint.model = trained.model;
  const std::vector<double> reference_scores = Scores(checkpoint.model, ref.held_out);
  LATENT_ASSIGN_OR_RETURN(ScoreCalibration calibration,
                          ScoreCalibration::FromScores(reference_scores));
  checkpoint.calibration = std::move(calibration);
  DetectorValidation& held_out = checkpoint.validation;
  held_out.reference_events = ref.held_out.rows();
  // A keep finer than the held-out reference resolves becomes the finest it does: the report's
  // figure should not fail a training.
  held_out.significance_keep = std::max(
      options.significance_keep, 1.0 / static_cast<double>(checkpoint.calibration.scores().size()));
  if (signal != nullptr) {
    held_out.signal_events = sig.held_out.rows();
    LATENT_RETURN_IF_ERROR(Evaluate(reference_scores, Scores(checkpoint.model, sig.held_out),
                                    checkpoint.calibration, &held_out));
  }
  LATENT_RETURN_IF_ERROR(SaveDetectorCheckpoint(checkpoint, checkpoint_path));
  DetectorTrainingReport report;
  report.train_events = train.rows.rows();
  report.validation_events = validation.rows.rows();
  report.events_per_second =
      checkpoint.history.epochs.empty() ? 0 : checkpoint.history.epochs.back().sets_per_second;
  report.metadata = std::move(static_cast<DetectorMetadata&>(checkpoint));
  return report;
}

absl::StatusOr<FeatureMatrix> HeldOutReference(const FeatureMatrix& reference,
                                               const DetectorMetadata& metadata) {
  if (reference.rows() != metadata.reference_events) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the reference holds ", reference.rows(), " accepted events, the detector was trained on ",
        metadata.reference_events, ": its held-out events cannot be told apart"));
  }
  return Split(reference, metadata.validation_fraction, ReferenceSplitSeed(metadata.trainer.seed))
      .held_out;
}

}  // namespace latentspace
