// Interpreting the events an anomaly detector keeps (issue 20), two studies in one run.
//
// Real data, end to end through latentctl against a real latentd: the bundled Dark Machines
// background is split into a reference half (detectors train on it) and a held-out half; each of
// the five signals into a training half (the encoder's known models, and the classifiers' signal)
// and a held-out half. For each signal, a "data" file mixes the held-out background with held-out
// signal events making up --signal-share of it (10%). For each detector (autoencoder and vae on the
// reference; a classifier of the reference against that signal's training half, the supervised
// bound) and each signal:
//   latentctl score --detector D data.csv --keep K      the signal enrichment of the kept events
//   latentctl interpret --method nearest ... --json     their nearest model (today's ranking)
//   latentctl interpret ... --json                      forward modelling (the default): the
//                                                       verdict, the best model, its fraction
// beside the nearest model of the whole data file (no selection). K (--keep, 10%) is the share of
// the reference the cut keeps. With --background-model the encoder also knows the reference
// background as a model, and the nearest model reported is the first other one, with the
// background's rank beside it. --pictures writes interpret's picture of each autoencoder case.
//
// Simulated, in process (tests/bench/simulated_selection_study.h): the built-in simulator's
// background (--sim-reference events, detectors trained on --sim-training-share of them,
// --sim-data per data draw), five known families, injections
// of 1, 2 and 5% kept at --sim-keep (1%) of the reference, --sim-draws draws per case,
// --sim-null-draws with nothing injected, the injected family left out of the hypotheses.
//   interpret_bench [--study real|simulated|both] [--encoder-epochs 200] [--detector-epochs 300]
//                   [--signal-share 0.1] [--keep 0.1] [--seed 1] [--out-dir DIR] [--pictures]
//                   [--background-model] [--sim-reference 1000000] [--sim-training-share 0.1]
//                   [--sim-data 100000]
//                   [--sim-model-events 20000] [--sim-draws 4] [--sim-null-draws 20]
//                   [--sim-keep 0.01] [--sim-detectors autoencoder,vae] [--pseudo-experiments 100]
//                   [--sim-template-events encoder|fresh]
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/events/line_reader.h"
#include "nlohmann/json.hpp"
#include "tests/bench/simulated_selection_study.h"
#include "tests/testing/build_paths.h"
#include "tests/testing/latentd_process.h"
#include "tests/testing/paths.h"
#include "tests/testing/run_command.h"

namespace latentspace::bench {
namespace {

constexpr char kBackground[] = "background";

struct Flags {
  int encoder_epochs = 200;
  int detector_epochs = 300;
  double signal_share = 0.1;
  double keep = 0.1;
  unsigned seed = 1;
  std::string out_dir;
  bool pictures = false;
  bool background_model = false;
  std::string study = "both";  // real, simulated or both
  SimulatedStudyOptions simulated;
};

bool ParseFlags(int argc, char** argv, Flags* flags) {
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--pictures" || flag == "--background-model") {
      (flag == "--pictures" ? flags->pictures : flags->background_model) = true;
      continue;
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "interpret_bench: %s needs a value\n", flag.c_str());
      return false;
    }
    const std::string value = argv[++i];
    if (flag == "--encoder-epochs") {
      flags->encoder_epochs = std::stoi(value);
    } else if (flag == "--detector-epochs") {
      flags->detector_epochs = std::stoi(value);
    } else if (flag == "--signal-share") {
      flags->signal_share = std::stod(value);
    } else if (flag == "--keep") {
      flags->keep = std::stod(value);
    } else if (flag == "--seed") {
      flags->seed = static_cast<unsigned>(std::stoul(value));
    } else if (flag == "--out-dir") {
      flags->out_dir = value;
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
  flags->simulated.seed = flags->seed;
  flags->simulated.encoder_epochs = flags->encoder_epochs;
  flags->simulated.detector_epochs = flags->detector_epochs;
  return flags->signal_share > 0 && flags->signal_share < 1 && flags->keep > 0 &&
         flags->keep <= 1 &&
         (flags->study == "real" || flags->study == "simulated" || flags->study == "both");
}

// A bundled sample: its name, theory parameters and event lines.
struct Sample {
  std::string name;
  std::map<std::string, double> parameters;
  std::vector<std::string> lines;
};

std::vector<Sample> ReadBundled() {
  const std::string dir = testing::BundledDataDir();
  std::ifstream index_file(dir + "/samples.json");
  const nlohmann::json index = nlohmann::json::parse(index_file);
  std::vector<Sample> samples;
  for (const nlohmann::json& entry : index["samples"]) {
    Sample sample{entry["name"], entry["parameters"].get<std::map<std::string, double>>(), {}};
    absl::StatusOr<std::unique_ptr<LineReader>> reader =
        LineReader::Open(dir + "/" + entry["file"].get<std::string>());
    absl::string_view line;
    while (reader.ok() && (*reader)->Next(&line).value_or(false)) {
      if (!line.empty()) sample.lines.emplace_back(line);
    }
    samples.push_back(std::move(sample));
  }
  return samples;
}

// `line` with its event id (the first ';'-separated field) replaced by `id`.
std::string WithEventId(const std::string& line, const std::string& id) {
  return absl::StrCat(id, line.substr(line.find(';')));
}

void WriteLines(const std::string& path, const std::vector<std::string>& lines) {
  std::ofstream out(path);
  for (const std::string& line : lines) out << line << '\n';
}

std::vector<std::string> Slice(const std::vector<std::string>& lines, size_t from, size_t to) {
  return {lines.begin() + static_cast<std::ptrdiff_t>(from),
          lines.begin() + static_cast<std::ptrdiff_t>(std::min(to, lines.size()))};
}

// Runs latentctl against the server with `args`; exits the bench when it fails.
std::string Latentctl(const std::string& address, const std::string& args, const std::string& log) {
  const std::string command =
      absl::StrCat(testing::LatentctlPath(), " --server ", address, " ", args, " 2>>", log);
  const testing::CommandResult result = testing::RunCommand(command);
  if (result.exit_code != 0) {
    std::fprintf(stderr, "interpret_bench: `%s` exited %d:\n%s\n(see %s)\n", command.c_str(),
                 result.exit_code, result.output.c_str(), log.c_str());
    std::exit(1);
  }
  return result.output;
}

// What `score --out` wrote: kept events, and those of them that are signal ("sig-" ids).
struct Selection {
  int64_t kept = 0;
  int64_t kept_signal = 0;
  int64_t scored = 0;
};

Selection ReadScores(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // index,event_id,score,reference_tail,kept
  Selection selection;
  while (std::getline(in, line)) {
    const std::vector<std::string> fields = absl::StrSplit(line, ',');
    if (fields.size() < 5) continue;
    ++selection.scored;
    if (fields[4] != "1" && fields[4] != "true") continue;
    ++selection.kept;
    if (fields[1].rfind("sig-", 0) == 0) ++selection.kept_signal;
  }
  return selection;
}

// The first model of nearest's ranking other than `skip`, and the 1-based rank of `skip` (0 when
// it is not ranked).
struct Nearest {
  std::string model = "?";
  int skipped_rank = 0;
};

Nearest NearestModel(const std::string& json, const std::string& skip) {
  const nlohmann::json parsed = nlohmann::json::parse(json, nullptr, false);
  Nearest nearest;
  if (parsed.is_discarded() || !parsed.contains("ranking")) return nearest;
  for (size_t i = 0; i < parsed["ranking"].size(); ++i) {
    const std::string model = parsed["ranking"][i].value("model", "?");
    if (model == skip) {
      nearest.skipped_rank = static_cast<int>(i) + 1;
    } else if (nearest.model == "?") {
      nearest.model = model;
    }
  }
  return nearest;
}

int RealDataStudy(const Flags& flags, const std::string& work) {
  const std::string log = work + "/latentctl.log";
  testing::LatentdProcess latentd(work + "/data", {"--device", "cpu"});
  if (!latentd.Start()) {
    std::fprintf(stderr, "interpret_bench: latentd did not start:\n%s\n", latentd.log().c_str());
    return 1;
  }
  const std::string& server = latentd.address();

  std::vector<Sample> samples = ReadBundled();
  auto background_it = std::find_if(samples.begin(), samples.end(),
                                    [](const Sample& s) { return s.name == kBackground; });
  if (background_it == samples.end()) return 1;
  const Sample background = *background_it;
  samples.erase(background_it);
  const size_t reference_events = background.lines.size() / 2;
  const std::vector<std::string> held_background =
      Slice(background.lines, reference_events, background.lines.size());

  std::fprintf(stderr, "uploading the training halves\n");
  WriteLines(work + "/reference.csv", Slice(background.lines, 0, reference_events));
  Latentctl(server, absl::StrCat("samples upload ", work, "/reference.csv --name ", kBackground),
            log);
  std::vector<std::string> models;
  for (const Sample& signal : samples) {
    const std::string file = absl::StrCat(work, "/", signal.name, "_train.csv");
    WriteLines(file, Slice(signal.lines, 0, signal.lines.size() / 2));
    std::string params;
    for (const auto& [key, value] : signal.parameters) {
      absl::StrAppend(&params, " --param ", key, "=", value);
    }
    Latentctl(server, absl::StrCat("samples upload ", file, " --name ", signal.name, params), log);
    models.push_back(signal.name);
  }

  std::vector<std::string> known = models;
  if (flags.background_model) known.push_back(kBackground);
  std::fprintf(stderr, "training the encoder on %zu models (%d epochs)\n", known.size(),
               flags.encoder_epochs);
  Latentctl(
      server,
      absl::StrCat("train --encoder known --samples ", absl::StrJoin(known, ","), " --epochs ",
                   flags.encoder_epochs, " --initialisations 1 --seed ", flags.seed, " --wait"),
      log);
  std::vector<std::pair<std::string, std::string>> detectors;  // (label, name); "cls-" per signal
  for (const char* kind : {"autoencoder", "vae"}) {
    std::fprintf(stderr, "training the %s on the reference\n", kind);
    Latentctl(server,
              absl::StrCat("detectors train --name ", kind, " --kind ", kind, " --reference ",
                           kBackground, " --epochs ", flags.detector_epochs, " --seed ", flags.seed,
                           " --wait"),
              log);
    detectors.emplace_back(kind, kind);
  }
  for (const std::string& model : models) {
    std::fprintf(stderr, "training the classifier of the reference against %s\n", model.c_str());
    Latentctl(server,
              absl::StrCat("detectors train --name cls-", model, " --kind classifier --reference ",
                           kBackground, " --signal ", model, " --epochs ", flags.detector_epochs,
                           " --seed ", flags.seed, " --wait"),
              log);
  }
  detectors.emplace_back("classifier", "cls-");

  std::printf(
      "Interpretation of anomalous events (issue 9): reference %zu background events, held-out "
      "background %zu, signal %.0f%% of each data file, keep %.0f%% of the reference; encoder "
      "trained on the five signals' training halves%s (%d epochs)\n\n",
      reference_events, held_background.size(), 100 * flags.signal_share, 100 * flags.keep,
      flags.background_model ? " and the reference" : "", flags.encoder_epochs);
  std::printf("%-24s %-12s %6s %6s %8s %9s %10s %-24s %-24s %-10s %-24s %-11s %s\n", "signal",
              "detector", "data", "kept", "sig kept", "sig eff", "enrichment", "nearest (kept)",
              "nearest (all)", "kept right", "forward (fraction)", "verdict",
              flags.background_model ? "bkg rank (kept, all)" : "");
  std::mt19937 random(flags.seed);
  int right = 0, forward_right = 0, cases = 0;
  for (size_t s = 0; s < samples.size(); ++s) {
    const Sample& signal = samples[s];
    const size_t injected = static_cast<size_t>(
        std::lround(flags.signal_share / (1 - flags.signal_share) * held_background.size()));
    std::vector<std::string> data;
    for (size_t i = 0; i < held_background.size(); ++i) {
      data.push_back(WithEventId(held_background[i], absl::StrCat("bkg-", i)));
    }
    const std::vector<std::string> held_signal =
        Slice(signal.lines, signal.lines.size() / 2, signal.lines.size());
    for (size_t i = 0; i < injected && i < held_signal.size(); ++i) {
      data.push_back(WithEventId(held_signal[i], absl::StrCat("sig-", i)));
    }
    std::shuffle(data.begin(), data.end(), random);
    const std::string data_file = absl::StrCat(work, "/data_", signal.name, ".csv");
    WriteLines(data_file, data);
    const Nearest nearest_all = NearestModel(
        Latentctl(server, "--json nearest --encoder known " + data_file, log), kBackground);
    for (const auto& [label, name] : detectors) {
      const std::string detector = name == "cls-" ? name + signal.name : name;
      const std::string scores = absl::StrCat(work, "/scores_", detector, ".csv");
      Latentctl(server,
                absl::StrCat("score --detector ", detector, " ", data_file, " --keep ", flags.keep,
                             " --out ", scores),
                log);
      const Selection selection = ReadScores(scores);
      std::string picture;
      if (flags.pictures && label == "autoencoder") {
        picture = absl::StrCat(" --out ", flags.out_dir, "/interpret_", signal.name, ".png");
      }
      const Nearest nearest_kept = NearestModel(
          Latentctl(server,
                    absl::StrCat("--json interpret --method nearest --detector ", detector,
                                 " --encoder known --keep ", flags.keep, " ", data_file, picture),
                    log),
          kBackground);
      // The forward-modelled answer of the same selection (the default method).
      const nlohmann::json forward =
          nlohmann::json::parse(Latentctl(server,
                                          absl::StrCat("--json interpret --detector ", detector,
                                                       " --encoder known --keep ", flags.keep,
                                                       " --seed ", flags.seed, " ", data_file),
                                          log),
                                nullptr, false);
      const Nearest forward_best = NearestModel(forward.dump(), kBackground);
      const std::string verdict = forward.is_object() ? forward.value("verdict", "?") : "?";
      double forward_fraction = 0;
      for (const nlohmann::json& fit : forward.value("ranking", nlohmann::json::array())) {
        if (fit.value("model", "") == forward_best.model) {
          forward_fraction = fit.value("signal_fraction", 0.0);
        }
      }
      const bool forward_correct = verdict == "signal" && forward_best.model == signal.name;
      forward_right += forward_correct ? 1 : 0;
      const double share_kept =
          selection.kept > 0 ? static_cast<double>(selection.kept_signal) / selection.kept : 0;
      const double share_injected = static_cast<double>(injected) / data.size();
      const bool correct = nearest_kept.model == signal.name;
      right += correct ? 1 : 0;
      ++cases;
      const std::string ranks =
          flags.background_model
              ? absl::StrCat(nearest_kept.skipped_rank, ", ", nearest_all.skipped_rank)
              : "";
      const std::string forward_cell =
          absl::StrCat(forward_best.model, " (", absl::StrFormat("%.2f", forward_fraction), ")");
      std::printf(
          "%-24s %-12s %6zu %6lld %8lld %9.3f %10.2f %-24s %-24s %-10s %-24s %-11s %s\n",
          signal.name.c_str(), label.c_str(), data.size(), static_cast<long long>(selection.kept),
          static_cast<long long>(selection.kept_signal),
          static_cast<double>(selection.kept_signal) / injected, share_kept / share_injected,
          nearest_kept.model.c_str(), nearest_all.model.c_str(), correct ? "yes" : "no",
          forward_cell.c_str(), verdict.c_str(), ranks.c_str());
      std::fflush(stdout);
    }
  }
  std::printf("\nnearest model of the kept events is the injected one in %d of %d cases\n", right,
              cases);
  std::printf(
      "forward modelling answers \"signal\" with the injected model first in %d of %d "
      "cases\n",
      forward_right, cases);
  return 0;
}

int Main(int argc, char** argv) {
  Flags flags;
  if (!ParseFlags(argc, argv, &flags)) return 2;
  const std::string work = std::filesystem::temp_directory_path().string() + "/interpret_bench_" +
                           std::to_string(getpid());
  std::filesystem::create_directories(work);
  if (flags.out_dir.empty()) flags.out_dir = work;
  std::filesystem::create_directories(flags.out_dir);
  int exit_code = 0;
  if (flags.study != "simulated") exit_code = RealDataStudy(flags, work);
  if (exit_code == 0 && flags.study != "real") {
    if (flags.study == "both") std::printf("\n");
    const absl::Status status = RunSimulatedStudy(flags.simulated, work);
    if (!status.ok()) {
      std::fprintf(stderr, "interpret_bench: simulated study: %s\n", status.ToString().c_str());
      exit_code = 1;
    }
  }
  std::error_code ignored;
  if (flags.out_dir != work) std::filesystem::remove_all(work, ignored);
  return exit_code;
}

}  // namespace
}  // namespace latentspace::bench

int main(int argc, char** argv) { return latentspace::bench::Main(argc, argv); }
