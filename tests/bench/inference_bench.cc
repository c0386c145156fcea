// Calibration of the answers `nearest` gives, measured on samples no training saw (issue 19):
//   1. Parameter coverage on the simulator's gluino grid (1.1/1.6/2.1 x 0.1/0.5/0.9 TeV): per
//      training seed an encoder trained on the nine grid models (preset gluino, the product's
//      defaults), then off-grid points inside the grid's hull (and a few outside, reported apart)
//      queried at two sample sizes through KnownModelSpace::Nearest. Per parameter: the share of
//      points whose 68% interval covers the truth (goal 60-76%), the same for 95% (value +- 1.96
//      sigma), the median |error|, each share with its 68% Clopper-Pearson interval. With
//      --seeds N > 1, seeds S .. S+N-1 and then, inside the hull, each figure's mean over the
//      seeds with its spread (standard deviation over seeds) and range: the points of one seed
//      share one encoder, so the seeds, not the points, are the independent repetitions.
//   2. With DATA_DIR (first seed only): posterior and goodness-of-fit calibration on the six real
//      Dark Machines models: per model a seeded quarter of its events held out before training,
//      the rest trained on (defaults); 50-event samples of the held-out events: the share whose
//      true model has the highest posterior (goal >= 95%) and the shares with fit p < 0.01 and
//      p < 0.05 (which should be about 1% and 5%).
//   inference_bench [--data-dir DIR] [--seed S] [--seeds N] [--grid-events N] [--points N]
//                   [--epochs N] [--threads N]
// Anchor: the stated goals (nominal coverage 68.27% / 95.45%; the p-value thresholds).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/analysis/binomial_interval.h"
#include "core/analysis/known_model_space.h"
#include "core/features/feature_extraction.h"
#include "core/features/seeded_random.h"
#include "core/nn/encoder.h"
#include "core/nn/encoder_training.h"
#include "core/status_macros.h"
#include "tests/bench/bench_support.h"

namespace latentspace {
namespace {

using bench::Share;

struct Options {
  std::string data_dir;
  uint64_t seed = 1;  // the first training seed
  int seeds = 1;
  int64_t grid_events = 5000;
  int points = 24;
  int64_t epochs = 0;  // 0: the trainer's default
  int threads = 2;
};

// Feature rows of simulated events of a gluino model.
absl::StatusOr<FeatureMatrix> SimulatedRows(double mgluino, double mneutralino, int64_t events,
                                            uint64_t seed, const FeaturePreset& preset) {
  return bench::SimulatedRows("gluino", {{"mgluino", mgluino}, {"mneutralino", mneutralino}},
                              events, seed, preset);
}

EncoderTrainingOptions TrainingOptions(const Options& options, const std::string& preset,
                                       uint64_t seed) {
  EncoderTrainingOptions training;
  training.preset = preset;
  training.trainer.seed = seed;
  training.trainer.device = DeviceChoice::kCpu;
  training.trainer.threads = options.threads;
  if (options.epochs > 0) training.trainer.epochs = options.epochs;
  return training;
}

// Trains, loads the checkpoint and builds the analysis's view of its known models.
struct Trained {
  std::unique_ptr<Encoder> encoder;
  KnownModelSpace space;
};
absl::StatusOr<Trained> Train(const std::vector<LabelledSample>& samples,
                              const EncoderTrainingOptions& training, const std::string& path) {
  LATENT_ASSIGN_OR_RETURN(EncoderTrainingReport report,
                          TrainEncoderToFile(samples, training, path));
  std::printf("  trained: validation accuracy %.3f, test accuracy %.3f (%lld test sets)\n",
              report.validation_accuracy, report.test_accuracy,
              static_cast<long long>(report.test_sets));
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<Encoder> encoder,
                          Encoder::Load(path, DeviceChoice::kCpu));
  LATENT_ASSIGN_OR_RETURN(
      KnownModelSpace space,
      KnownModelSpace::Build(encoder->metadata().models, encoder->preset().feature_names()));
  return Trained{std::move(encoder), std::move(space)};
}

constexpr const char* kParameters[] = {"mgluino", "mneutralino"};
constexpr int64_t kSampleEvents[] = {1000, 10000};

struct CoverageTally {
  int64_t points = 0;
  std::map<std::string, int64_t> within_68, within_95;
  std::map<std::string, std::vector<double>> errors;
};

// One seed's figures inside the hull, per sample size and parameter: {68% share, 95% share,
// median |error|}.
using SeedFigures = std::map<std::pair<int64_t, std::string>, std::array<double, 3>>;

absl::Status GluinoCoverage(const Options& options, uint64_t seed, const std::string& scratch,
                            SeedFigures& figures) {
  const FeaturePreset preset = *FeaturePreset::Get("gluino");
  std::printf(
      "1. parameter coverage on the simulated gluino grid (%lld events per grid model, "
      "seed %llu)\n",
      static_cast<long long>(options.grid_events), static_cast<unsigned long long>(seed));
  std::vector<LabelledSample> grid;
  uint64_t sim_seed = 1000 * seed;
  for (double mgluino : {1100.0, 1600.0, 2100.0}) {
    for (double mneutralino : {100.0, 500.0, 900.0}) {
      LATENT_ASSIGN_OR_RETURN(
          FeatureMatrix rows,
          SimulatedRows(mgluino, mneutralino, options.grid_events, ++sim_seed, preset));
      grid.push_back({absl::StrFormat("gluino_%.0f_%.0f", mgluino, mneutralino),
                      {{"mgluino", mgluino}, {"mneutralino", mneutralino}},
                      std::move(rows),
                      "gluino"});
    }
  }
  LATENT_ASSIGN_OR_RETURN(Trained trained, Train(grid, TrainingOptions(options, "gluino", seed),
                                                 scratch + "/gluino.ckpt"));

  // Off-grid truths: inside the hull on a seeded pattern, and four outside it.
  std::mt19937_64 rng(MixSeed(seed + 77));
  const auto uniform = [&rng] { return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53; };
  std::vector<std::pair<double, double>> inside,
      outside = {{950, 300}, {2300, 500}, {1600, 1000}, {2250, 1000}};
  for (int i = 0; i < options.points; ++i) {
    inside.push_back({1150 + 900 * uniform(), 150 + 700 * uniform()});
  }
  for (int64_t events : kSampleEvents) {
    for (const auto* truths : {&inside, &outside}) {
      CoverageTally tally;
      for (const auto& [mgluino, mneutralino] : *truths) {
        LATENT_ASSIGN_OR_RETURN(FeatureMatrix rows,
                                SimulatedRows(mgluino, mneutralino, events, ++sim_seed, preset));
        LATENT_ASSIGN_OR_RETURN(Embedding embedding,
                                trained.encoder->EmbedFeatureRows(std::move(rows)));
        LATENT_ASSIGN_OR_RETURN(NearestModels nearest, trained.space.Nearest(embedding.points));
        ++tally.points;
        const double truth[] = {mgluino, mneutralino};
        for (const ParameterEstimate& estimate : nearest.inferred) {
          for (int k = 0; k < 2; ++k) {
            const char* name = kParameters[k];
            if (estimate.name != name || !estimate.status.ok()) continue;
            const double error = std::abs(estimate.value - truth[k]);
            tally.errors[name].push_back(error);
            tally.within_68[name] += error <= estimate.uncertainty;
            tally.within_95[name] += error <= 1.96 * estimate.uncertainty;
          }
        }
      }
      std::printf("\n  %lld events per sample, %s the grid's hull (%lld points)\n",
                  static_cast<long long>(events), truths == &inside ? "inside" : "outside",
                  static_cast<long long>(tally.points));
      std::printf("  %-12s %-34s %-34s %s\n", "parameter", "68% coverage (goal 0.60-0.76)",
                  "95% coverage (nominal 0.95)", "median |error| GeV");
      for (const char* name : kParameters) {
        std::vector<double>& errors = tally.errors[name];
        std::sort(errors.begin(), errors.end());
        const double median = errors.empty() ? std::nan("") : errors[errors.size() / 2];
        const double n = static_cast<double>(errors.size());
        std::printf("  %-12s %-34s %-34s %.0f\n", name,
                    Share(tally.within_68[name], static_cast<int64_t>(errors.size())).c_str(),
                    Share(tally.within_95[name], static_cast<int64_t>(errors.size())).c_str(),
                    median);
        if (truths == &inside) {
          figures[{events, name}] = {tally.within_68[name] / n, tally.within_95[name] / n, median};
        }
      }
    }
  }
  return absl::OkStatus();
}

// Inside the hull, over the seeds: each figure's mean, standard deviation over seeds and range.
void PrintOverSeeds(const Options& options, const std::vector<SeedFigures>& seeds) {
  std::printf(
      "\n  over %zu training seeds (%llu-%llu), inside the hull: mean, standard deviation over "
      "seeds [min, max]\n",
      seeds.size(), static_cast<unsigned long long>(options.seed),
      static_cast<unsigned long long>(options.seed + seeds.size() - 1));
  std::printf("  %-8s %-12s %-32s %-32s %s\n", "events", "parameter",
              "68% coverage (goal 0.60-0.76)", "95% coverage (nominal 0.95)", "median |error| GeV");
  for (int64_t events : kSampleEvents) {
    for (const char* name : kParameters) {
      std::string cells[3];
      for (int f = 0; f < 3; ++f) {
        std::vector<double> values;
        values.reserve(seeds.size());
        for (const SeedFigures& seed : seeds) values.push_back(seed.at({events, name})[f]);
        double mean = 0, squares = 0;
        for (double v : values) mean += v / static_cast<double>(values.size());
        for (double v : values) squares += (v - mean) * (v - mean);
        const double sd = std::sqrt(squares / static_cast<double>(values.size() - 1));
        const auto [low, high] = std::minmax_element(values.begin(), values.end());
        cells[f] = f < 2 ? absl::StrFormat("%.3f +- %.3f [%.3f, %.3f]", mean, sd, *low, *high)
                         : absl::StrFormat("%.0f +- %.0f [%.0f, %.0f]", mean, sd, *low, *high);
      }
      std::printf("  %-8lld %-12s %-32s %-32s %s\n", static_cast<long long>(events), name,
                  cells[0].c_str(), cells[1].c_str(), cells[2].c_str());
    }
  }
}

absl::Status DarkMachinesCalibration(const Options& options, const std::string& scratch) {
  const char* const files[] = {
      "background_chan1_7.79_reduced.csv.gz", "glgl1400_neutralino1100_chan1.csv.gz",
      "glgl1600_neutralino800_chan1.csv.gz",  "monojet_Zp2000.0_DM_50.0_chan1.csv.gz",
      "sqsq_sq1800_neut800_chan1.csv.gz",     "stop2b1000_neutralino300_chan1.csv.gz"};
  std::printf(
      "\n2. posterior and fit calibration on the real Dark Machines models (seed %llu; "
      "a quarter of each model's events held out before training)\n",
      static_cast<unsigned long long>(options.seed));
  const FeaturePreset preset = *FeaturePreset::Get("darkmachines");
  std::vector<LabelledSample> samples;
  std::vector<FeatureMatrix> held_out;
  for (size_t m = 0; m < std::size(files); ++m) {
    LATENT_ASSIGN_OR_RETURN(FeatureMatrix rows, ReadFeatures(options.data_dir + "/" + files[m],
                                                             EventFormat::kDarkMachines, preset));
    std::vector<int64_t> order(rows.rows());
    for (int64_t i = 0; i < rows.rows(); ++i) order[i] = i;
    std::mt19937_64 rng(MixSeed(options.seed * 31 + m));
    SeededShuffle(order, rng);
    const int64_t held = rows.rows() / 4;
    FeatureMatrix train{rows.names, {}}, query{rows.names, {}};
    for (int64_t i = 0; i < rows.rows(); ++i) {
      FeatureMatrix& part = i < held ? query : train;
      const float* row = rows.row(order[i]);
      part.values.insert(part.values.end(), row, row + rows.cols());
    }
    samples.push_back({files[m], {}, std::move(train), ""});
    held_out.push_back(std::move(query));
  }
  LATENT_ASSIGN_OR_RETURN(Trained trained,
                          Train(samples, TrainingOptions(options, "darkmachines", options.seed),
                                scratch + "/darkmachines.ckpt"));
  constexpr int64_t kEvents = 50;
  int64_t total = 0, first = 0, below_001 = 0, below_005 = 0;
  std::printf("  %-40s %-10s %-10s %-8s %-8s\n", "model", "samples", "top-1", "p<0.01", "p<0.05");
  for (size_t m = 0; m < held_out.size(); ++m) {
    int64_t samples_m = 0, first_m = 0, below_001_m = 0, below_005_m = 0;
    for (int64_t start = 0; start + kEvents <= held_out[m].rows(); start += kEvents) {
      LATENT_ASSIGN_OR_RETURN(Embedding embedding, trained.encoder->EmbedFeatureRows(
                                                       held_out[m].Rows(start, start + kEvents)));
      LATENT_ASSIGN_OR_RETURN(NearestModels nearest, trained.space.Nearest(embedding.points));
      ++samples_m;
      first_m += nearest.ranking.front().model == static_cast<int>(m);
      if (nearest.fit.has_value()) {
        below_001_m += nearest.fit->p_value < 0.01;
        below_005_m += nearest.fit->p_value < 0.05;
      }
    }
    std::printf("  %-40s %-10lld %-10lld %-8lld %-8lld\n", files[m],
                static_cast<long long>(samples_m), static_cast<long long>(first_m),
                static_cast<long long>(below_001_m), static_cast<long long>(below_005_m));
    total += samples_m;
    first += first_m;
    below_001 += below_001_m;
    below_005 += below_005_m;
  }
  std::printf("\n  %-34s %s\n", "true model most probable (>= 0.95)", Share(first, total).c_str());
  std::printf("  %-34s %s\n", "fit p < 0.01 (about 0.01)", Share(below_001, total).c_str());
  std::printf("  %-34s %s\n", "fit p < 0.05 (about 0.05)", Share(below_005, total).c_str());
  return absl::OkStatus();
}

int Main(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) {
      std::fprintf(stderr, "%s needs a value\n", flag.c_str());
      return 2;
    }
    const std::string value = argv[++i];
    if (flag == "--data-dir") {
      options.data_dir = value;
    } else if (flag == "--seed") {
      options.seed = std::stoull(value);
    } else if (flag == "--seeds") {
      options.seeds = std::stoi(value);
    } else if (flag == "--grid-events") {
      options.grid_events = std::stoll(value);
    } else if (flag == "--points") {
      options.points = std::stoi(value);
    } else if (flag == "--epochs") {
      options.epochs = std::stoll(value);
    } else if (flag == "--threads") {
      options.threads = std::stoi(value);
    } else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  if (options.seeds < 1) {
    std::fprintf(stderr, "--seeds %d: expected at least 1\n", options.seeds);
    return 2;
  }
  const std::string scratch =
      (std::filesystem::temp_directory_path() / absl::StrCat("inference_bench.", getpid()))
          .string();
  std::filesystem::create_directories(scratch);
  std::vector<SeedFigures> seeds(options.seeds);
  absl::Status status;
  for (int i = 0; i < options.seeds && status.ok(); ++i) {
    if (i > 0) std::printf("\n");
    status = GluinoCoverage(options, options.seed + i, scratch, seeds[i]);
  }
  if (status.ok() && options.seeds > 1) PrintOverSeeds(options, seeds);
  if (status.ok() && !options.data_dir.empty()) status = DarkMachinesCalibration(options, scratch);
  std::filesystem::remove_all(scratch);
  if (!status.ok()) {
    std::fprintf(stderr, "inference_bench: %s\n", status.ToString().c_str());
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace latentspace

int main(int argc, char** argv) { return latentspace::Main(argc, argv); }
