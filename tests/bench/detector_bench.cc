// Benchmark of the anomaly detectors on the real Dark Machines channel-1 samples: the ROC AUC of
// each detector kind (product defaults) for each of the five signals against the background, on
// events not used in training, with the 'darkmachines' and the 'rmm' presets, beside the Dark
// Machines Anomaly Score Challenge's published channel-1 results.
//   detector_bench DATA_DIR [--folds N] [--seed N] [--threads T] [--device auto|cpu|cuda]
//                  [--kinds K,...] [--presets P,...] [--epochs N] [--max-eta X]
// The background (700 events, the reference) is split into N folds (default 5); for each fold
// the detector is trained on the other folds and evaluated on that one (TrainDetectorToFile holds
// 20% of what it is given out for early stopping and calibration, so the evaluation fold is never
// seen). autoencoder and vae never see a signal: each signal's every event is scored. classifier
// and vae-classifier are trained per signal on the background's training folds against (or, for
// the vae-classifier, against the mixture of them and) the same folds of that signal, and are
// evaluated on the held-out fold of both. The table gives the mean and standard deviation of the
// AUC over the folds. --max-eta drops objects beyond |eta| = X from every event before the
// features (the background file has none beyond 2.8, the signal files do; see the report).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "core/analysis/detection_metrics.h"
#include "core/events/event_reader.h"
#include "core/features/preset.h"
#include "core/features/seeded_random.h"
#include "core/nn/detector.h"
#include "core/nn/detector_training.h"
#include "core/status_macros.h"

namespace latentspace {
namespace {

constexpr char kBackground[] = "background_chan1_7.79_reduced.csv";
const char* const kSignalFiles[] = {
    "glgl1400_neutralino1100_chan1.csv", "glgl1600_neutralino800_chan1.csv",
    "monojet_Zp2000.0_DM_50.0_chan1.csv", "sqsq_sq1800_neut800_chan1.csv",
    "stop2b1000_neutralino300_chan1.csv"};
const char* const kSignalNames[] = {"gluino 1400/1100", "gluino 1600/800", "Z' 2000 monojet",
                                    "squark 1800/800", "stop 1000/300"};
constexpr int kSignals = 5;

// Published channel-1 AUCs of the challenge (T. Aarrestad et al., SciPost Phys. 12 (2022) 043,
// arXiv:2105.14027), from its results repository
// github.com/bostdiek/DarkMachines-UnsupervisedChallenge, in the order of kSignalFiles. Trained
// there on the full background (~1e6 channel-1 events).
struct Anchor {
  const char* name;
  const char* source;
  double auc[kSignals];
};
const Anchor kAnchors[] = {
    {"challenge AE", "data/AE.csv, model AE", {0.790, 0.856, 0.724, 0.903, 0.872}},
    {"challenge VAE",
     "data/VAE.csv, VAE-static-beta1-z21_RL (reconstruction score)",
     {0.71, 0.73, 0.51, 0.68, 0.81}},
    {"challenge combined",
     "data/Combined.csv, Combined-AVG-DeepSVDD_MSE-Flow (2nd by median total improvement)",
     {0.87, 0.97, 0.91, 0.99, 0.98}},
};

struct Options {
  std::string dir;
  int folds = 5;
  uint64_t seed = 1;
  int threads = 2;
  DeviceChoice device = DeviceChoice::kAuto;
  std::vector<DetectorKind> kinds = {DetectorKind::kAutoencoder, DetectorKind::kVae,
                                     DetectorKind::kVaeClassifier, DetectorKind::kClassifier};
  std::vector<std::string> presets = {"darkmachines", "rmm"};
  int64_t epochs = 0;  // 0: the product's default
  double max_eta = 0;  // 0: keep every object
};

// The file's feature rows under `preset`, objects beyond |eta| = max_eta dropped when > 0.
absl::StatusOr<FeatureMatrix> Load(const std::string& path, const FeaturePreset& preset,
                                   double max_eta) {
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<EventReader> reader,
                          OpenEventReader(path, EventFormat::kDarkMachines));
  FeatureMatrix rows{preset.feature_names(), {}};
  std::vector<double> row(preset.num_features());
  FeatureOptions options;
  options.missing_jets = MissingJetPolicy::kZeroPad;
  Event event;
  while (true) {
    LATENT_ASSIGN_OR_RETURN(bool more, reader->Next(&event));
    if (!more) break;
    if (max_eta > 0) {
      std::vector<PhysicsObject>& objects = event.objects;
      objects.erase(
          std::remove_if(objects.begin(), objects.end(),
                         [max_eta](const PhysicsObject& o) { return std::abs(o.eta) > max_eta; }),
          objects.end());
    }
    if (preset.Extract(event, options, absl::MakeSpan(row)) != ExtractOutcome::kAccepted) continue;
    rows.values.insert(rows.values.end(), row.begin(), row.end());
  }
  return rows;
}

// A seeded assignment of each row to one of `folds` folds of (nearly) equal size.
std::vector<int> Folds(int64_t rows, int folds, uint64_t seed) {
  std::vector<int64_t> order(rows);
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(seed);
  SeededShuffle(order, rng);
  std::vector<int> fold(rows);
  for (int64_t i = 0; i < rows; ++i) fold[order[i]] = static_cast<int>(i % folds);
  return fold;
}

// The rows in fold `k` (in = true) or in the other folds.
FeatureMatrix Part(const FeatureMatrix& m, const std::vector<int>& fold, int k, bool in) {
  FeatureMatrix part{m.names, {}};
  for (int64_t r = 0; r < m.rows(); ++r) {
    if ((fold[r] == k) == in) part.values.insert(part.values.end(), m.row(r), m.row(r) + m.cols());
  }
  return part;
}

struct Result {
  std::vector<double> aucs[kSignals];
  std::vector<double> significances[kSignals];  // held-out, at >= 1% of the reference kept
  double seconds = 0;
  int trainings = 0;
};

absl::StatusOr<std::unique_ptr<Detector>> TrainAndLoad(const DetectorTrainingOptions& training,
                                                       const FeatureMatrix& reference,
                                                       const FeatureMatrix* signal,
                                                       const Options& options,
                                                       const std::string& path, Result* result,
                                                       int signal_index) {
  const auto start = std::chrono::steady_clock::now();
  LATENT_ASSIGN_OR_RETURN(DetectorTrainingReport report,
                          TrainDetectorToFile(reference, signal, training, path));
  result->seconds +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ++result->trainings;
  if (signal_index >= 0) {
    result->significances[signal_index].push_back(report.metadata.validation.significance);
  }
  return Detector::Load(path, options.device);
}

absl::Status AddAuc(const Detector& detector, const FeatureMatrix& signal,
                    const FeatureMatrix& background, std::vector<double>* aucs) {
  LATENT_ASSIGN_OR_RETURN(std::vector<double> s, detector.Score(signal));
  LATENT_ASSIGN_OR_RETURN(std::vector<double> b, detector.Score(background));
  LATENT_ASSIGN_OR_RETURN(double auc, RocAuc(s, b));
  aucs->push_back(auc);
  return absl::OkStatus();
}

absl::StatusOr<Result> Run(DetectorKind kind, const std::string& preset_name,
                           const FeatureMatrix& background,
                           const std::vector<FeatureMatrix>& signals, const Options& options,
                           const std::string& scratch) {
  DetectorTrainingOptions training;
  training.kind = kind;
  training.preset = preset_name;
  training.trainer.seed = options.seed;
  training.trainer.threads = options.threads;
  training.trainer.device = options.device;
  if (options.epochs > 0) training.trainer.epochs = options.epochs;
  const std::string path = scratch + "/detector.ckpt";
  const std::vector<int> background_folds = Folds(background.rows(), options.folds, options.seed);
  Result result;
  for (int k = 0; k < options.folds; ++k) {
    const FeatureMatrix train = Part(background, background_folds, k, false);
    const FeatureMatrix test = Part(background, background_folds, k, true);
    // 1% of the held-out background, or one event when it holds fewer than 100.
    training.significance_keep = std::max(
        0.01, 1.0 / static_cast<double>(static_cast<int64_t>(training.validation_fraction *
                                                             static_cast<double>(train.rows()))));
    if (!DetectorNeedsSignal(kind)) {
      LATENT_ASSIGN_OR_RETURN(std::unique_ptr<Detector> detector,
                              TrainAndLoad(training, train, nullptr, options, path, &result, -1));
      for (int s = 0; s < kSignals; ++s) {
        LATENT_RETURN_IF_ERROR(AddAuc(*detector, signals[s], test, &result.aucs[s]));
      }
      continue;
    }
    for (int s = 0; s < kSignals; ++s) {
      const std::vector<int> signal_folds =
          Folds(signals[s].rows(), options.folds, MixSeed(options.seed + s + 1));
      const FeatureMatrix signal_train = Part(signals[s], signal_folds, k, false);
      LATENT_ASSIGN_OR_RETURN(
          std::unique_ptr<Detector> detector,
          TrainAndLoad(training, train, &signal_train, options, path, &result, s));
      LATENT_RETURN_IF_ERROR(
          AddAuc(*detector, Part(signals[s], signal_folds, k, true), test, &result.aucs[s]));
    }
  }
  return result;
}

std::string MeanStd(const std::vector<double>& values) {
  if (values.empty()) return "-";
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / values.size();
  double square = 0;
  for (double v : values) square += (v - mean) * (v - mean);
  const double std = values.size() > 1 ? std::sqrt(square / (values.size() - 1)) : 0;
  return absl::StrFormat("%.3f±%.3f", mean, std);
}

absl::StatusOr<Options> ParseOptions(int argc, char** argv) {
  Options options;
  options.dir = argv[1];
  for (int i = 2; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) return absl::InvalidArgumentError(flag + " needs a value");
    const std::string value = argv[++i];
    if (flag == "--folds") {
      options.folds = std::atoi(value.c_str());
    } else if (flag == "--seed") {
      options.seed = std::strtoull(value.c_str(), nullptr, 10);
    } else if (flag == "--threads") {
      options.threads = std::atoi(value.c_str());
    } else if (flag == "--epochs") {
      options.epochs = std::atoll(value.c_str());
    } else if (flag == "--max-eta") {
      options.max_eta = std::atof(value.c_str());
    } else if (flag == "--device") {
      LATENT_ASSIGN_OR_RETURN(DeviceChoice device, ParseDeviceChoice(value));
      options.device = device;
    } else if (flag == "--kinds") {
      options.kinds.clear();
      for (absl::string_view name : absl::StrSplit(value, ',')) {
        LATENT_ASSIGN_OR_RETURN(DetectorKind kind, ParseDetectorKind(name));
        options.kinds.push_back(kind);
      }
    } else if (flag == "--presets") {
      options.presets = absl::StrSplit(value, ',');
    } else {
      return absl::InvalidArgumentError("unknown flag " + flag);
    }
  }
  if (options.folds < 2) return absl::InvalidArgumentError("--folds must be >= 2");
  return options;
}

int Main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: detector_bench DATA_DIR [--folds N] [--seed N] [--threads T] "
                 "[--device auto|cpu|cuda] [--kinds K,...] [--presets P,...] [--epochs N] "
                 "[--max-eta X]\n");
    return 2;
  }
  absl::StatusOr<Options> options = ParseOptions(argc, argv);
  if (!options.ok()) {
    std::fprintf(stderr, "%s\n", std::string(options.status().message()).c_str());
    return 2;
  }
  const std::string scratch =
      (std::filesystem::temp_directory_path() / absl::StrCat("detector_bench_", getpid())).string();
  std::filesystem::create_directories(scratch);
  std::printf(
      "ROC AUC against the Dark Machines channel-1 background, events not used in "
      "training: mean±std over %d folds (seed %llu, product defaults%s%s)\n",
      options->folds, static_cast<unsigned long long>(options->seed),
      options->epochs > 0 ? absl::StrCat(", epochs ", options->epochs).c_str() : "",
      options->max_eta > 0 ? absl::StrCat(", objects |eta| <= ", options->max_eta).c_str() : "");
  std::string header = absl::StrFormat("%-34s", "detector / preset");
  for (const char* name : kSignalNames) header += absl::StrFormat(" %-16s", name);
  std::printf("%s %s\n", header.c_str(), "trainings, s each");
  std::map<std::string, Result> vae_classifiers;
  for (const std::string& preset_name : options->presets) {
    absl::StatusOr<FeaturePreset> preset = FeaturePreset::Get(preset_name);
    if (!preset.ok()) {
      std::fprintf(stderr, "%s\n", std::string(preset.status().message()).c_str());
      return 2;
    }
    absl::StatusOr<FeatureMatrix> background =
        Load(options->dir + "/" + kBackground, *preset, options->max_eta);
    std::vector<FeatureMatrix> signals;
    for (const char* file : kSignalFiles) {
      absl::StatusOr<FeatureMatrix> rows =
          Load(options->dir + "/" + file, *preset, options->max_eta);
      if (!rows.ok() || !background.ok()) {
        std::fprintf(stderr, "%s\n",
                     std::string((background.ok() ? rows : background).status().message()).c_str());
        return 1;
      }
      signals.push_back(*std::move(rows));
    }
    for (DetectorKind kind : options->kinds) {
      absl::StatusOr<Result> result =
          Run(kind, preset_name, *background, signals, *options, scratch);
      if (!result.ok()) {
        std::fprintf(stderr, "%s / %s: %s\n", std::string(DetectorKindName(kind)).c_str(),
                     preset->name().c_str(), std::string(result.status().message()).c_str());
        return 1;
      }
      std::string line =
          absl::StrFormat("%-34s", absl::StrCat(DetectorKindName(kind), " / ", preset->name()));
      for (int s = 0; s < kSignals; ++s)
        line += absl::StrFormat(" %-16s", MeanStd(result->aucs[s]));
      std::printf("%s %d, %.1f\n", line.c_str(), result->trainings,
                  result->seconds / std::max(result->trainings, 1));
      std::fflush(stdout);
      if (kind == DetectorKind::kVaeClassifier) vae_classifiers[preset->name()] = *result;
    }
  }
  for (const Anchor& anchor : kAnchors) {
    std::string line = absl::StrFormat("%-34s", anchor.name);
    for (double auc : anchor.auc) line += absl::StrFormat(" %-16.3f", auc);
    std::printf("%s %s\n", line.c_str(), anchor.source);
  }
  for (const auto& [preset, result] : vae_classifiers) {
    std::string line = absl::StrFormat("%-34s", "  significance proxy / " + preset);
    for (int s = 0; s < kSignals; ++s) {
      line += absl::StrFormat(" %-16s", MeanStd(result.significances[s]));
    }
    std::printf("%s\n", line.c_str());
  }
  if (!vae_classifiers.empty()) {
    std::printf(
        "(vae-classifier: |n_BSM - n_SM| / sqrt(n_SM) of the held-out mixture of its "
        "training folds at the cut keeping 1%% of the held-out background, or 1 event if that is "
        "more)\n");
  }
  std::printf(
      "Anchors: the challenge's published channel-1 AUCs (arXiv:2105.14027, results in "
      "github.com/bostdiek/DarkMachines-UnsupervisedChallenge), trained on the full "
      "background; here the background has 700 events, so the comparison is indicative.\n");
  std::filesystem::remove_all(scratch);
  return 0;
}

}  // namespace
}  // namespace latentspace

int main(int argc, char** argv) { return latentspace::Main(argc, argv); }
