// Issue 20's real-data study: draws of held-out Dark Machines background with a held-out signal
// injected, interpreted through latentctl against a real latentd (real_selection_study.h).
#include "tests/bench/real_selection_study.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/analysis/binomial_interval.h"
#include "core/events/line_reader.h"
#include "nlohmann/json.hpp"
#include "tests/bench/bench_support.h"
#include "tests/testing/build_paths.h"
#include "tests/testing/latentd_process.h"
#include "tests/testing/paths.h"
#include "tests/testing/run_command.h"

namespace latentspace::bench {
namespace {

constexpr char kBackground[] = "background";
constexpr char kClassifier[] = "classifier";

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

// `count` of `lines` drawn at random without replacement.
std::vector<std::string> Draw(const std::vector<std::string>& lines, size_t count,
                              std::mt19937& random) {
  std::vector<std::string> drawn;
  std::sample(lines.begin(), lines.end(), std::back_inserter(drawn), count, random);
  return drawn;
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
};

Selection ReadScores(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // index,event_id,score,reference_tail,kept
  Selection selection;
  while (std::getline(in, line)) {
    const std::vector<std::string> fields = absl::StrSplit(line, ',');
    if (fields.size() < 5 || (fields[4] != "1" && fields[4] != "true")) continue;
    ++selection.kept;
    if (fields[1].rfind("sig-", 0) == 0) ++selection.kept_signal;
  }
  return selection;
}

// The first model of a `ranking` in latentctl's JSON; "?" when there is none.
std::string FirstModel(const nlohmann::json& answer) {
  if (!answer.is_object() || !answer.contains("ranking") || answer["ranking"].empty()) return "?";
  return answer["ranking"][0].value("model", "?");
}

// One interpretation's outcome for the injected model.
struct Outcome {
  bool nearest_first = false;  // the nearest model of the kept events
  bool forward_first = false;  // forward modelling's first model, with a ratio above 0
  bool covered = false;        // the injected model's 68% interval holds the kept signal share
  std::string verdict;
  int64_t kept = 0;
  double truth = 0;  // the signal share of the kept events
};

// Outcomes over draws, and the pairs where exactly one method names the injected model.
struct Tally {
  int64_t trials = 0, nearest_first = 0, forward_first = 0, covered = 0;
  int64_t forward_only = 0, nearest_only = 0;
  int64_t kept = 0;
  double truth = 0;
  std::map<std::string, int64_t> verdicts;

  void Add(const Outcome& outcome) {
    ++trials;
    nearest_first += outcome.nearest_first;
    forward_first += outcome.forward_first;
    covered += outcome.covered;
    forward_only += outcome.forward_first && !outcome.nearest_first;
    nearest_only += outcome.nearest_first && !outcome.forward_first;
    kept += outcome.kept;
    truth += outcome.truth;
    ++verdicts[outcome.verdict];
  }
  void Merge(const Tally& other) {
    trials += other.trials;
    nearest_first += other.nearest_first;
    forward_first += other.forward_first;
    covered += other.covered;
    forward_only += other.forward_only;
    nearest_only += other.nearest_only;
    kept += other.kept;
    truth += other.truth;
    for (const auto& [verdict, count] : other.verdicts) verdicts[verdict] += count;
  }
  int64_t Verdict(const std::string& verdict) const {
    const auto found = verdicts.find(verdict);
    return found == verdicts.end() ? 0 : found->second;
  }
  std::string Verdicts() const {
    return absl::StrFormat("%d/%d/%d", Verdict("signal"), Verdict("unexplained"),
                           Verdict("background"));
  }
};

// The two-sided exact sign test of `a` against `b` discordant pairs: P(as uneven or more | 1/2).
double SignTestP(int64_t a, int64_t b) {
  if (a + b == 0) return 1;
  return std::min(1.0, 2 * BinomialCdf(std::min(a, b), a + b, 0.5));
}

class RealStudy {
 public:
  RealStudy(const RealStudyOptions& options, const std::string& scratch)
      : options_(options),
        work_(scratch),
        log_(scratch + "/latentctl.log"),
        latentd_(scratch + "/data", {"--device", "cpu"}),
        random_(options.seed) {}

  int Run() {
    if (!latentd_.Start()) {
      std::fprintf(stderr, "interpret_bench: latentd did not start:\n%s\n", latentd_.log().c_str());
      return 1;
    }
    if (!SetUp()) return 1;
    PrintHeader();
    std::vector<std::string> lines;
    std::map<std::string, Tally> by_detector, null_by_detector;
    Tally all, null_all;
    for (const Sample& signal : signals_) {
      std::map<std::string, Tally> cases;
      for (int draw = 0; draw < options_.draws; ++draw) {
        for (const auto& [kind, detector] : Detectors(signal.name)) {
          cases[kind].Add(Interpret(signal, kind, detector, draw));
        }
      }
      for (const auto& [kind, tally] : cases) {
        lines.push_back(Row(signal.name, kind, tally));
        by_detector[kind].Merge(tally);
        all.Merge(tally);
      }
    }
    for (const auto& [kind, tally] : by_detector) lines.push_back(Row("all signals", kind, tally));
    lines.push_back(Row("all signals", "all", all));
    for (int draw = 0; draw < options_.null_draws; ++draw) {
      for (const auto& [kind, detector] : NullDetectors()) {
        const Outcome outcome = InterpretNothing(kind, detector, draw);
        null_by_detector[kind].Add(outcome);
        null_all.Add(outcome);
      }
    }
    std::printf("%-24s %-12s %6s %7s  %-28s %-28s %-28s %-9s %s\n", "signal", "detector", "kept",
                "true f", "nearest model first (old)", "forward: injected first",
                "68% interval covers true f", "S/U/B", "nearest of the whole file");
    for (const std::string& line : lines) std::printf("%s\n", line.c_str());
    std::printf(
        "\nforward first and nearest not: %lld; nearest first and forward not: %lld (exact sign "
        "test, two-sided p = %.3g)\n",
        static_cast<long long>(all.forward_only), static_cast<long long>(all.nearest_only),
        SignTestP(all.forward_only, all.nearest_only));
    std::printf(
        "\nnothing injected (%d draws per detector; S/U/B: signal/unexplained/background):\n",
        options_.null_draws);
    null_by_detector["all"] = null_all;
    for (const auto& [kind, tally] : null_by_detector) {
      std::printf("  %-36s S/U/B %-10s not signal %s\n", kind.c_str(), tally.Verdicts().c_str(),
                  Share(tally.trials - tally.Verdict("signal"), tally.trials).c_str());
    }
    return 0;
  }

 private:
  // Uploads the training halves, trains the encoder, the unsupervised detectors and one
  // classifier per signal.
  bool SetUp() {
    std::vector<Sample> samples = ReadBundled();
    auto background = std::find_if(samples.begin(), samples.end(),
                                   [](const Sample& s) { return s.name == kBackground; });
    if (background == samples.end()) {
      std::fprintf(stderr, "interpret_bench: no bundled sample named %s\n", kBackground);
      return false;
    }
    const size_t reference_events = background->lines.size() / 2;
    reference_events_ = reference_events;
    for (size_t i = reference_events; i < background->lines.size(); ++i) {
      held_background_.push_back(
          WithEventId(background->lines[i], absl::StrCat("bkg-", i - reference_events)));
    }
    std::fprintf(stderr, "uploading the training halves\n");
    WriteLines(work_ + "/reference.csv", Slice(background->lines, 0, reference_events));
    Latentctl(address(),
              absl::StrCat("samples upload ", work_, "/reference.csv --name ", kBackground), log_);
    samples.erase(background);
    std::vector<std::string> models;
    for (Sample& signal : samples) {
      const size_t half = signal.lines.size() / 2;
      const std::string file = absl::StrCat(work_, "/", signal.name, "_train.csv");
      WriteLines(file, Slice(signal.lines, 0, half));
      std::string params;
      for (const auto& [key, value] : signal.parameters) {
        absl::StrAppend(&params, " --param ", key, "=", value);
      }
      Latentctl(address(), absl::StrCat("samples upload ", file, " --name ", signal.name, params),
                log_);
      models.push_back(signal.name);
      Sample held{signal.name, signal.parameters, {}};
      for (size_t i = half; i < signal.lines.size(); ++i) {
        held.lines.push_back(WithEventId(signal.lines[i], absl::StrCat("sig-", i - half)));
      }
      signals_.push_back(std::move(held));
    }
    std::fprintf(stderr, "training the encoder on %zu models (%d epochs)\n", models.size(),
                 options_.encoder_epochs);
    Latentctl(address(),
              absl::StrCat("train --encoder known --samples ", absl::StrJoin(models, ","),
                           " --epochs ", options_.encoder_epochs, " --initialisations 1 --seed ",
                           options_.seed, " --wait"),
              log_);
    for (const char* kind : {"autoencoder", "vae"}) {
      std::fprintf(stderr, "training the %s on the reference\n", kind);
      TrainDetector(kind, absl::StrCat("--kind ", kind));
    }
    for (const std::string& model : models) {
      std::fprintf(stderr, "training the classifier of the reference against %s\n", model.c_str());
      TrainDetector(absl::StrCat("cls-", model),
                    absl::StrCat("--kind classifier --signal ", model));
    }
    return true;
  }

  void TrainDetector(const std::string& name, const std::string& kind_args) {
    Latentctl(
        address(),
        absl::StrCat("detectors train --name ", name, " ", kind_args, " --reference ", kBackground,
                     " --epochs ", options_.detector_epochs, " --seed ", options_.seed, " --wait"),
        log_);
  }

  void PrintHeader() const {
    const size_t background = BackgroundDraw();
    std::printf(
        "Real data (issue 20): reference %zu background events (the detectors train on them), "
        "%zu held out; each draw takes %zu of the held-out background at random and injects %zu "
        "held-out events of one signal (%.0f%% of the file); keep %.0f%% of the reference; "
        "encoder on the five signals' training halves (%d epochs), detectors %d epochs, seed %u; "
        "%d draws per signal and detector, %d with nothing injected\n\n",
        reference_events_, held_background_.size(), background, Injected(), 100 * SignalShare(),
        100 * options_.keep, options_.encoder_epochs, options_.detector_epochs, options_.seed,
        options_.draws, options_.null_draws);
    std::fflush(stdout);
  }

  double SignalShare() const { return options_.signal_share; }
  size_t BackgroundDraw() const {
    return static_cast<size_t>(
        std::lround(options_.background_draw * static_cast<double>(held_background_.size())));
  }
  size_t Injected() const {
    return static_cast<size_t>(
        std::lround(SignalShare() / (1 - SignalShare()) * static_cast<double>(BackgroundDraw())));
  }
  const std::string& address() const { return latentd_.address(); }

  // (kind, detector name) for a signal's data: the unsupervised ones and its classifier.
  static std::vector<std::pair<std::string, std::string>> Detectors(const std::string& signal) {
    return {{"autoencoder", "autoencoder"},
            {"vae", "vae"},
            {kClassifier, absl::StrCat("cls-", signal)}};
  }
  std::vector<std::pair<std::string, std::string>> NullDetectors() const {
    std::vector<std::pair<std::string, std::string>> detectors = {{"autoencoder", "autoencoder"},
                                                                  {"vae", "vae"}};
    for (const Sample& signal : signals_) {
      detectors.emplace_back(absl::StrCat("classifier (", signal.name, ")"),
                             absl::StrCat("cls-", signal.name));
    }
    return detectors;
  }

  // A data file of this draw's background and `signal`'s injected events (none without one),
  // shuffled; the same file for every detector of a (signal, draw).
  std::string DataFile(const Sample* signal, int draw) {
    const std::string name = signal == nullptr ? std::string("nothing") : signal->name;
    std::string path = absl::StrCat(work_, "/data_", name, "_", draw, ".csv");
    if (written_.insert(path).second) {
      std::vector<std::string> data = Draw(held_background_, BackgroundDraw(), random_);
      if (signal != nullptr) {
        for (std::string& line : Draw(signal->lines, Injected(), random_)) {
          data.push_back(std::move(line));
        }
      }
      std::shuffle(data.begin(), data.end(), random_);
      WriteLines(path, data);
      if (signal != nullptr) {
        nearest_all_[path] = FirstModel(nlohmann::json::parse(
            Latentctl(address(), "--json nearest --encoder known " + path, log_), nullptr, false));
      }
    }
    return path;
  }

  Outcome Interpret(const Sample& signal, const std::string& kind, const std::string& detector,
                    int draw) {
    const std::string data = DataFile(&signal, draw);
    Outcome outcome = Forward(data, detector, draw, signal.name);
    outcome.nearest_first =
        FirstModel(nlohmann::json::parse(
            Latentctl(address(),
                      absl::StrCat("--json interpret --method nearest --detector ", detector,
                                   " --encoder known --keep ", options_.keep, " ", data),
                      log_),
            nullptr, false)) == signal.name;
    if (nearest_all_[data] == signal.name) ++nearest_all_first_[{signal.name, kind}];
    std::fprintf(stderr, "  %s %s draw %d: %s, forward %s, nearest %s, %lld kept (f %.3f)\n",
                 signal.name.c_str(), kind.c_str(), draw, outcome.verdict.c_str(),
                 outcome.forward_first ? "right" : "wrong",
                 outcome.nearest_first ? "right" : "wrong", static_cast<long long>(outcome.kept),
                 outcome.truth);
    return outcome;
  }

  Outcome InterpretNothing(const std::string& kind, const std::string& detector, int draw) {
    Outcome outcome = Forward(DataFile(nullptr, draw), detector, draw, "");
    std::fprintf(stderr, "  nothing injected, %s draw %d: %s\n", kind.c_str(), draw,
                 outcome.verdict.c_str());
    return outcome;
  }

  // Scores `data` with `detector` and interprets its kept events by forward modelling; the
  // outcome for `injected` (none when empty).
  Outcome Forward(const std::string& data, const std::string& detector, int draw,
                  const std::string& injected) {
    const std::string scores = absl::StrCat(work_, "/scores.csv");
    Latentctl(address(),
              absl::StrCat("score --detector ", detector, " ", data, " --keep ", options_.keep,
                           " --out ", scores),
              log_);
    const Selection selection = ReadScores(scores);
    std::string picture;
    if (options_.pictures && draw == 0 && detector == "autoencoder" && !injected.empty()) {
      picture = absl::StrCat(" --out ", options_.out_dir, "/interpret_", injected, ".png");
    }
    const nlohmann::json answer = nlohmann::json::parse(
        Latentctl(address(),
                  absl::StrCat("--json interpret --detector ", detector, " --encoder known --keep ",
                               options_.keep, " --seed ", options_.seed * 1000 + draw, " ", data,
                               picture),
                  log_),
        nullptr, false);
    Outcome outcome;
    outcome.kept = selection.kept;
    outcome.truth = selection.kept > 0 ? static_cast<double>(selection.kept_signal) /
                                             static_cast<double>(selection.kept)
                                       : 0;
    outcome.verdict = answer.is_object() ? answer.value("verdict", "?") : "?";
    for (const nlohmann::json& fit : answer.value("ranking", nlohmann::json::array())) {
      if (injected.empty() || fit.value("model", "") != injected) continue;
      const std::vector<double> interval =
          fit.value("signal_fraction_interval", std::vector<double>{});
      outcome.covered =
          interval.size() == 2 && interval[0] <= outcome.truth && outcome.truth <= interval[1];
    }
    if (!injected.empty() && FirstModel(answer) == injected) {
      outcome.forward_first = answer["ranking"][0].value("likelihood_ratio", 0.0) > 0;
    }
    return outcome;
  }

  std::string Row(const std::string& signal, const std::string& kind, const Tally& tally) {
    int64_t nearest_all = 0;
    for (const auto& [key, count] : nearest_all_first_) {
      if ((signal == "all signals" || key.first == signal) &&
          (kind == "all" || key.second == kind)) {
        nearest_all += count;
      }
    }
    const double trials = static_cast<double>(tally.trials);
    return absl::StrFormat("%-24s %-12s %6.1f %7.3f  %-28s %-28s %-28s %-9s %s", signal, kind,
                           static_cast<double>(tally.kept) / trials, tally.truth / trials,
                           bench::Share(tally.nearest_first, tally.trials),
                           bench::Share(tally.forward_first, tally.trials),
                           bench::Share(tally.covered, tally.trials), tally.Verdicts(),
                           bench::Share(nearest_all, tally.trials));
  }

  const RealStudyOptions options_;
  const std::string work_, log_;
  testing::LatentdProcess latentd_;
  std::mt19937 random_;
  size_t reference_events_ = 0;
  std::vector<std::string> held_background_;        // ids "bkg-N"
  std::vector<Sample> signals_;                     // held-out halves, ids "sig-N"
  std::set<std::string> written_;                   // data files
  std::map<std::string, std::string> nearest_all_;  // data file -> nearest model of all of it
  std::map<std::pair<std::string, std::string>, int64_t> nearest_all_first_;  // (signal, kind)
};

}  // namespace

int RunRealStudy(const RealStudyOptions& options, const std::string& scratch) {
  if (options.draws < 1 || options.null_draws < 0 || options.background_draw <= 0 ||
      options.background_draw > 1) {
    std::fprintf(stderr,
                 "interpret_bench: the real-data study needs draws and a background share "
                 "in (0, 1]\n");
    return 2;
  }
  return RealStudy(options, scratch).Run();
}

}  // namespace latentspace::bench
