// Benchmark: Dark Machines parsing + feature extraction throughput (MB/s, events/s) on one core,
// against the Python parser (read_dm) of ../shared/bench/paper_reference.py on the same files, in
// the same run. Prints a table; the goal is at least 5x the reference.
//   parse_bench [--reference paper_reference.py] [--python /usr/bin/python3] [--repeat N] FILE...
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/features/feature_extraction.h"
#include "core/status_macros.h"
#include "nlohmann/json.hpp"
#include "tests/testing/run_command.h"

namespace latentspace {
namespace {

struct Timing {
  double seconds = 0;  // best of the repetitions
  int64_t events = 0;
};

absl::StatusOr<Timing> TimeOurs(const std::string& path, const FeaturePreset& preset, int repeat) {
  Timing best{1e300, 0};
  for (int r = 0; r < repeat; ++r) {
    const auto start = std::chrono::steady_clock::now();
    LATENT_ASSIGN_OR_RETURN(std::unique_ptr<EventReader> reader,
                            OpenEventReader(path, EventFormat::kDarkMachines));
    ExtractionCounts counts;
    absl::StatusOr<FeatureMatrix> matrix = ExtractFeatures(*reader, path, preset, {}, &counts);
    if (!matrix.ok()) return matrix.status();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (seconds < best.seconds) best = {seconds, matrix->rows()};
  }
  return best;
}

// Runs the reference parser on every file through Python; returns seconds (best of `repeat`) and
// rows per file.
absl::StatusOr<std::map<std::string, Timing>> TimeReference(const std::string& python,
                                                            const std::string& reference,
                                                            const std::vector<std::string>& files,
                                                            int repeat) {
  std::string script = absl::StrCat(
      "import importlib.util, json, sys, time\n"
      "spec = importlib.util.spec_from_file_location(\"ref\", sys.argv[1])\n"
      "ref = importlib.util.module_from_spec(spec); spec.loader.exec_module(ref)\n"
      "out = {}\n"
      "for f in sys.argv[2:]:\n"
      "    best = 1e300\n"
      "    for _ in range(",
      repeat,
      "):\n"
      "        t = time.perf_counter(); x = ref.read_dm(f); best = min(best, time.perf_counter() - "
      "t)\n"
      "    out[f] = [best, len(x)]\n"
      "print(json.dumps(out))\n");
  std::string command =
      absl::StrCat("OMP_NUM_THREADS=1 ", python, " -c '", script, "' ", reference);
  for (const std::string& file : files) absl::StrAppend(&command, " '", file, "'");
  const testing::CommandResult run = testing::RunCommand(command);
  const std::string& output = run.output;
  if (run.exit_code != 0) {
    return absl::UnavailableError(absl::StrCat(
        "the reference failed (needs Debian's python3-numpy python3-torch python3-scipy): ",
        output));
  }
  const nlohmann::json json = nlohmann::json::parse(output, nullptr, false);
  if (json.is_discarded()) return absl::InternalError("unreadable reference output: " + output);
  std::map<std::string, Timing> timings;
  for (const std::string& file : files) {
    timings[file] = {json[file][0].get<double>(), json[file][1].get<int64_t>()};
  }
  return timings;
}

int64_t FileBytes(const std::string& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0 ? info.st_size : 0;
}

int Main(int argc, char** argv) {
  std::string reference;
  std::string python = "/usr/bin/python3";
  int repeat = 10;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--reference" && i + 1 < argc) {
      reference = argv[++i];
    } else if (arg == "--python" && i + 1 < argc) {
      python = argv[++i];
    } else if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else {
      files.push_back(arg);
    }
  }
  if (files.empty()) {
    std::fprintf(stderr,
                 "usage: parse_bench [--reference PY] [--python PY] [--repeat N] FILE...\n");
    return 2;
  }
  const FeaturePreset preset = *FeaturePreset::Get("darkmachines");  // what read_dm computes
  std::map<std::string, Timing> theirs;
  if (!reference.empty()) {
    absl::StatusOr<std::map<std::string, Timing>> timings =
        TimeReference(python, reference, files, repeat);
    if (!timings.ok()) {
      std::fprintf(stderr, "%s\n", std::string(timings.status().message()).c_str());
      return 1;
    }
    theirs = *std::move(timings);
  }
  std::printf("Dark Machines parse + 'darkmachines' features, one thread, best of %d\n", repeat);
  std::printf("%-40s %8s %8s %10s %12s %10s %8s\n", "file", "MB", "events", "MB/s", "events/s",
              "ref MB/s", "ratio");
  double total_bytes = 0, total_ours = 0, total_theirs = 0;
  int64_t total_events = 0;
  for (const std::string& file : files) {
    absl::StatusOr<Timing> ours = TimeOurs(file, preset, repeat);
    if (!ours.ok()) {
      std::fprintf(stderr, "%s\n", std::string(ours.status().message()).c_str());
      return 1;
    }
    const double mb = FileBytes(file) / 1e6;
    total_bytes += mb;
    total_ours += ours->seconds;
    total_events += ours->events;
    std::string ref_columns = absl::StrFormat("%10s %8s", "-", "-");
    if (theirs.count(file)) {
      const Timing& ref = theirs[file];
      total_theirs += ref.seconds;
      if (ref.events != ours->events) {
        std::fprintf(stderr, "%s: reference read %lld rows, we read %lld\n", file.c_str(),
                     static_cast<long long>(ref.events), static_cast<long long>(ours->events));
        return 1;
      }
      ref_columns = absl::StrFormat("%10.1f %7.1fx", mb / ref.seconds, ref.seconds / ours->seconds);
    }
    const std::string name = file.substr(file.find_last_of('/') + 1);
    std::printf("%-40s %8.2f %8lld %10.1f %12.0f %s\n", name.c_str(), mb,
                static_cast<long long>(ours->events), mb / ours->seconds,
                ours->events / ours->seconds, ref_columns.c_str());
  }
  std::printf("%-40s %8.2f %8lld %10.1f %12.0f", "TOTAL", total_bytes,
              static_cast<long long>(total_events), total_bytes / total_ours,
              total_events / total_ours);
  if (total_theirs > 0) {
    std::printf(" %10.1f %7.1fx", total_bytes / total_theirs, total_theirs / total_ours);
  }
  std::printf("\n");
  return 0;
}

}  // namespace
}  // namespace latentspace

int main(int argc, char** argv) { return latentspace::Main(argc, argv); }
