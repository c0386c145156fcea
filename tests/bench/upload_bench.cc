// Upload throughput of latentd over loopback gRPC (issue 21 item 2): the same events, read once
// from the bundled Dark Machines files and repeated to N, uploaded through the C++ SDK as Event
// messages (the anchor: UploadSample) and as columns (UploadSampleColumns), each R times
// alternately on one latentd; the client's conversion from its in-memory events is part of each
// upload, reading the files is not. Then the Python client (upload_bench.py) uploads numpy arrays
// of the same shape as columns (goal: at least 1,000,000 events/s) and, for a tenth of them, as
// Event messages. Prints one table: median and range over the repetitions, events/s, the ratio
// against the C++ message upload (goal for the columns: at least 3x).
//   upload_bench [--events 200000] [--repeat 3] [--python /usr/bin/python3]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/cli/file_events_to_proto.h"
#include "client/sdk/client.h"
#include "core/status_macros.h"
#include "nlohmann/json.hpp"
#include "tests/testing/build_paths.h"
#include "tests/testing/latentd_process.h"
#include "tests/testing/paths.h"
#include "tests/testing/run_command.h"

namespace latentspace {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kChunkEvents = 10000;
constexpr double kColumnsGoal = 3;
constexpr double kPythonGoal = 1e6;

int Fail(const std::string& what) {
  std::fprintf(stderr, "upload_bench: %s\n", what.c_str());
  return 1;
}

// Every event of the bundled files, repeated to `n`.
absl::StatusOr<std::vector<Event>> BenchEvents(int64_t n) {
  std::vector<Event> pool;
  for (const auto& entry : std::filesystem::directory_iterator(testing::BundledDataDir())) {
    if (!absl::EndsWith(entry.path().string(), ".csv.gz")) continue;
    LATENT_ASSIGN_OR_RETURN(std::vector<Event> events,
                            ReadEventFile(entry.path().string(), EventFormat::kDarkMachines));
    pool.insert(pool.end(), events.begin(), events.end());
  }
  if (pool.empty()) return absl::NotFoundError("no bundled .csv.gz files");
  std::vector<Event> events;
  events.reserve(n);
  for (int64_t i = 0; i < n; ++i) events.push_back(pool[i % pool.size()]);
  return events;
}

// Seconds of each repetition of one way of uploading.
struct Timings {
  std::string form;
  int64_t events = 0;
  std::vector<double> seconds;

  double Median() const {
    std::vector<double> sorted = seconds;
    std::sort(sorted.begin(), sorted.end());
    const size_t n = sorted.size();
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
  double Rate() const { return static_cast<double>(events) / Median(); }
};

// One upload of `events` as sample `name` through the SDK, as messages or as columns.
absl::StatusOr<double> TimeUpload(Client& client, const std::vector<Event>& events,
                                  const std::string& name, bool columns) {
  v1::SampleHeader header;
  header.set_name(name);
  header.set_overwrite(true);
  size_t next = 0;
  const Clock::time_point start = Clock::now();
  absl::StatusOr<v1::Sample> sample;
  if (columns) {
    sample = client.UploadSampleColumns(header, [&](v1::EventColumns* chunk) {
      EventColumnsBuilder builder(chunk);
      for (const size_t end = std::min(events.size(), next + kChunkEvents); next < end; ++next) {
        cli::AppendToColumns(events[next], builder);
      }
      return next < events.size();
    });
  } else {
    sample = client.UploadSample(header, [&](std::vector<v1::Event>* chunk) {
      for (const size_t end = std::min(events.size(), next + kChunkEvents); next < end; ++next) {
        cli::ToProtoEvent(events[next], &chunk->emplace_back());
      }
      return next < events.size();
    });
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (!sample.ok()) return sample.status();
  if (sample->num_events() != static_cast<int64_t>(events.size())) {
    return absl::InternalError(
        absl::StrCat("stored ", sample->num_events(), " events of ", events.size()));
  }
  return seconds;
}

std::string Row(const Timings& timings, double anchor_rate, const std::string& goal) {
  const auto [low, high] = std::minmax_element(timings.seconds.begin(), timings.seconds.end());
  return absl::StrFormat("| %s | %d | %.3f [%.3f, %.3f] | %.0f | %.2f | %s |", timings.form,
                         timings.events, timings.Median(), *low, *high, timings.Rate(),
                         timings.Rate() / anchor_rate, goal);
}

int Main(int argc, char** argv) {
  int64_t n = 200000;
  int repeat = 3;
  std::string python = "/usr/bin/python3";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--events") n = std::atoll(argv[i + 1]);
    if (flag == "--repeat") repeat = std::atoi(argv[i + 1]);
    if (flag == "--python") python = argv[i + 1];
  }
  absl::StatusOr<std::vector<Event>> events = BenchEvents(n);
  if (!events.ok()) return Fail(std::string(events.status().message()));
  const std::string data_dir =
      std::filesystem::temp_directory_path().string() + "/upload_bench_" + std::to_string(getpid());
  testing::LatentdProcess latentd(data_dir, {"--device", "cpu", "--max-events-per-sample",
                                             std::to_string(std::max<int64_t>(n, 1000000))});
  if (!latentd.Start()) return Fail("latentd did not start:\n" + latentd.log());
  ClientOptions options;
  options.target = latentd.address();
  absl::StatusOr<Client> client = Client::Create(options);
  if (!client.ok()) return Fail(std::string(client.status().message()));

  Timings messages{"C++ SDK, Event messages (anchor)", n, {}};
  Timings columns{"C++ SDK, EventColumns", n, {}};
  for (int r = 0; r < repeat; ++r) {
    for (Timings* timings : {&messages, &columns}) {
      absl::StatusOr<double> seconds = TimeUpload(*client, *events, "bench", timings == &columns);
      if (!seconds.ok())
        return Fail(timings->form + ": " + std::string(seconds.status().message()));
      timings->seconds.push_back(*seconds);
      std::fprintf(stderr, "%s, repetition %d: %.3f s\n", timings->form.c_str(), r + 1, *seconds);
    }
  }
  // The Python client in the same run, on the same latentd.
  const std::string source = testing::SourceDir();
  const testing::CommandResult result = testing::RunCommand(
      absl::StrCat("'", python, "' '", source, "/tests/bench/upload_bench.py' --address ",
                   latentd.address(), " --events ", n, " --repeat ", repeat, " --pythonpath '",
                   source, "/client/python:", testing::BinaryDir(), "/client/python'"));
  if (result.exit_code != 0) return Fail("upload_bench.py failed:\n" + result.output);
  std::vector<Timings> python_rows;
  try {
    for (const auto& row : nlohmann::json::parse(result.output)) {
      python_rows.push_back({row.at("form").get<std::string>(), row.at("events").get<int64_t>(),
                             row.at("seconds").get<std::vector<double>>()});
    }
  } catch (const nlohmann::json::exception& error) {
    return Fail(absl::StrCat("upload_bench.py printed ", error.what(), ":\n", result.output));
  }

  const double anchor = messages.Rate();
  std::printf(
      "Upload throughput over loopback, one latentd, %d repetitions (median [min, max])\n\n",
      repeat);
  std::printf("| upload | events | seconds | events/s | x anchor | goal |\n");
  std::printf("|---|---|---|---|---|---|\n");
  std::printf("%s\n", Row(messages, anchor, "anchor").c_str());
  std::printf("%s\n",
              Row(columns, anchor,
                  absl::StrFormat(">= %.0fx: %s", kColumnsGoal,
                                  columns.Rate() >= kColumnsGoal * anchor ? "met" : "NOT met"))
                  .c_str());
  for (const Timings& row : python_rows) {
    const bool is_columns = absl::StrContains(row.form, "EventColumns");
    std::printf("%s\n",
                Row(row, anchor,
                    is_columns ? absl::StrFormat(">= %.0f events/s: %s", kPythonGoal,
                                                 row.Rate() >= kPythonGoal ? "met" : "NOT met")
                               : "-")
                    .c_str());
  }
  std::error_code ignored;
  std::filesystem::remove_all(data_dir, ignored);
  return 0;
}

}  // namespace
}  // namespace latentspace

int main(int argc, char** argv) {
  try {
    return latentspace::Main(argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "upload_bench: %s\n", error.what());
    return 1;
  }
}
