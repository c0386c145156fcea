// Issue 20's real-data study, end to end through latentctl against a real latentd: the bundled
// Dark Machines background is split into a reference half (the detectors train on it) and a
// held-out half; each of the five signals into a training half (the encoder's known models, and
// the classifiers' signal) and a held-out half. Each draw makes, per signal, a data file of a
// random share of the held-out background with random held-out signal events making up
// `signal_share` of it, and, per detector, a file of the background draw alone. Per detector
// (autoencoder and vae on the reference; a classifier of the reference against each signal's
// training half, the supervised bound) and signal, over the draws:
//   latentctl score --detector D data.csv --keep K      the signal kept
//   latentctl interpret --method nearest ... --json     their nearest model (the old ranking)
//   latentctl interpret ... --json                      forward modelling: the verdict, the model
//                                                       ranked first, the injected one's fraction
// beside the nearest model of the whole data file (no selection).
#ifndef LATENTSPACE_TESTS_BENCH_REAL_SELECTION_STUDY_H_
#define LATENTSPACE_TESTS_BENCH_REAL_SELECTION_STUDY_H_

#include <string>

namespace latentspace::bench {

struct RealStudyOptions {
  unsigned seed = 1;
  int encoder_epochs = 200;
  int detector_epochs = 300;
  double signal_share = 0.1;     // of each data file
  double keep = 0.1;             // share of the reference the cut keeps
  double background_draw = 0.9;  // share of the held-out background in each draw
  int draws = 30;                // per signal and detector
  int null_draws = 30;           // per detector, nothing injected
  std::string out_dir;           // pictures (the first draw's autoencoder cases)
  bool pictures = false;
};

// Prints the study's table to stdout and its progress (one line per interpretation) to stderr;
// 0 on success, 1 when latentd or latentctl fails (naming the command and its log).
int RunRealStudy(const RealStudyOptions& options, const std::string& scratch);

}  // namespace latentspace::bench

#endif  // LATENTSPACE_TESTS_BENCH_REAL_SELECTION_STUDY_H_
