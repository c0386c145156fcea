// Peak resident memory of latentctl against the size of the file it reads (issue 21 item 6): one
// latentd, an encoder and a detector trained briefly on two small simulated samples, then for
// simulated gluino files of each size, every command that reads a whole file (samples upload,
// embed, score, nearest, contours --sample printing JSON and drawing a PNG, and inspect offline)
// run as its own process, its peak resident set (ru_maxrss from wait4) and wall time recorded;
// and for HDF5 feature tables of as many rows (8 columns, a 2-D dataset), samples upload and
// inspect.
// Prints one table; the anchor is the smallest file, and a command streams when its peak does not
// grow with the file (goal: the largest file's peak at most 1.25 times the smallest's).
//   client_memory_bench [--sizes 10000,100000,1000000]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "tests/testing/build_paths.h"
#include "tests/testing/hdf5_files.h"
#include "tests/testing/latentd_process.h"

namespace latentspace {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kFlatGoal = 1.25;

int Fail(const std::string& what) {
  std::fprintf(stderr, "client_memory_bench: %s\n", what.c_str());
  return 1;
}

struct Run {
  int exit_code = -1;
  double peak_mb = 0;
  double seconds = 0;
};

// Runs latentctl with `args` (stdout to /dev/null, stderr to `log`), waiting for it.
Run Latentctl(const std::vector<std::string>& args, const std::string& log) {
  std::vector<std::string> argv_strings = {testing::LatentctlPath()};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);
  Run run;
  const Clock::time_point start = Clock::now();
  const pid_t pid = fork();
  if (pid < 0) return run;
  if (pid == 0) {
    if (freopen("/dev/null", "w", stdout) == nullptr ||
        freopen(log.c_str(), "w", stderr) == nullptr) {
      _exit(127);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid) return run;
  run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.peak_mb = static_cast<double>(usage.ru_maxrss) / 1024;  // ru_maxrss is in KiB
  return run;
}

// An HDF5 table of `rows` rows of `columns` (normal values) at `path`. Its values are freed before
// this returns: a child's ru_maxrss starts from its parent's resident set at the fork.
void WriteTable(const std::string& path, const std::vector<std::string>& columns, int64_t rows) {
  std::mt19937_64 random(rows);
  std::normal_distribution<double> normal(100, 30);
  std::vector<double> values(static_cast<size_t>(rows) * columns.size());
  for (double& value : values) value = normal(random);
  testing::WriteHdf5(path,
                     [&](hid_t h5) { testing::AddMatrixTable(h5, "features", columns, values); });
}

}  // namespace
}  // namespace latentspace

int main(int argc, char** argv) {
  using namespace latentspace;  // NOLINT(google-build-using-namespace): a benchmark's main
  std::vector<int64_t> sizes = {10000, 100000, 1000000};
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) != "--sizes") return Fail(absl::StrCat("unknown option ", argv[i]));
    sizes.clear();
    for (const absl::string_view size : absl::StrSplit(argv[i + 1], ',')) {
      int64_t n = 0;
      if (!absl::SimpleAtoi(size, &n) || n < 100) return Fail("--sizes: counts of at least 100");
      sizes.push_back(n);
    }
  }
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / absl::StrCat("client_memory_bench_", getpid());
  std::filesystem::create_directories(dir);
  const std::string log = (dir / "latentctl.log").string();
  latentspace::testing::LatentdProcess latentd((dir / "data").string(), {"--device", "cpu"});
  if (!latentd.Start()) return Fail("latentd did not start:\n" + latentd.log());
  const std::string server = latentd.address();
  const auto must = [&](const std::vector<std::string>& args) -> bool {
    std::vector<std::string> with_server = {"--server", server, "--timeout", "0"};
    with_server.insert(with_server.end(), args.begin(), args.end());
    const Run run = Latentctl(with_server, log);
    if (run.exit_code != 0) {
      std::fprintf(stderr, "latentctl %s failed (exit %d); see %s\n",
                   absl::StrJoin(args, " ").c_str(), run.exit_code, log.c_str());
    }
    return run.exit_code == 0;
  };

  // Two known models and a brief encoder and detector: what is measured is reading, not quality.
  for (const auto& [name, masses] : {std::pair{"light", std::pair{"1200", "100"}},
                                     std::pair{"heavy", std::pair{"2000", "900"}}}) {
    const std::string file = (dir / absl::StrCat(name, ".csv")).string();
    if (!must({"simulate", "--family", "gluino", "--param", absl::StrCat("mgluino=", masses.first),
               "--param", absl::StrCat("mneutralino=", masses.second), "--events", "3000", "--seed",
               "1", "--out", file}) ||
        !must({"samples", "upload", file, "--name", name})) {
      return 1;
    }
  }
  if (!must(
          {"train", "--encoder", "bench", "--samples", "light,heavy", "--epochs", "3", "--wait"}) ||
      !must({"detectors", "train", "--name", "bench", "--reference", "light", "--epochs", "2",
             "--wait"})) {
    return 1;
  }

  struct Command {
    std::string name;
    std::vector<std::string> args;  // FILE stands for the file
    std::vector<Run> runs;          // one per size
  };
  std::vector<Command> commands = {
      {"samples upload", {"samples", "upload", "FILE", "--name", "big", "--overwrite"}, {}},
      {"embed", {"embed", "--encoder", "bench", "FILE", "--out", "/dev/null"}, {}},
      {"score", {"score", "--detector", "bench", "FILE", "--out", "/dev/null"}, {}},
      {"nearest", {"nearest", "--encoder", "bench", "FILE"}, {}},
      {"contours --sample --json (every set's point in the output)",
       {"contours", "--encoder", "bench", "--sample", "FILE", "--json"},
       {}},
      {"contours --sample (PNG)",
       {"contours", "--encoder", "bench", "--sample", "FILE", "--out", (dir / "c.png").string()},
       {}},
      {"inspect (offline)", {"inspect", "FILE"}, {}},
      {"samples upload (HDF5 table)",
       {"samples", "upload", "TABLE", "--name", "big_table", "--overwrite"},
       {}},
      {"inspect (HDF5 table, offline)", {"inspect", "TABLE"}, {}},
  };
  const std::vector<std::string> columns = {"PTJ1", "PTJ2", "ETAJ1", "ETAJ2",
                                            "MET",  "HT",   "NJ",    "MJJ"};
  std::vector<double> file_mb;
  for (const int64_t size : sizes) {
    const std::string file = (dir / absl::StrCat("gluino_", size, ".csv")).string();
    if (!must({"simulate", "--family", "gluino", "--param", "mgluino=1600", "--param",
               "mneutralino=800", "--events", absl::StrCat(size), "--seed", "2", "--out", file})) {
      return 1;
    }
    file_mb.push_back(static_cast<double>(std::filesystem::file_size(file)) / 1e6);
    const std::string table = (dir / absl::StrCat("table_", size, ".h5")).string();
    WriteTable(table, columns, size);
    for (Command& command : commands) {
      std::vector<std::string> args = {"--server", server, "--timeout", "0"};
      for (const std::string& arg : command.args) {
        args.push_back(arg == "FILE" ? file : arg == "TABLE" ? table : arg);
      }
      const Run run = Latentctl(args, log);
      if (run.exit_code != 0) {
        return Fail(absl::StrCat(command.name, " on ", size, " events failed (exit ", run.exit_code,
                                 "); see ", log));
      }
      std::fprintf(stderr, "%s, %lld events: %.1f MB, %.2f s\n", command.name.c_str(),
                   static_cast<long long>(size), run.peak_mb, run.seconds);
      command.runs.push_back(run);
    }
    std::filesystem::remove(file);
    std::filesystem::remove(table);
  }

  std::printf(
      "Peak resident memory of latentctl (MB, ru_maxrss) and wall time, one run each, "
      "simulated gluino Dark Machines CSV files (sizes in the header), and HDF5 tables of as many "
      "rows of 8 columns\n\n");
  std::string header = "| command |";
  std::string rule = "|---|";
  for (size_t i = 0; i < sizes.size(); ++i) {
    absl::StrAppend(&header, absl::StrFormat(" %lld events (%.1f MB) |",
                                             static_cast<long long>(sizes[i]), file_mb[i]));
    absl::StrAppend(&rule, "---|");
  }
  std::printf("%s largest / smallest | goal |\n%s---|---|\n", header.c_str(), rule.c_str());
  for (const Command& command : commands) {
    std::string row = absl::StrCat("| ", command.name, " |");
    for (const Run& run : command.runs) {
      absl::StrAppend(&row, absl::StrFormat(" %.1f MB, %.2f s |", run.peak_mb, run.seconds));
    }
    const double ratio = command.runs.back().peak_mb / command.runs.front().peak_mb;
    std::printf("%s %.2f | <= %.2f: %s |\n", row.c_str(), ratio, kFlatGoal,
                ratio <= kFlatGoal ? "met" : "NOT met");
  }
  latentd.Kill();
  std::filesystem::remove_all(dir);
  return 0;
}
