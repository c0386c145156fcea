// Interpreting the events an anomaly detector keeps (issue 20), two studies in one run.
//
// Real data (tests/bench/real_selection_study.h), end to end through latentctl against a real
// latentd: --draws draws per signal and detector of the held-out Dark Machines background
// (--background-draw of it) with a held-out signal injected at --signal-share of the file, kept at
// --keep of the reference, forward modelling beside the nearest model of the kept events;
// --null-draws per detector with nothing injected. --pictures writes interpret's picture of the
// first draw's autoencoder cases.
//
// Simulated, in process (tests/bench/simulated_selection_study.h): the built-in simulator's
// background (--sim-reference events, detectors trained on --sim-training-share of them,
// --sim-data per data draw), five known families, injections
// of 1, 2 and 5% kept at --sim-keep (1%) of the reference, --sim-draws draws per case,
// --sim-null-draws with nothing injected, the injected family left out of the hypotheses.
//   interpret_bench [--study real|simulated|both] [--encoder-epochs 200] [--detector-epochs 300]
//                   [--signal-share 0.1] [--keep 0.1] [--seed 1] [--out-dir DIR] [--pictures]
//                   [--draws 30] [--null-draws 30] [--background-draw 0.9]
//                   [--sim-reference 1000000] [--sim-training-share 0.1] [--sim-data 100000]
//                   [--sim-model-events 20000] [--sim-draws 4] [--sim-null-draws 20]
//                   [--sim-keep 0.01] [--sim-detectors autoencoder,vae] [--pseudo-experiments 100]
//                   [--sim-template-events encoder|fresh]
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "absl/strings/str_split.h"
#include "tests/bench/real_selection_study.h"
#include "tests/bench/simulated_selection_study.h"

namespace latentspace::bench {
namespace {

struct Flags {
  std::string study = "both";  // real, simulated or both
  RealStudyOptions real;
  SimulatedStudyOptions simulated;
};

bool ParseFlags(int argc, char** argv, Flags* flags) {
  RealStudyOptions& real = flags->real;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--pictures") {
      real.pictures = true;
      continue;
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "interpret_bench: %s needs a value\n", flag.c_str());
      return false;
    }
    const std::string value = argv[++i];
    if (flag == "--encoder-epochs") {
      real.encoder_epochs = std::stoi(value);
    } else if (flag == "--detector-epochs") {
      real.detector_epochs = std::stoi(value);
    } else if (flag == "--signal-share") {
      real.signal_share = std::stod(value);
    } else if (flag == "--keep") {
      real.keep = std::stod(value);
    } else if (flag == "--seed") {
      real.seed = static_cast<unsigned>(std::stoul(value));
    } else if (flag == "--out-dir") {
      real.out_dir = value;
    } else if (flag == "--draws") {
      real.draws = std::stoi(value);
    } else if (flag == "--null-draws") {
      real.null_draws = std::stoi(value);
    } else if (flag == "--background-draw") {
      real.background_draw = std::stod(value);
    } else if (flag == "--study") {
      flags->study = value;
    } else if (flag == "--sim-reference") {
      flags->simulated.reference_events = std::stoll(value);
    } else if (flag == "--sim-training-share") {
      flags->simulated.detector_training_share = std::stod(value);
    } else if (flag == "--sim-data") {
      flags->simulated.data_events = std::stoll(value);
    } else if (flag == "--sim-model-events") {
      flags->simulated.model_events = std::stoll(value);
    } else if (flag == "--sim-draws") {
      flags->simulated.draws = std::stoi(value);
    } else if (flag == "--sim-null-draws") {
      flags->simulated.null_draws = std::stoi(value);
    } else if (flag == "--sim-keep") {
      flags->simulated.keep = std::stod(value);
    } else if (flag == "--sim-detectors") {
      flags->simulated.detector_kinds = absl::StrSplit(value, ',');
    } else if (flag == "--sim-template-events") {
      if (value != "encoder" && value != "fresh") {
        std::fprintf(stderr,
                     "interpret_bench: --sim-template-events takes encoder or fresh, not %s\n",
                     value.c_str());
        return false;
      }
      flags->simulated.fresh_template_events = value == "fresh";
    } else if (flag == "--pseudo-experiments") {
      flags->simulated.pseudo_experiments = std::stoi(value);
    } else {
      std::fprintf(stderr, "interpret_bench: unknown flag %s\n", flag.c_str());
      return false;
    }
  }
  flags->simulated.seed = real.seed;
  flags->simulated.encoder_epochs = real.encoder_epochs;
  flags->simulated.detector_epochs = real.detector_epochs;
  return real.signal_share > 0 && real.signal_share < 1 && real.keep > 0 && real.keep <= 1 &&
         (flags->study == "real" || flags->study == "simulated" || flags->study == "both");
}

int Main(int argc, char** argv) {
  Flags flags;
  if (!ParseFlags(argc, argv, &flags)) return 2;
  const std::string work = std::filesystem::temp_directory_path().string() + "/interpret_bench_" +
                           std::to_string(getpid());
  std::filesystem::create_directories(work);
  std::string& out_dir = flags.real.out_dir;
  if (out_dir.empty()) out_dir = work;
  std::filesystem::create_directories(out_dir);
  int exit_code = 0;
  if (flags.study != "simulated") exit_code = RunRealStudy(flags.real, work);
  if (exit_code == 0 && flags.study != "real") {
    if (flags.study == "both") std::printf("\n");
    const absl::Status status = RunSimulatedStudy(flags.simulated, work);
    if (!status.ok()) {
      std::fprintf(stderr, "interpret_bench: simulated study: %s\n", status.ToString().c_str());
      exit_code = 1;
    }
  }
  std::error_code ignored;
  if (out_dir != work) std::filesystem::remove_all(work, ignored);
  return exit_code;
}

}  // namespace
}  // namespace latentspace::bench

int main(int argc, char** argv) { return latentspace::bench::Main(argc, argv); }
