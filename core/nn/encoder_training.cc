// From labelled samples to a saved encoder checkpoint.
#include "core/nn/encoder_training.h"

#include <algorithm>
#include <numeric>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/analysis/embedding_accuracy.h"
#include "core/analysis/kde.h"
#include "core/analysis/pairwise_classifier.h"
#include "core/features/preset.h"
#include "core/features/seeded_random.h"
#include "core/features/set_builder.h"
#include "core/nn/checkpoint.h"
#include "core/nn/trainer.h"
#include "core/status_macros.h"

namespace latentspace {
namespace {

// The epoch whose draw of training sets gives the KDE points: one the trainer never reaches.
constexpr int64_t kKdeDrawEpoch = int64_t{1} << 40;

struct Split {
  std::vector<FeatureMatrix> train;
  std::vector<FeatureMatrix> validation;
  std::vector<FeatureMatrix> test;
  Standardiser standardiser;
};

// Events of each part of a model of `rows` events: validation and test take their fractions
// (rounded down), training the rest.
struct PartSizes {
  int64_t train = 0;
  int64_t validation = 0;
  int64_t test = 0;
};
PartSizes SizesOf(int64_t rows, const EncoderTrainingOptions& options) {
  PartSizes sizes;
  sizes.validation = static_cast<int64_t>(options.validation_fraction * static_cast<double>(rows));
  sizes.test = static_cast<int64_t>(options.test_fraction * static_cast<double>(rows));
  sizes.train = rows - sizes.validation - sizes.test;
  return sizes;
}

absl::Status Validate(const std::vector<LabelledSample>& samples,
                      const EncoderTrainingOptions& options, const FeaturePreset& preset) {
  if (samples.size() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("an encoder needs at least 2 samples (known models), got ", samples.size()));
  }
  if (options.k < 1 || options.k > 1000) {
    return absl::InvalidArgumentError(absl::StrCat("k = ", options.k, " must be in 1..1000"));
  }
  if (!(options.validation_fraction > 0 && options.validation_fraction < 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("validation_fraction = ", options.validation_fraction, " must be in (0, 1)"));
  }
  if (!(options.test_fraction > 0 && options.test_fraction < 1 &&
        options.validation_fraction + options.test_fraction < 1)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "test_fraction = ", options.test_fraction, " must be in (0, 1) and leave training events ",
        "beside validation_fraction = ", options.validation_fraction));
  }
  if (options.max_points_per_model < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_points_per_model = ", options.max_points_per_model, " must be >= 1"));
  }
  if (options.trainer.model.latent_dim != 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("latent_dim = ", options.trainer.model.latent_dim,
                     " must be 2 for the latent-space analysis"));
  }
  std::set<std::string> names;
  for (const LabelledSample& sample : samples) {
    if (!names.insert(sample.name).second) {
      return absl::InvalidArgumentError(absl::StrCat("sample '", sample.name, "' is repeated"));
    }
    if (sample.features.names != preset.feature_names()) {
      return absl::InvalidArgumentError(absl::StrCat("sample '", sample.name, "': its features [",
                                                     absl::StrJoin(sample.features.names, ", "),
                                                     "] are not preset '", preset.name(), "''s"));
    }
    const int64_t rows = sample.features.rows();
    const PartSizes sizes = SizesOf(rows, options);
    if (std::min({sizes.train, sizes.validation, sizes.test}) < options.k) {
      return absl::InvalidArgumentError(absl::StrCat(
          "sample '", sample.name, "' has ", rows,
          " accepted events: too few for one training, one validation and one test set of ",
          options.k, " events with validation_fraction ", options.validation_fraction,
          " and test_fraction ", options.test_fraction));
    }
  }
  return absl::OkStatus();
}

// Per model a seeded shuffle of the events: training first, then validation_fraction for
// validation and test_fraction for test; the standardiser is fitted on all training events and
// applied to every part.
absl::StatusOr<Split> SplitAndStandardise(const std::vector<LabelledSample>& samples,
                                          const EncoderTrainingOptions& options) {
  Split split;
  FeatureMatrix all{samples.front().features.names, {}};
  for (size_t m = 0; m < samples.size(); ++m) {
    const FeatureMatrix& features = samples[m].features;
    std::vector<int64_t> order(features.rows());
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(MixSeed(options.trainer.seed ^ MixSeed(m + 1)));
    SeededShuffle(order, rng);
    const PartSizes sizes = SizesOf(features.rows(), options);
    FeatureMatrix train_part{features.names, {}}, validation_part{features.names, {}},
        test_part{features.names, {}};
    train_part.values.reserve(sizes.train * features.cols());
    validation_part.values.reserve(sizes.validation * features.cols());
    test_part.values.reserve(sizes.test * features.cols());
    for (int64_t i = 0; i < features.rows(); ++i) {
      FeatureMatrix& part = i < sizes.train                      ? train_part
                            : i < sizes.train + sizes.validation ? validation_part
                                                                 : test_part;
      const float* row = features.row(order[i]);
      part.values.insert(part.values.end(), row, row + features.cols());
    }
    all.values.insert(all.values.end(), train_part.values.begin(), train_part.values.end());
    split.train.push_back(std::move(train_part));
    split.validation.push_back(std::move(validation_part));
    split.test.push_back(std::move(test_part));
  }
  LATENT_ASSIGN_OR_RETURN(Standardiser standardiser, Standardiser::Fit(all));
  split.standardiser = std::move(standardiser);
  for (std::vector<FeatureMatrix>* part : {&split.train, &split.validation, &split.test}) {
    for (FeatureMatrix& matrix : *part) {
      LATENT_RETURN_IF_ERROR(split.standardiser.Apply(&matrix));
    }
  }
  return split;
}

// Each set's mean of every feature over its k events, back in the preset's units.
std::vector<double> RawFeatureMeans(const EventSets& sets, int64_t set, const Standardiser& s) {
  const int64_t features = sets.features_per_event;
  std::vector<double> means(features, 0.0);
  const float* inputs = sets.inputs.data() + set * sets.width();
  for (int e = 0; e < sets.k; ++e) {
    for (int64_t f = 0; f < features; ++f) means[f] += inputs[e * features + f];
  }
  for (int64_t f = 0; f < features; ++f) means[f] = means[f] / sets.k * s.scale()[f] + s.mean()[f];
  return means;
}

// The pairwise classifiers' baseline on the standardised training and validation events: it
// measures how separable the models' events are, independently of the encoder. Not measured
// (k = 0, no matrix) when a model has fewer events than the classifier's neighbours need.
absl::StatusOr<PairwiseAccuracy> ClassifierBaseline(const Split& split,
                                                    const EncoderTrainingOptions& options) {
  PairwiseClassifierOptions classifier;
  std::vector<FeatureMatrix> events;
  for (size_t m = 0; m < split.train.size(); ++m) {
    FeatureMatrix all = split.train[m];
    all.values.insert(all.values.end(), split.validation[m].values.begin(),
                      split.validation[m].values.end());
    if (all.rows() <= classifier.k) return PairwiseAccuracy{};
    events.push_back(std::move(all));
  }
  classifier.seed = options.trainer.seed;
  classifier.threads = options.trainer.threads;
  return PairwiseKnnAccuracy(events, classifier);
}

}  // namespace

absl::StatusOr<EncoderTrainingReport> TrainEncoderToFile(const std::vector<LabelledSample>& samples,
                                                         const EncoderTrainingOptions& options,
                                                         const std::string& checkpoint_path,
                                                         const TrainingProgressCallback& progress,
                                                         const CancellationToken* cancel) {
  LATENT_ASSIGN_OR_RETURN(FeaturePreset preset, FeaturePreset::Get(options.preset));
  LATENT_RETURN_IF_ERROR(Validate(samples, options, preset));
  LATENT_ASSIGN_OR_RETURN(Split split, SplitAndStandardise(samples, options));

  const uint64_t seed = options.trainer.seed;
  LATENT_ASSIGN_OR_RETURN(SetBuilder train, SetBuilder::Create(split.train, options.k, seed));
  LATENT_ASSIGN_OR_RETURN(SetBuilder validation_builder,
                          SetBuilder::Create(split.validation, options.k, MixSeed(seed + 1)));
  const EventSets validation = validation_builder.Draw(0);

  LATENT_ASSIGN_OR_RETURN(TrainedEncoder trained,
                          TrainEncoder(train, validation, options.trainer, progress, cancel));

  EncoderCheckpoint checkpoint;
  checkpoint.preset = options.preset;
  checkpoint.standardiser = split.standardiser;
  checkpoint.k = options.k;
  checkpoint.config = options.trainer;
  checkpoint.history = trained.history;
  checkpoint.model = trained.model;

  // The known models' points: one draw of training sets, at most max_points_per_model each.
  LATENT_ASSIGN_OR_RETURN(SetBuilder kde_builder, SetBuilder::Create(split.train, options.k, seed,
                                                                     options.max_points_per_model));
  const EventSets kde_sets = kde_builder.Draw(kKdeDrawEpoch);
  const std::vector<LatentPoint> kde_points =
      EmbedSets(checkpoint.model, kde_sets.inputs.data(), kde_sets.size(), kde_sets.width());
  for (const LabelledSample& sample : samples) {
    checkpoint.models.push_back({sample.name, sample.parameters, {}, {}, sample.family, {}});
  }
  for (int64_t i = 0; i < kde_sets.size(); ++i) {
    ModelPoints& model = checkpoint.models[kde_sets.labels[i]];
    model.points.push_back(kde_points[i]);
    const std::vector<double> means = RawFeatureMeans(kde_sets, i, split.standardiser);
    model.feature_means.insert(model.feature_means.end(), means.begin(), means.end());
  }

  EncoderTrainingReport report;
  std::vector<GaussianKde> kdes;
  for (const ModelPoints& model : checkpoint.models) {
    LATENT_ASSIGN_OR_RETURN(GaussianKde kde, GaussianKde::Fit(model.points));
    kdes.push_back(std::move(kde));
  }
  const std::vector<LatentPoint> validation_points =
      EmbedSets(checkpoint.model, validation.inputs.data(), validation.size(), validation.width());
  LATENT_ASSIGN_OR_RETURN(EmbeddingAccuracy accuracy,
                          ComputeEmbeddingAccuracy(kdes, validation_points, validation.labels));
  checkpoint.separation.validation_confusion = accuracy.confusion;

  // The test sets, drawn once and seen by nothing above: their latent points and accuracy.
  LATENT_ASSIGN_OR_RETURN(
      SetBuilder test_builder,
      SetBuilder::Create(split.test, options.k, MixSeed(seed + 2), options.max_points_per_model));
  const EventSets test = test_builder.Draw(0);
  const std::vector<LatentPoint> test_points =
      EmbedSets(checkpoint.model, test.inputs.data(), test.size(), test.width());
  for (int64_t i = 0; i < test.size(); ++i) {
    checkpoint.models[test.labels[i]].test_points.push_back(test_points[i]);
  }
  LATENT_ASSIGN_OR_RETURN(EmbeddingAccuracy test_accuracy,
                          ComputeEmbeddingAccuracy(kdes, test_points, test.labels));
  checkpoint.separation.test_confusion = test_accuracy.confusion;
  LATENT_ASSIGN_OR_RETURN(PairwiseAccuracy classifier, ClassifierBaseline(split, options));
  checkpoint.separation.classifier_accuracy = classifier.accuracy;
  checkpoint.separation.classifier_k = classifier.k;

  LATENT_RETURN_IF_ERROR(SaveCheckpoint(checkpoint, checkpoint_path));
  report.validation_accuracy = accuracy.accuracy;
  report.test_accuracy = test_accuracy.accuracy;
  report.train_sets_per_epoch = train.Draw(0).size();
  report.validation_sets = validation.size();
  report.test_sets = test.size();
  double sets = 0, seconds = 0;
  for (const EpochRecord& epoch : trained.history.epochs) {
    if (epoch.sets_per_second > 0) {
      sets += report.train_sets_per_epoch;
      seconds += report.train_sets_per_epoch / epoch.sets_per_second;
    }
  }
  report.sets_per_second = seconds > 0 ? sets / seconds : 0;
  report.metadata = std::move(static_cast<EncoderMetadata&>(checkpoint));
  return report;
}

}  // namespace latentspace
