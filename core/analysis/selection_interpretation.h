// Which known model, if any, explains the events an anomaly detector kept (docs/detectors.md,
// "Interpreting a selection"): every hypothesis is forward-modelled through the same selection.
// For each known model m and signal fraction f on a grid, sets of k events are drawn as the kept
// data would be (each event from m's selected tail with probability f, else from the selected
// background), embedded, and their latent density p_{m,f} fitted (a Gaussian KDE, every template
// with one kernel: the mean of their own); f = 0 is the background-only hypothesis, shared by
// every model. The kept data's sets are scored under every
// template, averaged over several random splits of the kept events into sets; per model the
// maximum-likelihood f^ with its 68% profile-likelihood interval, and q_m = 2 (ln L(m, f^) -
// ln L(f = 0)) against background only. The best model's fraction and interval are then
// calibrated by pseudo-data (a Neyman construction, neyman_band.h): the templates' misfit biases
// f^ and the profile cannot see it.
//
// Templates and toys never share events: every pool (the selected background, each model's tail) is
// split at random into a template half and a toy half. p-values come from pseudo-data drawn from
// the toy halves, each pseudo-experiment from a fresh bootstrap replica of them so that the
// calibration's own finite size is in the spread (never from asymptotic formulas: a KDE's tails
// make q heavy-tailed):
//   global p        P(max_m q_m >= observed | background only): the look-elsewhere effect over
//                   the models included;
//   per-model p     P(q_m >= observed | background only);
//   background fit  P(mean log p_{f=0} over the sets <= observed | background only);
//   best-model fit  the same under the best model's template nearest its maximum-likelihood
//                   fraction, against pseudo-data drawn at its calibrated fraction.
// Verdict at level alpha, split between the two background-only tests so that data without
// signal are called "background" at least 1 - alpha of the time: "signal" when the global p is
// below alpha / 2 and the best model fits (its fit p at least alpha / 2); "unexplained" when the
// best model improves on background only but fits poorly, or when nothing improves on
// background only and the kept events do not look like it (background fit p below alpha / 2);
// "background" otherwise, ties (every q zero) included. The pseudo-data stand for the selected
// background's fluctuations through bootstrap replicas of its toy half, which from fewer than
// 2 / alpha events (40 at 0.05) cannot hold a tail at the verdict's level: below that the verdict
// is "background" whatever the p-values, and the note says the selection could not be tested.
//
// The events themselves stay with the caller: pools are counts, events are (pool, index) pairs,
// and the caller's SetEmbedder turns sets of k of them into latent points.
#ifndef LATENTSPACE_CORE_ANALYSIS_SELECTION_INTERPRETATION_H_
#define LATENTSPACE_CORE_ANALYSIS_SELECTION_INTERPRETATION_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "core/analysis/density_contours.h"
#include "core/analysis/kde.h"
#include "core/analysis/latent_point.h"

namespace latentspace {

// The events of the study, by pool: the kept data, the selected background (reference events the
// detector was not trained on, above the cut) and each known model's selected tail.
struct SelectionPools {
  int64_t data = 0;
  int64_t background = 0;
  std::vector<std::string> models;
  std::vector<int64_t> model_events;  // one per model
};

inline constexpr int kDataPool = 0;
inline constexpr int kBackgroundPool = 1;
// The pool of model m (index into SelectionPools::models).
inline constexpr int ModelPool(int m) { return 2 + m; }

struct EventRef {
  int pool = kDataPool;
  int64_t index = 0;
};

// Embeds consecutive sets of k events (the span holds a multiple of k) into one latent point each.
using SetEmbedder =
    std::function<absl::StatusOr<std::vector<LatentPoint>>(absl::Span<const EventRef> events)>;

// The steps of the work, as SelectionInterpretationOptions::progress names them, in order (the
// calibration only when a model improves on background only at all, the fit test only when the
// improvement is significant). Units: templates; one fit; pseudo-experiments; calibration truths;
// pseudo-experiments.
inline constexpr absl::string_view kTemplatesStep = "templates";
inline constexpr absl::string_view kFitStep = "fit of the kept events";
inline constexpr absl::string_view kBackgroundToysStep = "background-only pseudo-experiments";
inline constexpr absl::string_view kCalibrationStep = "calibration of the best fraction";
inline constexpr absl::string_view kFitTestStep = "fit test of the best model";

// Told as the work goes: the step running and its units done of total, first at 0 done when the
// step starts.
using SelectionProgress = std::function<void(absl::string_view step, int64_t done, int64_t total)>;

struct SelectionInterpretationOptions {
  int64_t events_per_set = 10;  // k, the encoder's
  // The signal fractions of the templates: increasing, in [0, 1], starting at 0.
  // Spacing 0.05 above 0.1: with thousands of kept events the profile is far narrower than the
  // grid, and a coarser grid (0.3, 0.5, 0.7, 1) put f^ of a simulated 0.83 at 0.60.
  std::vector<double> fractions = {0,    0.01, 0.02, 0.03, 0.05, 0.075, 0.1,  0.125, 0.15,
                                   0.2,  0.25, 0.3,  0.35, 0.4,  0.45,  0.5,  0.55,  0.6,
                                   0.65, 0.7,  0.75, 0.8,  0.85, 0.9,   0.95, 1};
  // Sets drawn for each template. Template noise is not in the profile interval (on a synthetic
  // study of 400 kept events it covered 35 of 60 with 1000 sets); the calibrated interval of the
  // best model conditions on the templates and covered 42 of 60 with 300.
  int64_t sets_per_template = 1000;
  int data_splits = 10;  // random splits of the kept events into sets, averaged
  // Per p-value; they resolve down to 1 / (n + 1), which must be below level / 2 (n >= 2 / level).
  // The best model's calibration draws a quarter as many (at least 25) at each of up to four true
  // fractions.
  int pseudo_experiments = 200;
  double level = 0.05;  // alpha of the verdict
  uint64_t seed = 1;
  KdeOptions kde;  // without a kernel_covariance, the mean of the templates' own kernels
  // Asked between pseudo-experiments; true stops the work with CANCELLED.
  std::function<bool()> cancelled;
  SelectionProgress progress;  // the steps above, from kTemplatesStep
};

struct HypothesisFit {
  std::string model;
  // f^, maximum likelihood, with its 68% profile-likelihood interval (ln L within 0.5 of its
  // maximum); when `calibrated`, the median-unbiased fraction and the 68% Neyman interval from
  // pseudo-data at a few true fractions (the best model only, when its ratio is above zero).
  double signal_fraction = 0;
  double fraction_lower = 0;
  double fraction_upper = 0;
  bool calibrated = false;
  double likelihood_ratio = 0;  // q_m = 2 (ln L(m, f^) - ln L(f = 0)) >= 0
  double p_value = 1;           // P(q_m >= observed | background only)
  // f x kept events, and the interval's ends times the same.
  double signal_events = 0;
  double signal_events_lower = 0;
  double signal_events_upper = 0;
  std::vector<double> profile;  // ln L(m, f) - ln L(m, f^) at every grid fraction (f^ the ML one)
};

enum class SelectionVerdict { kBackground, kSignal, kUnexplained };
// "background", "signal", "unexplained".
const char* SelectionVerdictName(SelectionVerdict verdict);

struct SelectionInterpretation {
  std::vector<HypothesisFit> ranking;  // by likelihood ratio, largest first; ties by name
  SelectionVerdict verdict = SelectionVerdict::kBackground;
  // The verdict's reason, with its p-values; it ends "calibration-limited: ..." when the toy half
  // of the selected background holds fewer events than were kept, and says "not tested" when it
  // holds fewer than 2 / level.
  std::string note;
  double global_p_value = 1;  // P(max_m q_m >= observed | background only)
  double background_fit_p_value = 1;
  double best_fit_p_value = 1;    // 1 when not computed (no model improves on background only)
  std::vector<double> fractions;  // the grid of every profile
  int64_t kept_events = 0;
  int64_t sets_per_split = 0;
  int pseudo_experiments = 0;
  // For a picture: the latent points of one random split of the kept events into sets, and the
  // 68% and 95% contours of the background-only template and of the best model's template at
  // the grid fraction nearest its fit (only when its ratio and that fraction are above zero).
  std::vector<LatentPoint> kept_sets;
  ContourSet template_contours;              // ModelContour::model indexes template_labels
  std::vector<std::string> template_labels;  // "background only", "gluino_1600_800, f = 0.3"
};

// INVALID_ARGUMENT for bad options (naming the option; too few pseudo-experiments for the level
// included) or pools (fewer kept events than k, a pool
// with fewer than 2 events, models and counts of different lengths, no model); the embedder's
// errors; CANCELLED when cancelled.
absl::StatusOr<SelectionInterpretation> InterpretSelection(
    const SelectionPools& pools, const SetEmbedder& embed,
    const SelectionInterpretationOptions& options = {});

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_SELECTION_INTERPRETATION_H_
