// Issue 20's large-statistics study on the built-in simulator, in process (the server's
// InterpretSelection runs the same core functions): a Standard-Model background reference (the
// detectors train on a part of it; the rest, held out, is the selected background and the cut's
// calibration), known models of five families (the encoder's samples and the templates'
// tails), and data draws of fresh background with a fresh signal injected at a share of the data.
// Per detector kind and injection: how often the injected model ranks first, how often the 68%
// interval of the fitted signal fraction covers the true kept share, the verdict, and today's
// nearest-model ranking of the same kept events beside it; the verdict with nothing injected, and
// with the injected family left out of the hypotheses (and a family the encoder never saw).
#ifndef LATENTSPACE_TESTS_BENCH_SIMULATED_SELECTION_STUDY_H_
#define LATENTSPACE_TESTS_BENCH_SIMULATED_SELECTION_STUDY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace latentspace::bench {

struct SimulatedStudyOptions {
  uint64_t seed = 1;
  // Simulated; the detectors train on the share `detector_training_share` of it, and the rest,
  // held out, gives the cut and the selected background (about keep x that many events).
  int64_t reference_events = 1000000;
  double detector_training_share = 0.1;
  int64_t data_events = 100000;                         // background events of each data draw
  int64_t model_events = 20000;                         // simulated per known model
  std::vector<double> injections = {0.01, 0.02, 0.05};  // signal share of the data
  double keep = 0.01;                                   // share of the reference the cut keeps
  int draws = 4;        // data draws per signal, detector and injection
  int null_draws = 20;  // data draws with nothing injected, per detector
  std::vector<std::string> detector_kinds = {"autoencoder", "vae"};
  int encoder_epochs = 200;
  int detector_epochs = 300;
  int pseudo_experiments = 100;
  int threads = 2;
  // The known models' events the templates draw their selected tails from: the encoder's own
  // training samples (as latentd does today), or a second simulated run of each model that the
  // encoder never saw.
  bool fresh_template_events = false;
};

// Prints the study's tables to stdout and its progress to stderr; the simulator's, training's or
// interpretation's errors.
absl::Status RunSimulatedStudy(const SimulatedStudyOptions& options, const std::string& scratch);

}  // namespace latentspace::bench

#endif  // LATENTSPACE_TESTS_BENCH_SIMULATED_SELECTION_STUDY_H_
