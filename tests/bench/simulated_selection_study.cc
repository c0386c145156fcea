// The simulated selection study: samples, trainings, data draws, interpretations and the tables.
#include "tests/bench/simulated_selection_study.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/analysis/known_model_space.h"
#include "core/analysis/selection_interpretation.h"
#include "core/features/seeded_random.h"
#include "core/nn/detector.h"
#include "core/nn/detector_training.h"
#include "core/nn/encoder.h"
#include "core/nn/encoder_training.h"
#include "core/nn/selection_pools.h"
#include "core/status_macros.h"
#include "tests/bench/bench_support.h"

namespace latentspace::bench {
namespace {

// Four jets and MET; events with fewer jets are zero-padded (the monojet-like families and most
// of the background have fewer than four).
constexpr char kPreset[] = "darkmachines";
const FeatureOptions kPadded{MissingJetPolicy::kZeroPad, std::nullopt};

struct Signal {
  std::string name;
  std::string family;
  sim::Parameters parameters;
};

// The known models: one mass point of each of five families.
const std::vector<Signal>& KnownSignals() {
  static const std::vector<Signal> signals = {
      {"gluino_1600_800", "gluino", {{"mgluino", 1600}, {"mneutralino", 800}}},
      {"squark_1200_400", "squark-pair", {{"msquark", 1200}, {"mneutralino", 400}}},
      {"stop_1000_300", "stop-pair", {{"mstop", 1000}, {"mneutralino", 300}}},
      {"zprime_2000_50", "zprime-monojet", {{"mzprime", 2000}, {"mdm", 50}}},
      {"dmsquark_1500_100", "dm-squark", {{"mmed", 1500}, {"mdm", 100}}},
  };
  return signals;
}

// A family the encoder never sees and no template describes.
const Signal& UnseenSignal() {
  static const Signal signal{
      "dmpseudo_1000_100", "dm-pseudoscalar", {{"mmed", 1000}, {"mdm", 100}}};
  return signal;
}

// Seconds since the study began, for its progress lines.
double Seconds() {
  static const auto start = std::chrono::steady_clock::now();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Independent simulator runs, one per purpose.
uint64_t RunSeed(uint64_t seed, uint64_t purpose) { return MixSeed(seed * 1000003 + purpose); }
constexpr uint64_t kReferenceRun = 1, kEncoderBackgroundRun = 2, kModelRuns = 100,
                   kTemplateRuns = 150, kSignalRuns = 200, kDrawRuns = 1000;

// Signal events injected so that they make `share` of the data beside `background` events.
int64_t Injected(double share, int64_t background) {
  return std::llround(share / (1 - share) * static_cast<double>(background));
}

// One detector kind trained on the reference, calibrated, and what it keeps of every sample.
struct DetectorSetup {
  std::string kind;
  std::unique_ptr<Detector> detector;
  double cut = 0;
  int64_t held_out = 0;
  FeatureMatrix background;          // held-out reference above the cut
  std::vector<FeatureMatrix> tails;  // per known model, above the cut
  // Per signal (known, then unseen): which events of its data run pass the cut.
  std::vector<std::vector<bool>> signal_kept;
  std::vector<FeatureMatrix> draw_kept;  // per data draw: background above the cut
  int64_t draw_events = 0, draw_kept_events = 0;
};

double KeptShare(const std::vector<bool>& kept) {
  return kept.empty() ? 0
                      : static_cast<double>(std::count(kept.begin(), kept.end(), true)) /
                            static_cast<double>(kept.size());
}

struct Samples {
  FeatureMatrix reference;
  std::vector<FeatureMatrix> models;           // per known model: the encoder's training samples
  std::vector<FeatureMatrix> template_models;  // per known model: the templates' (maybe `models`)
  FeatureMatrix encoder_background;            // a background run of its own for the encoder
  std::vector<FeatureMatrix> signals;          // per signal (known, then unseen): data runs
  std::vector<FeatureMatrix> draws;            // background of each data draw
};

absl::StatusOr<DetectorSetup> SetUpDetector(const std::string& kind,
                                            const SimulatedStudyOptions& options,
                                            const Samples& samples, const std::string& scratch) {
  DetectorSetup setup;
  setup.kind = kind;
  DetectorTrainingOptions training;
  LATENT_ASSIGN_OR_RETURN(DetectorKind parsed, ParseDetectorKind(kind));
  training.kind = parsed;
  training.preset = kPreset;
  training.validation_fraction = 1 - options.detector_training_share;
  training.trainer.epochs = options.detector_epochs;
  training.trainer.seed = options.seed;
  training.trainer.device = DeviceChoice::kCpu;
  training.trainer.threads = options.threads;
  const std::string path = absl::StrCat(scratch, "/", kind, ".ckpt");
  std::fprintf(stderr, "[%.0f s] training the %s on %lld reference events\n", Seconds(),
               kind.c_str(), static_cast<long long>(samples.reference.rows()));
  LATENT_ASSIGN_OR_RETURN(DetectorTrainingReport report,
                          TrainDetectorToFile(samples.reference, nullptr, training, path));
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<Detector> detector,
                          Detector::Load(path, DeviceChoice::kCpu));
  setup.detector = std::move(detector);
  LATENT_ASSIGN_OR_RETURN(double cut, setup.detector->CutForKeptFraction(options.keep));
  setup.cut = cut;
  LATENT_ASSIGN_OR_RETURN(FeatureMatrix held,
                          HeldOutReference(samples.reference, setup.detector->metadata()));
  setup.held_out = held.rows();
  LATENT_ASSIGN_OR_RETURN(FeatureMatrix background,
                          RowsAboveCut(*setup.detector, std::move(held), setup.cut));
  setup.background = std::move(background);
  for (const FeatureMatrix& model : samples.template_models) {
    LATENT_ASSIGN_OR_RETURN(FeatureMatrix tail, RowsAboveCut(*setup.detector, model, setup.cut));
    setup.tails.push_back(std::move(tail));
  }
  for (const FeatureMatrix& signal : samples.signals) {
    LATENT_ASSIGN_OR_RETURN(std::vector<bool> kept, PassesCut(*setup.detector, signal, setup.cut));
    setup.signal_kept.push_back(std::move(kept));
  }
  for (const FeatureMatrix& draw : samples.draws) {
    LATENT_ASSIGN_OR_RETURN(FeatureMatrix kept, RowsAboveCut(*setup.detector, draw, setup.cut));
    setup.draw_events += draw.rows();
    setup.draw_kept_events += kept.rows();
    setup.draw_kept.push_back(std::move(kept));
  }
  return setup;
}

// One interpretation of one data draw.
struct Trial {
  std::string first = "-";  // the forward method's best model
  SelectionVerdict verdict = SelectionVerdict::kBackground;
  double fraction = 0, lower = 0, upper = 0;
  double truth = 0;  // the expected signal share of the kept events
  double global_p = 1, background_fit_p = 1, best_fit_p = 1;
  double first_ratio = 0, injected_ratio = 0;  // likelihood ratios against background only
  std::string nearest = "-";  // today's ranking: the nearest model of the kept events
  int64_t kept = 0;
};

struct TrialSpec {
  int signal = -1;   // index into the signals (known, then unseen); -1: nothing injected
  double share = 0;  // of the data
  int draw = 0;
  bool leave_out_family = false;
};

class Study {
 public:
  Study(const SimulatedStudyOptions& options, const Samples& samples, const Encoder& encoder,
        const KnownModelSpace& space, std::vector<Signal> signals)
      : options_(options),
        samples_(samples),
        encoder_(encoder),
        space_(space),
        signals_(std::move(signals)) {}

  // Signal events set aside for each draw: the largest injection's; draw d takes block d.
  int64_t PerDraw() const {
    return Injected(*std::max_element(options_.injections.begin(), options_.injections.end()),
                    options_.data_events);
  }

  absl::StatusOr<Trial> Run(const DetectorSetup& setup, const TrialSpec& spec) const {
    Trial trial;
    FeatureMatrix data = setup.draw_kept[static_cast<size_t>(spec.draw)];
    const double background_share =
        static_cast<double>(setup.draw_kept_events) / static_cast<double>(setup.draw_events);
    const double background_kept =
        background_share *
        static_cast<double>(samples_.draws[static_cast<size_t>(spec.draw)].rows());
    if (spec.signal >= 0) {
      const FeatureMatrix& pool = samples_.signals[static_cast<size_t>(spec.signal)];
      const std::vector<bool>& kept = setup.signal_kept[static_cast<size_t>(spec.signal)];
      const int64_t injected =
          Injected(spec.share, samples_.draws[static_cast<size_t>(spec.draw)].rows());
      const int64_t first = spec.draw * PerDraw();
      for (int64_t i = first; i < first + injected; ++i) {
        if (!kept[static_cast<size_t>(i)]) continue;
        data.values.insert(data.values.end(), pool.row(i), pool.row(i) + pool.cols());
      }
      const double signal_kept = KeptShare(kept) * static_cast<double>(injected);
      trial.truth = signal_kept / (signal_kept + background_kept);
    }
    trial.kept = data.rows();
    // Today's ranking sees the kept events in the data's order: shuffled.
    std::mt19937_64 rng(RunSeed(options_.seed, 7919 * static_cast<uint64_t>(spec.draw) +
                                                   static_cast<uint64_t>(spec.signal + 1)));
    std::vector<int64_t> order(static_cast<size_t>(data.rows()));
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int64_t>(i);
    SeededShuffle(order, rng);
    FeatureMatrix shuffled{data.names, {}};
    for (int64_t i : order) {
      shuffled.values.insert(shuffled.values.end(), data.row(i), data.row(i) + data.cols());
    }
    LATENT_ASSIGN_OR_RETURN(Embedding embedding, encoder_.EmbedFeatureRows(shuffled));
    LATENT_ASSIGN_OR_RETURN(NearestModels nearest, space_.Nearest(embedding.points));
    if (!nearest.ranking.empty()) trial.nearest = nearest.ranking[0].name;

    std::vector<FeatureMatrix> pools = {std::move(data), setup.background};
    SelectionPools counts{pools[kDataPool].rows(), pools[kBackgroundPool].rows(), {}, {}};
    const std::vector<Signal>& known = KnownSignals();
    for (size_t m = 0; m < known.size(); ++m) {
      if (spec.leave_out_family &&
          known[m].family == signals_[static_cast<size_t>(spec.signal)].family) {
        continue;
      }
      counts.models.push_back(known[m].name);
      counts.model_events.push_back(setup.tails[m].rows());
      pools.push_back(setup.tails[m]);
    }
    SelectionInterpretationOptions interpretation;
    interpretation.events_per_set = encoder_.metadata().k;
    interpretation.pseudo_experiments = options_.pseudo_experiments;
    interpretation.seed = RunSeed(options_.seed, 104729 + static_cast<uint64_t>(spec.draw));
    LATENT_ASSIGN_OR_RETURN(
        SelectionInterpretation result,
        InterpretSelection(counts, PooledSetEmbedder(pools, encoder_), interpretation));
    trial.verdict = result.verdict;
    trial.global_p = result.global_p_value;
    trial.background_fit_p = result.background_fit_p_value;
    trial.best_fit_p = result.best_fit_p_value;
    if (!result.ranking.empty()) {
      const HypothesisFit& best = result.ranking[0];
      trial.first = best.model;
      trial.first_ratio = best.likelihood_ratio;
      trial.fraction = best.signal_fraction;
      trial.lower = best.fraction_lower;
      trial.upper = best.fraction_upper;
      // The fraction fitted under the injected model, wherever it ranks.
      for (const HypothesisFit& fit : result.ranking) {
        if (spec.signal >= 0 && fit.model == signals_[static_cast<size_t>(spec.signal)].name) {
          trial.fraction = fit.signal_fraction;
          trial.lower = fit.fraction_lower;
          trial.upper = fit.fraction_upper;
          trial.injected_ratio = fit.likelihood_ratio;
        }
      }
    }
    return trial;
  }

 private:
  const SimulatedStudyOptions& options_;
  const Samples& samples_;
  const Encoder& encoder_;
  const KnownModelSpace& space_;
  std::vector<Signal> signals_;
};

// Tallies of one row of the table.
struct Tally {
  int64_t trials = 0, first = 0, signal_first = 0, covered = 0, nearest_first = 0;
  std::map<SelectionVerdict, int64_t> verdicts;
  double truth = 0, fraction = 0, fraction_squares = 0;

  void Add(const Trial& trial, const std::string& injected) {
    ++trials;
    first += trial.first == injected;
    signal_first += trial.first == injected && trial.verdict == SelectionVerdict::kSignal;
    covered += trial.lower <= trial.truth && trial.truth <= trial.upper;
    nearest_first += trial.nearest == injected;
    ++verdicts[trial.verdict];
    truth += trial.truth;
    fraction += trial.fraction;
    fraction_squares += trial.fraction * trial.fraction;
  }
  void Merge(const Tally& other) {
    trials += other.trials;
    first += other.first;
    signal_first += other.signal_first;
    covered += other.covered;
    nearest_first += other.nearest_first;
    for (const auto& [verdict, count] : other.verdicts) verdicts[verdict] += count;
    truth += other.truth;
    fraction += other.fraction;
    fraction_squares += other.fraction_squares;
  }
  int64_t Verdict(SelectionVerdict verdict) const {
    const auto it = verdicts.find(verdict);
    return it == verdicts.end() ? 0 : it->second;
  }
  // "0.41 +- 0.05": mean fitted fraction and its spread over the trials.
  std::string Fraction() const {
    if (trials == 0) return "-";
    const double mean = fraction / static_cast<double>(trials);
    const double spread =
        std::sqrt(std::max(0.0, fraction_squares / static_cast<double>(trials) - mean * mean));
    return absl::StrFormat("%.3f +- %.3f", mean, spread);
  }
};

std::string Verdicts(const Tally& tally) {
  return absl::StrFormat("%d/%d/%d", tally.Verdict(SelectionVerdict::kSignal),
                         tally.Verdict(SelectionVerdict::kUnexplained),
                         tally.Verdict(SelectionVerdict::kBackground));
}

absl::StatusOr<Samples> Simulate(const SimulatedStudyOptions& options,
                                 const std::vector<Signal>& signals, int64_t pool_events) {
  const FeaturePreset preset = *FeaturePreset::Get(kPreset);
  Samples samples;
  std::fprintf(stderr, "[%.0f s] simulating %lld reference events\n", Seconds(),
               static_cast<long long>(options.reference_events));
  absl::StatusOr<FeatureMatrix> reference =
      SimulatedRows("background", {}, options.reference_events,
                    RunSeed(options.seed, kReferenceRun), preset, kPadded);
  if (!reference.ok()) return reference.status();
  samples.reference = *std::move(reference);
  const std::vector<Signal>& known = KnownSignals();
  for (size_t m = 0; m < known.size(); ++m) {
    LATENT_ASSIGN_OR_RETURN(
        FeatureMatrix rows,
        SimulatedRows(known[m].family, known[m].parameters, options.model_events,
                      RunSeed(options.seed, kModelRuns + m), preset, kPadded));
    samples.models.push_back(std::move(rows));
    if (options.fresh_template_events) {
      LATENT_ASSIGN_OR_RETURN(
          FeatureMatrix fresh,
          SimulatedRows(known[m].family, known[m].parameters, options.model_events,
                        RunSeed(options.seed, kTemplateRuns + m), preset, kPadded));
      samples.template_models.push_back(std::move(fresh));
    } else {
      samples.template_models.push_back(samples.models.back());
    }
  }
  absl::StatusOr<FeatureMatrix> background =
      SimulatedRows("background", {}, options.model_events,
                    RunSeed(options.seed, kEncoderBackgroundRun), preset, kPadded);
  if (!background.ok()) return background.status();
  samples.encoder_background = *std::move(background);
  for (size_t s = 0; s < signals.size(); ++s) {
    // Events the preset's selection rejects leave fewer rows: simulate a quarter more.
    LATENT_ASSIGN_OR_RETURN(
        FeatureMatrix rows,
        SimulatedRows(signals[s].family, signals[s].parameters, pool_events + pool_events / 4,
                      RunSeed(options.seed, kSignalRuns + s), preset, kPadded));
    if (rows.rows() < pool_events) {
      return absl::FailedPreconditionError(
          absl::StrCat(signals[s].name, ": ", rows.rows(), " of ", pool_events + pool_events / 4,
                       " events accepted by the preset, ", pool_events, " needed"));
    }
    samples.signals.push_back(std::move(rows));
  }
  const int draws = std::max(options.draws, options.null_draws);
  std::fprintf(stderr, "[%.0f s] simulating %d data draws of %lld background events\n", Seconds(),
               draws, static_cast<long long>(options.data_events));
  for (int d = 0; d < draws; ++d) {
    absl::StatusOr<FeatureMatrix> rows =
        SimulatedRows("background", {}, options.data_events,
                      RunSeed(options.seed, kDrawRuns + static_cast<uint64_t>(d)), preset, kPadded);
    if (!rows.ok()) return rows.status();
    samples.draws.push_back(*std::move(rows));
  }
  return samples;
}

absl::StatusOr<std::unique_ptr<Encoder>> TrainEncoder(const SimulatedStudyOptions& options,
                                                      const Samples& samples,
                                                      const std::string& scratch) {
  std::vector<LabelledSample> labelled;
  const std::vector<Signal>& known = KnownSignals();
  for (size_t m = 0; m < known.size(); ++m) {
    labelled.push_back({known[m].name, known[m].parameters, samples.models[m], known[m].family});
  }
  // The Standard Model as a known model too, so that the plane separates it from the signals
  // (the hypotheses stay the five signals).
  labelled.push_back({"background", {}, samples.encoder_background, "background"});
  EncoderTrainingOptions training;
  training.preset = kPreset;
  training.trainer.epochs = options.encoder_epochs;
  training.trainer.seed = options.seed;
  training.trainer.device = DeviceChoice::kCpu;
  training.trainer.threads = options.threads;
  training.trainer.initialisations = 1;
  const std::string path = scratch + "/encoder.ckpt";
  std::fprintf(stderr, "[%.0f s] training the encoder on %zu models\n", Seconds(), labelled.size());
  LATENT_ASSIGN_OR_RETURN(EncoderTrainingReport report,
                          TrainEncoderToFile(labelled, training, path));
  std::printf(
      "encoder: %zu known models (the signals and the background), %lld events each, test accuracy "
      "%.3f (%lld test sets)\n",
      labelled.size(), static_cast<long long>(options.model_events), report.test_accuracy,
      static_cast<long long>(report.test_sets));
  return Encoder::Load(path, DeviceChoice::kCpu);
}

void PrintSetup(const DetectorSetup& setup, const std::vector<Signal>& signals,
                const SimulatedStudyOptions& options) {
  std::printf(
      "\n%s: cut %.4g keeps %.2f%% of the %lld held-out reference events (%lld: the selected "
      "background), %.3f%% of the data draws' background\n",
      setup.kind.c_str(), setup.cut,
      100.0 * static_cast<double>(setup.background.rows()) / static_cast<double>(setup.held_out),
      static_cast<long long>(setup.held_out), static_cast<long long>(setup.background.rows()),
      100.0 * static_cast<double>(setup.draw_kept_events) / static_cast<double>(setup.draw_events));
  std::printf("  %-20s %12s %12s", "signal", "efficiency", "tail events");
  for (double share : options.injections) {
    std::printf("  %10s", absl::StrFormat("f @ %.0f%%", 100 * share).c_str());
  }
  std::printf("\n");
  const double background_share =
      static_cast<double>(setup.draw_kept_events) / static_cast<double>(setup.draw_events);
  for (size_t s = 0; s < signals.size(); ++s) {
    const double efficiency = KeptShare(setup.signal_kept[s]);
    const std::string tail =
        s < setup.tails.size() ? absl::StrCat(setup.tails[s].rows()) : std::string("-");
    std::printf("  %-20s %12.4f %12s", signals[s].name.c_str(), efficiency, tail.c_str());
    for (double share : options.injections) {
      const double signal = efficiency * share / (1 - share);
      std::printf("  %10.3f", signal / (signal + background_share));
    }
    std::printf("\n");
  }
}

}  // namespace

absl::Status RunSimulatedStudy(const SimulatedStudyOptions& options, const std::string& scratch) {
  if (options.injections.empty() || options.draws < 1 || options.null_draws < 1) {
    return absl::InvalidArgumentError("the simulated study needs injections and draws");
  }
  std::vector<Signal> signals = KnownSignals();
  signals.push_back(UnseenSignal());
  const double largest = *std::max_element(options.injections.begin(), options.injections.end());
  // Accepted background events of a draw are at most data_events: enough signal for every draw.
  const int64_t pool_events = options.draws * Injected(largest, options.data_events);
  LATENT_ASSIGN_OR_RETURN(Samples samples, Simulate(options, signals, pool_events));
  std::printf(
      "Simulated study: reference %lld background events (detectors train on %.0f%% of them), %d "
      "data "
      "draws of %lld background events, known models %lld events each, keep %.2f%% of the "
      "reference, %d pseudo-experiments, seed %llu\n",
      static_cast<long long>(samples.reference.rows()), 100 * options.detector_training_share,
      std::max(options.draws, options.null_draws), static_cast<long long>(options.data_events),
      static_cast<long long>(options.model_events), 100 * options.keep, options.pseudo_experiments,
      static_cast<unsigned long long>(options.seed));
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<Encoder> encoder,
                          TrainEncoder(options, samples, scratch));
  LATENT_ASSIGN_OR_RETURN(
      KnownModelSpace space,
      KnownModelSpace::Build(encoder->metadata().models, encoder->preset().feature_names()));
  const Study study(options, samples, *encoder, space, signals);
  const size_t known = KnownSignals().size();

  std::vector<std::string> lines;  // the results table, printed once every detector is done
  std::map<std::string, Tally> totals;
  for (const std::string& kind : options.detector_kinds) {
    LATENT_ASSIGN_OR_RETURN(DetectorSetup setup, SetUpDetector(kind, options, samples, scratch));
    PrintSetup(setup, signals, options);
    std::fflush(stdout);
    const auto run = [&](const TrialSpec& spec, const std::string& label,
                         Tally* tally) -> absl::Status {
      LATENT_ASSIGN_OR_RETURN(Trial trial, study.Run(setup, spec));
      const std::string injected =
          spec.signal >= 0 ? signals[static_cast<size_t>(spec.signal)].name : std::string("-");
      tally->Add(trial, injected);
      std::fprintf(stderr,
                   "  [%.0f s] %s %s draw %d: %s (p global %.3g, background fit %.3g, best fit "
                   "%.3g), first %s (ratio %.4g), injected's f %.3f [%.3f, %.3f] (truth %.3f, "
                   "ratio %.4g), nearest %s, %lld kept\n",
                   Seconds(), kind.c_str(), label.c_str(), spec.draw,
                   SelectionVerdictName(trial.verdict), trial.global_p, trial.background_fit_p,
                   trial.best_fit_p, trial.first.c_str(), trial.first_ratio, trial.fraction,
                   trial.lower, trial.upper, trial.truth, trial.injected_ratio,
                   trial.nearest.c_str(), static_cast<long long>(trial.kept));
      return absl::OkStatus();
    };
    for (double share : options.injections) {
      Tally all;
      for (size_t s = 0; s < known; ++s) {
        Tally tally;
        const std::string label = absl::StrFormat("%s @ %.0f%%", signals[s].name, 100 * share);
        for (int d = 0; d < options.draws; ++d) {
          LATENT_RETURN_IF_ERROR(run({static_cast<int>(s), share, d, false}, label, &tally));
        }
        lines.push_back(absl::StrFormat(
            "%-12s %5.0f%% %-20s %6.3f  %-16s %-30s %-30s %-9s %s", kind, 100 * share,
            signals[s].name, tally.truth / static_cast<double>(tally.trials), tally.Fraction(),
            Share(tally.first, tally.trials), Share(tally.covered, tally.trials), Verdicts(tally),
            Share(tally.nearest_first, tally.trials)));
        all.Merge(tally);
      }
      lines.push_back(absl::StrFormat("%-12s %5.0f%% %-20s %6s  %-16s %-30s %-30s %-9s %s", kind,
                                      100 * share, "all signals", "", "",
                                      Share(all.first, all.trials), Share(all.covered, all.trials),
                                      Verdicts(all), Share(all.nearest_first, all.trials)));
      totals[absl::StrFormat("%.0f%%", 100 * share)].Merge(all);
    }
    // Nothing injected.
    Tally null;
    for (int d = 0; d < options.null_draws; ++d) {
      LATENT_RETURN_IF_ERROR(run({-1, 0, d, false}, "nothing injected", &null));
    }
    lines.push_back(absl::StrFormat(
        "%-12s %6s %-20s %6s  %-16s %-30s %-30s %-9s %s", kind, "0%", "nothing injected", "", "",
        "", "", Verdicts(null),
        absl::StrCat("background ",
                     Share(null.Verdict(SelectionVerdict::kBackground), null.trials))));
    totals["nothing"].Merge(null);
    // The injected family left out of the hypotheses, and the family the encoder never saw.
    const double share = options.injections.size() > 1 ? options.injections[1] : largest;
    Tally left_out;
    for (size_t s = 0; s <= known; ++s) {
      Tally tally;
      const bool unseen = s == known;
      for (int d = 0; d < options.draws; ++d) {
        LATENT_RETURN_IF_ERROR(run({static_cast<int>(s), share, d, !unseen},
                                   absl::StrCat(signals[s].name, " left out"), &tally));
      }
      lines.push_back(absl::StrFormat(
          "%-12s %5.0f%% %-20s %6.3f  %-16s %-30s %-30s %-9s %s", kind, 100 * share,
          absl::StrCat(signals[s].name, unseen ? " (unseen)" : " (left out)"),
          tally.truth / static_cast<double>(tally.trials), tally.Fraction(), "", "",
          Verdicts(tally),
          absl::StrCat("not signal ", Share(tally.trials - tally.Verdict(SelectionVerdict::kSignal),
                                            tally.trials))));
      left_out.Merge(tally);
    }
    totals["left out"].Merge(left_out);
  }

  std::printf("\n%-12s %6s %-20s %6s  %-16s %-30s %-30s %-9s %s\n", "detector", "inject", "signal",
              "true f", "fitted f", "injected model first", "68% interval covers true f", "S/U/B",
              "nearest model first (today)");
  for (const std::string& line : lines) std::printf("%s\n", line.c_str());
  std::printf("\nall detectors (S/U/B: verdicts signal / unexplained / background):\n");
  for (const auto& [label, tally] : totals) {
    std::printf("  %-9s first %s, covered %s, S/U/B %s, nearest first %s\n", label.c_str(),
                Share(tally.first, tally.trials).c_str(),
                Share(tally.covered, tally.trials).c_str(), Verdicts(tally).c_str(),
                Share(tally.nearest_first, tally.trials).c_str());
  }
  return absl::OkStatus();
}

}  // namespace latentspace::bench
