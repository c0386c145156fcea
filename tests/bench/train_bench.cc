// Benchmark of the encoder trainer on the six real Dark Machines models, against the PyTorch
// reference of ../shared/bench/paper_reference.py, in one run:
//   1. throughput (sets/s) with the reference's settings: 60/20 split, batch 256, lr 1e-4, the same
//      epochs and threads, measured like the reference (sets trained / wall time of training,
//      set drawing and validation included);
//   2. quality with the product's defaults (TrainerConfig{} and KdeOptions{}: epochs, learning-rate
//      schedule, early stopping and initialisations included) over several seeds (80/20 split per
//      model): set-level accuracy of validation sets (highest KDE), identification of 50-event
//      samples (5 sets), collapsed attempts, training time;
//   3. the qualitative Dark Machines picture: centroid distances between the models.
//   train_bench DATA_DIR [--reference paper_reference.py] [--epochs N] [--seeds N] [--threads T]
//               [--first-seed N] [--skip-throughput] [--verbose]
//               [--quality-epochs N] [--patience N] [--lr X] [--final-lr-fraction X] [--batch N]
//               [--initialisations N] [--margin X] [--kde-scale X[,Y...]]
// --epochs is the throughput comparison's (the reference's setting, default 30); it does not touch
// the quality part. The flags after --verbose override single defaults of the quality part, to
// explore configurations; --kde-scale multiplies the KDE's bandwidth factor (Scott's), further
// scales are reported on extra lines for the same trainings. --verbose lists every attempt, the
// per-model recall and the misidentified samples.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "core/analysis/embedding_accuracy.h"
#include "core/analysis/kde.h"
#include "core/analysis/proximity.h"
#include "core/features/feature_extraction.h"
#include "core/features/standardiser.h"
#include "core/nn/trainer.h"
#include "core/status_macros.h"
#include "nlohmann/json.hpp"
#include "tests/testing/run_command.h"

namespace latentspace {
namespace {

// The models of the reference, in its order.
const char* const kFiles[] = {
    "background_chan1_7.79_reduced.csv", "glgl1400_neutralino1100_chan1.csv",
    "glgl1600_neutralino800_chan1.csv",  "monojet_Zp2000.0_DM_50.0_chan1.csv",
    "sqsq_sq1800_neut800_chan1.csv",     "stop2b1000_neutralino300_chan1.csv"};
const char* const kNames[] = {"background",      "gluino 1400/1100", "gluino 1600/800",
                              "Z' 2000 monojet", "squark 1800/800",  "stop 1000/300"};
constexpr int kModels = 6;
constexpr int kSetSize = 10;
constexpr int kSetsPerSample = 5;

struct Split {
  std::vector<FeatureMatrix> train;
  std::vector<FeatureMatrix> validation;
};

// Per model: the first `train_fraction` of the events for training, the next `validation_fraction`
// for validation; standardised on the training events.
absl::StatusOr<Split> LoadSplit(const std::string& dir, double train_fraction,
                                double validation_fraction) {
  const FeaturePreset preset = *FeaturePreset::Get("darkmachines");
  Split split;
  FeatureMatrix all{preset.feature_names(), {}};
  for (const char* file : kFiles) {
    LATENT_ASSIGN_OR_RETURN(FeatureMatrix matrix,
                            ReadFeatures(dir + "/" + file, EventFormat::kDarkMachines, preset));
    const int64_t a = static_cast<int64_t>(train_fraction * matrix.rows());
    const int64_t b = static_cast<int64_t>((train_fraction + validation_fraction) * matrix.rows());
    split.train.push_back(matrix.Rows(0, a));
    split.validation.push_back(matrix.Rows(a, b));
    all.values.insert(all.values.end(), split.train.back().values.begin(),
                      split.train.back().values.end());
  }
  LATENT_ASSIGN_OR_RETURN(Standardiser standardiser, Standardiser::Fit(all));
  for (std::vector<FeatureMatrix>* part : {&split.train, &split.validation}) {
    for (FeatureMatrix& m : *part) {
      LATENT_RETURN_IF_ERROR(standardiser.Apply(&m));
    }
  }
  return split;
}

std::vector<LatentPoint> Embed(TrainedEncoder& trained, const EventSets& sets) {
  torch::NoGradGuard no_grad;
  const torch::Tensor inputs =
      torch::from_blob(const_cast<float*>(sets.inputs.data()), {sets.size(), sets.width()}).clone();
  const torch::Tensor z =
      trained.model->Embed(inputs).to(torch::kCPU).to(torch::kFloat64).contiguous();
  std::vector<LatentPoint> points(sets.size());
  for (int64_t i = 0; i < sets.size(); ++i)
    points[i] = {z[i][0].item<double>(), z[i][1].item<double>()};
  return points;
}

absl::StatusOr<double> ReferenceSetsPerSecond(const std::string& reference, const std::string& dir,
                                              int epochs, int threads) {
  const std::string command =
      absl::StrCat("/usr/bin/python3 ", reference, " ", dir, " --epochs ", epochs, " --threads ",
                   threads, " --lr 1e-4 --batch 256 2>/dev/null");
  const testing::CommandResult run = testing::RunCommand(command);
  const std::string& output = run.output;
  if (run.exit_code != 0) {
    return absl::UnavailableError(
        "the reference failed (needs Debian's python3-torch python3-scipy): " + output);
  }
  const nlohmann::json json = nlohmann::json::parse(output, nullptr, false);
  if (json.is_discarded() || !json.contains("sets_per_second")) {
    return absl::InternalError("unreadable reference output: " + output);
  }
  return json["sets_per_second"].get<double>();
}

struct Quality {
  double set_accuracy = 0;
  double identification = 0;  // share of 50-event samples ranked first under their true model
  int samples = 0;
  std::vector<double> recall;       // per model
  std::vector<std::string> misses;  // the misidentified samples, "true -> ranked first"
};

// Per-model KDEs of `train_points` (bandwidth factor scaled by `scale`), evaluated on the
// validation sets: highest-KDE accuracy per set, and identification of 5-set samples.
Quality Evaluate(const EventSets& train_sets, const std::vector<LatentPoint>& train_points,
                 const EventSets& validation, const std::vector<LatentPoint>& validation_points,
                 double scale, std::vector<GaussianKde>* kdes_out = nullptr) {
  std::vector<std::vector<LatentPoint>> per_model(kModels);
  for (int64_t i = 0; i < train_sets.size(); ++i)
    per_model[train_sets.labels[i]].push_back(train_points[i]);
  std::vector<GaussianKde> kdes;
  for (const auto& points : per_model) {
    KdeOptions options;
    if (scale != 1.0) {
      options.rule = BandwidthRule::kFactor;
      options.factor = GaussianKde::Fit(points)->factor() * scale;
    }
    kdes.push_back(*GaussianKde::Fit(points, options));
  }
  Quality quality;
  const EmbeddingAccuracy accuracy =
      *ComputeEmbeddingAccuracy(kdes, validation_points, validation.labels);
  quality.set_accuracy = accuracy.accuracy;
  quality.recall = accuracy.recall;
  int hits = 0;
  const std::vector<std::string> names(kNames, kNames + kModels);
  for (int m = 0; m < kModels; ++m) {
    std::vector<LatentPoint> mine;
    for (int64_t i = 0; i < validation.size(); ++i) {
      if (validation.labels[i] == m) mine.push_back(validation_points[i]);
    }
    for (size_t s = 0; s + kSetsPerSample <= mine.size(); s += kSetsPerSample) {
      const std::vector<ModelProximity> ranking =
          *RankNearestModels(kdes, names, absl::MakeConstSpan(mine).subspan(s, kSetsPerSample));
      hits += ranking.front().model == m;
      if (ranking.front().model != m) {
        quality.misses.push_back(absl::StrCat(kNames[m], " sample ", s / kSetsPerSample, " -> ",
                                              kNames[ranking.front().model]));
      }
      ++quality.samples;
    }
  }
  quality.identification = static_cast<double>(hits) / quality.samples;
  if (kdes_out != nullptr) *kdes_out = std::move(kdes);
  return quality;
}

int Main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: train_bench DATA_DIR [--reference PY] [--epochs N] [--seeds N] "
                 "[--first-seed N] [--threads T] [--skip-throughput] [--verbose] "
                 "[--quality-epochs N] [--patience N] [--lr X] [--final-lr-fraction X] "
                 "[--batch N] [--initialisations N] [--margin X] [--kde-scale X[,Y...]]\n");
    return 2;
  }
  const std::string dir = argv[1];
  std::string reference;
  int epochs = 30, seeds = 5, first_seed = 1, threads = 2;
  bool skip_throughput = false, verbose = false;
  TrainerConfig quality_config;            // the product's defaults unless overridden
  std::vector<double> kde_scales = {1.0};  // the first is reported; the others on extra lines
  for (int i = 2; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--skip-throughput" || flag == "--verbose") {
      (flag == "--verbose" ? verbose : skip_throughput) = true;
      continue;
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "%s needs a value\n", flag.c_str());
      return 2;
    }
    const char* value = argv[++i];
    if (flag == "--reference") {
      reference = value;
    } else if (flag == "--epochs") {
      epochs = std::atoi(value);
    } else if (flag == "--seeds") {
      seeds = std::atoi(value);
    } else if (flag == "--first-seed") {
      first_seed = std::atoi(value);
    } else if (flag == "--threads") {
      threads = std::atoi(value);
    } else if (flag == "--quality-epochs") {
      quality_config.epochs = std::atoi(value);
    } else if (flag == "--patience") {
      quality_config.patience = std::atoi(value);
    } else if (flag == "--lr") {
      quality_config.learning_rate = std::atof(value);
    } else if (flag == "--batch") {
      quality_config.batch_size = std::atoi(value);
    } else if (flag == "--final-lr-fraction") {
      quality_config.final_learning_rate_fraction = std::atof(value);
    } else if (flag == "--initialisations") {
      quality_config.initialisations = std::atoi(value);
    } else if (flag == "--margin") {
      quality_config.model.margin = std::atof(value);
    } else if (flag == "--kde-scale") {
      kde_scales.clear();
      for (absl::string_view part : absl::StrSplit(value, ',')) {
        kde_scales.push_back(std::atof(std::string(part).c_str()));
      }
    } else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }

  // 1. Throughput against the reference, same settings.
  if (!skip_throughput) {
    absl::StatusOr<Split> throughput_split = LoadSplit(dir, 0.6, 0.2);
    if (!throughput_split.ok()) {
      std::fprintf(stderr, "%s\n", std::string(throughput_split.status().message()).c_str());
      return 1;
    }
    TrainerConfig config;
    config.learning_rate = 1e-4;
    config.batch_size = 256;
    config.epochs = epochs;
    config.patience = kNeverStopEarly;
    config.final_learning_rate_fraction = 1;  // constant, as the reference
    config.initialisations = 1;
    config.threads = threads;
    config.device = DeviceChoice::kCpu;
    const SetBuilder throughput_train = *SetBuilder::Create(throughput_split->train, kSetSize, 0);
    const EventSets throughput_validation =
        SetBuilder::Create(throughput_split->validation, kSetSize, 1)->Draw(0);
    const auto start = std::chrono::steady_clock::now();
    absl::StatusOr<TrainedEncoder> timed =
        TrainEncoder(throughput_train, throughput_validation, config);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!timed.ok()) {
      std::fprintf(stderr, "%s\n", std::string(timed.status().message()).c_str());
      return 1;
    }
    // Every epoch draws the same number of sets (floor(events / k) per model).
    const double ours = static_cast<double>(throughput_train.Draw(0).size()) * epochs / seconds;
    std::printf("Training throughput, batch 256, %d epochs, %d threads (sets/s)\n", epochs,
                threads);
    std::printf("  ours       %10.0f\n", ours);
    if (!reference.empty()) {
      absl::StatusOr<double> theirs = ReferenceSetsPerSecond(reference, dir, epochs, threads);
      if (!theirs.ok()) {
        std::fprintf(stderr, "%s\n", std::string(theirs.status().message()).c_str());
        return 1;
      }
      std::printf("  reference  %10.0f\n  ratio      %10.2fx\n", *theirs, ours / *theirs);
    }
    std::printf("\n");
  }

  // 2. Quality with the defaults, several seeds.
  absl::StatusOr<Split> split = LoadSplit(dir, 0.8, 0.2);
  if (!split.ok()) return 1;
  std::printf(
      "Quality (lr %.0e -> x %g, batch %lld, <= %lld epochs, patience %lld, %d initialisations, "
      "margin %g, KDE factor x %g), 80/20 split\n",
      quality_config.learning_rate, quality_config.final_learning_rate_fraction,
      static_cast<long long>(quality_config.batch_size),
      static_cast<long long>(quality_config.epochs),
      static_cast<long long>(quality_config.patience), quality_config.initialisations,
      quality_config.model.margin, kde_scales[0]);
  // epochs: of every attempt; kept: the kept attempt and its best epoch; collapsed: attempts
  // restarted because the encoder collapsed.
  std::printf("%5s %7s %8s %9s %14s %9s %8s\n", "seed", "epochs", "kept", "set acc", "50-event id",
              "collapsed", "seconds");
  std::vector<std::vector<double>> last_distances;
  double accuracy_sum = 0, identification_sum = 0;
  int trained_seeds = 0;
  for (int seed = first_seed; seed < first_seed + seeds; ++seed) {
    TrainerConfig config = quality_config;
    config.seed = seed;
    config.threads = threads;
    const SetBuilder train = *SetBuilder::Create(split->train, kSetSize, seed);
    const EventSets validation =
        SetBuilder::Create(split->validation, kSetSize, seed + 1000)->Draw(0);
    const auto t0 = std::chrono::steady_clock::now();
    absl::StatusOr<TrainedEncoder> trained = TrainEncoder(train, validation, config);
    const double train_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!trained.ok()) {
      std::printf("%5d  failed: %s\n", seed, std::string(trained.status().message()).c_str());
      continue;
    }
    // KDEs from a fresh draw of the training sets, as the reference does.
    const EventSets train_sets = train.Draw(1 << 20);
    const std::vector<LatentPoint> train_points = Embed(*trained, train_sets);
    const std::vector<LatentPoint> validation_points = Embed(*trained, validation);
    std::vector<GaussianKde> kdes;
    const Quality quality =
        Evaluate(train_sets, train_points, validation, validation_points, kde_scales[0], &kdes);
    const TrainingHistory& history = trained->history;
    int collapsed = 0, kept_attempt = 0;
    for (const RestartRecord& restart : history.restarts) {
      collapsed += !absl::StartsWith(restart.reason, kNotKeptPrefix);
    }
    for (const EpochRecord& epoch : history.epochs) {
      if (epoch.epoch == history.best_epoch &&
          epoch.validation_loss == history.best_validation_loss)
        kept_attempt = epoch.attempt;
    }
    std::printf("%5d %7zu %8s %9.3f %9.3f (%3d) %9d %8.1f\n", seed, history.epochs.size(),
                absl::StrCat(kept_attempt, "/", history.best_epoch).c_str(), quality.set_accuracy,
                quality.identification, quality.samples, collapsed, train_seconds);
    if (verbose) {
      for (const RestartRecord& restart : history.restarts) {
        std::printf("      attempt %d: %s\n", restart.attempt, restart.reason.c_str());
      }
      std::printf("      kept attempt %d: best validation loss %.5f; recall per model",
                  kept_attempt, history.best_validation_loss);
      for (double r : quality.recall) std::printf(" %.2f", r);
      std::printf("\n");
      for (const std::string& miss : quality.misses) std::printf("      miss: %s\n", miss.c_str());
    }
    for (size_t s = 1; s < kde_scales.size(); ++s) {
      const Quality other =
          Evaluate(train_sets, train_points, validation, validation_points, kde_scales[s]);
      std::printf("%5s KDE factor x %-5g %12.3f %9.3f\n", "", kde_scales[s], other.set_accuracy,
                  other.identification);
      for (const std::string& miss : verbose ? other.misses : std::vector<std::string>{}) {
        std::printf("      miss: %s\n", miss.c_str());
      }
    }
    std::fflush(stdout);
    accuracy_sum += quality.set_accuracy;
    identification_sum += quality.identification;
    ++trained_seeds;
    last_distances.assign(kModels, std::vector<double>(kModels));
    for (int a = 0; a < kModels; ++a) {
      for (int b = 0; b < kModels; ++b) {
        last_distances[a][b] = Distance(kdes[a].mean(), kdes[b].mean());
      }
    }
  }
  if (trained_seeds > 0) {
    std::printf("%5s %7s %8s %9.3f %9.3f\n", "mean", "", "", accuracy_sum / trained_seeds,
                identification_sum / trained_seeds);
  }

  // 3. The picture of the last seed.
  std::printf("\nCentroid distances (last seed)\n%18s", "");
  for (const char* name : kNames) std::printf(" %9.9s", name);
  std::printf("\n");
  for (int a = 0; a < kModels && !last_distances.empty(); ++a) {
    std::printf("%18s", kNames[a]);
    for (int b = 0; b < kModels; ++b) std::printf(" %9.2f", last_distances[a][b]);
    std::printf("\n");
  }
  return 0;
}

}  // namespace
}  // namespace latentspace

int main(int argc, char** argv) { return latentspace::Main(argc, argv); }
