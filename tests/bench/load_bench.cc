// Load on one latentd, for the reliability goal "16 clients for 10 minutes: no unexpected error,
// memory bounded". A real latentd (started here on free ports with its default limits, a small
// encoder trained on the six bundled samples) serves C concurrent SDK clients (own channels and
// connections) for S seconds, each drawing operations from a weighted mix:
//   embed     Embed of 1,000 consecutive bundled events
//   nearest   QueryNearest of a whole bundled sample sent inline (700 to 7,528 events)
//   contours  GetContours at masses 0.5 and 0.9 on the default grid
//   upload    UploadSample of a whole bundled file under a fresh name, then DeleteSample of it
// Every non-OK status is an unexpected error (RESOURCE_EXHAUSTED included: the limits are the
// defaults). Prints latentd's resident memory (VmRSS) every R seconds, a table per method
// (requests, errors, requests/s, latency percentiles) and the memory check: the largest RSS of the
// last minute against that of the first (half the run each when it is shorter than two minutes),
// failing above 1.25x. Exit status 1 on any unexpected error, unbounded memory or a latentd that
// died; the data directory (with latentd.log) is then kept.
//   load_bench [--clients 16] [--seconds 600] [--rss-interval 10]
//              [--mix embed=4,nearest=2,contours=1,upload=1] [--seed 1]
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "client/sdk/client.h"
#include "nlohmann/json.hpp"
#include "tests/bench/bench_server.h"
#include "tests/testing/latentd_process.h"

namespace latentspace {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kEmbedEvents = 1000;
constexpr int kUploadChunkEvents = 500;
constexpr double kMaxMemoryGrowth = 1.25;
constexpr double kMemoryWindowSeconds = 60;
constexpr int kErrorsShown = 5;

enum Operation { kEmbed, kNearest, kContours, kUpload, kOperations };
constexpr const char* kOperationNames[kOperations] = {"embed", "nearest", "contours", "upload"};

// The RPCs timed: the upload operation makes two.
enum Method {
  kEmbedRpc,
  kQueryNearestRpc,
  kGetContoursRpc,
  kUploadSampleRpc,
  kDeleteSampleRpc,
  kMethods
};
constexpr const char* kMethodNames[kMethods] = {"Embed", "QueryNearest", "GetContours",
                                                "UploadSample", "DeleteSample"};

struct Flags {
  int clients = 16;
  double seconds = 600;
  double rss_interval = 10;
  std::vector<double> mix = {4, 2, 1, 1};  // by Operation
  uint32_t seed = 1;
};

bool Usage(const std::string& problem) {
  std::fprintf(stderr,
               "load_bench: %s\nusage: load_bench [--clients 16] [--seconds 600] "
               "[--rss-interval 10] [--mix embed=4,nearest=2,contours=1,upload=1] [--seed 1]\n",
               problem.c_str());
  return false;
}

// "embed=4,nearest=2": the operations named get these weights, the others 0.
bool ParseMix(const std::string& text, std::vector<double>* mix) {
  std::fill(mix->begin(), mix->end(), 0);
  for (absl::string_view entry : absl::StrSplit(text, ',')) {
    std::pair<std::string, std::string> kv = absl::StrSplit(entry, absl::MaxSplits('=', 1));
    const auto* name = std::find(std::begin(kOperationNames), std::end(kOperationNames), kv.first);
    double weight = 0;
    if (name == std::end(kOperationNames) || !absl::SimpleAtod(kv.second, &weight) || weight < 0) {
      return Usage("bad --mix entry '" + std::string(entry) + "'");
    }
    (*mix)[name - std::begin(kOperationNames)] = weight;
  }
  if (*std::max_element(mix->begin(), mix->end()) <= 0) return Usage("--mix weighs nothing");
  return true;
}

bool ParseFlags(int argc, char** argv, Flags* flags) {
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (i + 1 == argc) return Usage(flag + " needs a value");
    const std::string value = argv[i + 1];
    bool ok = true;
    if (flag == "--clients") {
      ok = absl::SimpleAtoi(value, &flags->clients) && flags->clients > 0;
    } else if (flag == "--seconds") {
      ok = absl::SimpleAtod(value, &flags->seconds) && flags->seconds > 0;
    } else if (flag == "--rss-interval") {
      ok = absl::SimpleAtod(value, &flags->rss_interval) && flags->rss_interval > 0;
    } else if (flag == "--mix") {
      if (!ParseMix(value, &flags->mix)) return false;
    } else if (flag == "--seed") {
      ok = absl::SimpleAtoi(value, &flags->seed);
    } else {
      return Usage("unknown flag " + flag);
    }
    if (!ok) return Usage("bad value '" + value + "' for " + flag);
  }
  return true;
}

// The bundled samples with their names and theory parameters (data/darkmachines/samples.json).
std::vector<bench::BundledSample> BundledSamples() {
  const nlohmann::json index = nlohmann::json::parse(
      testing::ReadFile(testing::BundledDataDir() + "/samples.json"), nullptr, false);
  std::vector<bench::BundledSample> samples;
  if (index.is_discarded()) return samples;
  for (const nlohmann::json& entry : index["samples"]) {
    bench::BundledSample& sample = samples.emplace_back();
    sample.name = entry["name"].get<std::string>();
    sample.file = entry["file"].get<std::string>();
    sample.parameters = entry["parameters"].get<std::map<std::string, double>>();
  }
  return samples;
}

// latentd's resident memory in MiB, or nothing once it has exited.
std::optional<double> ResidentMiB(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atof(line.c_str() + 6) / 1024;  // kB
  }
  return std::nullopt;
}

// Unexpected errors by method and code, printing the first few messages as they come.
class ErrorLog {
 public:
  void Add(Method method, const absl::Status& status, double at_seconds) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (total_++ < kErrorsShown) {
      std::fprintf(stderr, "  error at %.1f s: %s %s\n", at_seconds, kMethodNames[method],
                   status.ToString().c_str());
    }
    ++counts_[{method, status.code()}];
  }
  int64_t total() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return total_;
  }
  std::map<std::pair<Method, absl::StatusCode>, int64_t> counts() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return counts_;
  }

 private:
  mutable std::mutex mutex_;
  int64_t total_ = 0;
  std::map<std::pair<Method, absl::StatusCode>, int64_t> counts_;
};

// The requests every client draws from, built once from the bundled samples' events.
struct Workload {
  std::vector<bench::BundledSample> samples;
  std::vector<std::vector<v1::Event>> events;    // by sample
  std::vector<v1::EmbedRequest> embeds;          // kEmbedEvents consecutive events each
  std::vector<v1::QueryNearestRequest> nearest;  // one per sample, all its events
  v1::GetContoursRequest contours;
};

Workload BuildWorkload(std::vector<bench::BundledSample> samples,
                       std::vector<std::vector<v1::Event>> events, const std::string& encoder) {
  Workload w{std::move(samples), std::move(events), {}, {}, {}};
  v1::EncoderRef ref;
  ref.set_name(encoder);
  for (const std::vector<v1::Event>& sample : w.events) {
    v1::QueryNearestRequest& nearest = w.nearest.emplace_back();
    *nearest.mutable_encoder() = ref;
    nearest.mutable_events()->mutable_events()->mutable_events()->Add(sample.begin(), sample.end());
    for (size_t begin = 0; begin + kEmbedEvents <= sample.size(); begin += kEmbedEvents) {
      v1::EmbedRequest& embed = w.embeds.emplace_back();
      *embed.mutable_encoder() = ref;
      embed.mutable_batch()->mutable_events()->mutable_events()->Add(
          sample.begin() + static_cast<std::ptrdiff_t>(begin),
          sample.begin() + static_cast<std::ptrdiff_t>(begin + kEmbedEvents));
    }
  }
  *w.contours.mutable_encoder() = ref;
  w.contours.add_masses(0.5);
  w.contours.add_masses(0.9);
  return w;
}

// One client's loop until `stop`: latencies in seconds by method.
class LoadClient {
 public:
  LoadClient(int id, const std::string& address, const Flags& flags, const Workload& workload,
             Clock::time_point start, ErrorLog* errors, std::atomic<int64_t>* requests)
      : id_(id),
        client_(bench::OwnChannel(address, id), Options(address)),
        workload_(workload),
        start_(start),
        errors_(errors),
        requests_(requests),
        random_(flags.seed + static_cast<uint32_t>(id)),
        mix_(flags.mix.begin(), flags.mix.end()) {}

  // Until `stop`, or until latentd is found gone.
  void Run(Clock::time_point stop, const std::atomic<bool>& latentd_gone) {
    while (Clock::now() < stop && !latentd_gone) {
      switch (mix_(random_)) {
        case kEmbed:
          Time(kEmbedRpc, [&] { return client_.Embed(Pick(workload_.embeds)).status(); });
          break;
        case kNearest:
          Time(kQueryNearestRpc,
               [&] { return client_.QueryNearest(Pick(workload_.nearest)).status(); });
          break;
        case kContours:
          Time(kGetContoursRpc, [&] { return client_.GetContours(workload_.contours).status(); });
          break;
        case kUpload:
          UploadAndDelete();
          break;
      }
    }
  }

  const std::vector<double>& latencies(Method method) const { return latencies_[method]; }

 private:
  static ClientOptions Options(const std::string& address) {
    ClientOptions options;
    options.target = address;
    options.max_retries = 0;  // every UNAVAILABLE counts
    return options;
  }

  template <typename T>
  const T& Pick(const std::vector<T>& from) {
    return from[std::uniform_int_distribution<size_t>(0, from.size() - 1)(random_)];
  }

  // Runs `call` (returning its absl::Status) and records its latency and any error.
  template <typename Call>
  bool Time(Method method, const Call& call) {
    const Clock::time_point t0 = Clock::now();
    const absl::Status status = call();
    const Clock::time_point t1 = Clock::now();
    latencies_[method].push_back(std::chrono::duration<double>(t1 - t0).count());
    ++*requests_;
    if (!status.ok()) {
      errors_->Add(method, status, std::chrono::duration<double>(t1 - start_).count());
    }
    return status.ok();
  }

  void UploadAndDelete() {
    const size_t index =
        std::uniform_int_distribution<size_t>(0, workload_.samples.size() - 1)(random_);
    const bench::BundledSample& sample = workload_.samples[index];
    const std::vector<v1::Event>& events = workload_.events[index];
    v1::SampleHeader header;
    header.set_name("load-" + std::to_string(id_) + "-" + std::to_string(uploads_++));
    header.mutable_parameters()->insert(sample.parameters.begin(), sample.parameters.end());
    header.set_source_format("darkmachines");
    const bool stored = Time(kUploadSampleRpc, [&] {
      size_t next = 0;
      return client_
          .UploadSample(header,
                        [&](std::vector<v1::Event>* chunk) {
                          const size_t end = std::min(events.size(), next + kUploadChunkEvents);
                          chunk->assign(events.begin() + static_cast<std::ptrdiff_t>(next),
                                        events.begin() + static_cast<std::ptrdiff_t>(end));
                          next = end;
                          return next < events.size();
                        })
          .status();
    });
    if (stored) {
      Time(kDeleteSampleRpc, [&] { return client_.DeleteSample(header.name()).status(); });
    }
  }

  const int id_;
  Client client_;
  const Workload& workload_;
  const Clock::time_point start_;
  ErrorLog* errors_;
  std::atomic<int64_t>* requests_;
  std::mt19937 random_;
  std::discrete_distribution<int> mix_;
  int64_t uploads_ = 0;
  std::vector<double> latencies_[kMethods];
};

struct RssSample {
  double seconds;
  double mib;
};

// Samples latentd's RSS every `interval` seconds from `start` until `stop`, printing each sample
// with the requests and errors so far. Stops early, setting *gone, when latentd has exited.
void SampleMemory(pid_t pid, Clock::time_point start, Clock::time_point stop, double interval,
                  const std::atomic<int64_t>& requests, const ErrorLog& errors,
                  std::vector<RssSample>* series, std::atomic<bool>* gone) {
  std::printf("%8s %10s %10s %8s\n", "t s", "RSS MiB", "requests", "errors");
  for (int i = 0;; ++i) {
    const double seconds = i * interval;
    const Clock::time_point at =
        start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    if (at > stop) return;
    std::this_thread::sleep_until(at);
    const std::optional<double> mib = ResidentMiB(pid);
    if (!mib) {
      *gone = true;
      return;
    }
    series->push_back({seconds, *mib});
    std::printf("%8.0f %10.1f %10lld %8lld\n", seconds, *mib,
                static_cast<long long>(requests.load()), static_cast<long long>(errors.total()));
    std::fflush(stdout);
  }
}

// The largest RSS of the samples taken in [from, to] seconds.
double MaxRss(const std::vector<RssSample>& series, double from, double to) {
  double max = 0;
  for (const RssSample& s : series) {
    if (s.seconds >= from && s.seconds <= to) max = std::max(max, s.mib);
  }
  return max;
}

void PrintMethodTable(const std::vector<std::unique_ptr<LoadClient>>& clients,
                      const ErrorLog& errors, double elapsed) {
  std::printf("\n%-14s %9s %7s %9s %9s %9s %9s %9s\n", "method", "requests", "errors", "req/s",
              "p50 ms", "p90 ms", "p99 ms", "max ms");
  const auto counts = errors.counts();
  for (int m = 0; m < kMethods; ++m) {
    std::vector<double> all;
    for (const auto& client : clients) {
      const std::vector<double>& l = client->latencies(static_cast<Method>(m));
      all.insert(all.end(), l.begin(), l.end());
    }
    int64_t failed = 0;
    for (const auto& [key, count] : counts) failed += key.first == m ? count : 0;
    std::printf("%-14s %9zu %7lld %9.2f %9.1f %9.1f %9.1f %9.1f\n", kMethodNames[m], all.size(),
                static_cast<long long>(failed), all.size() / elapsed,
                1e3 * bench::Percentile(all, 0.5), 1e3 * bench::Percentile(all, 0.9),
                1e3 * bench::Percentile(all, 0.99), 1e3 * bench::Percentile(all, 1.0));
  }
  std::printf("\nunexpected errors: %s\n", counts.empty() ? "none" : "");
  for (const auto& [key, count] : counts) {
    std::printf("  %-14s %-20s %lld\n", kMethodNames[key.first],
                absl::StatusCodeToString(key.second).c_str(), static_cast<long long>(count));
  }
}

// Prints the memory check; true when bounded.
bool PrintMemoryCheck(const std::vector<RssSample>& series, double seconds) {
  if (series.empty()) return false;
  const double window = std::min(kMemoryWindowSeconds, seconds / 2);
  const double first = MaxRss(series, 0, window);
  const double last = MaxRss(series, seconds - window, seconds);
  const double ratio = first > 0 ? last / first : 0;
  const bool bounded = ratio > 0 && ratio <= kMaxMemoryGrowth;
  std::printf(
      "\nresident memory: max %.1f MiB; first %.0f s max %.1f MiB, last %.0f s max %.1f MiB, "
      "ratio %.3f (limit %.2f): %s\n",
      MaxRss(series, 0, seconds), window, first, window, last, ratio, kMaxMemoryGrowth,
      bounded ? "bounded" : "UNBOUNDED");
  return bounded;
}

int Main(int argc, char** argv) {
  Flags flags;
  if (!ParseFlags(argc, argv, &flags)) return 2;
  const std::string data_dir =
      std::filesystem::temp_directory_path().string() + "/load_bench_" + std::to_string(getpid());
  testing::LatentdProcess latentd(data_dir, {"--device", "cpu"});
  if (!latentd.Start()) {
    std::fprintf(stderr, "load_bench: latentd did not start:\n%s\n", latentd.log().c_str());
    return 1;
  }
  // A small encoder: one initialisation of a few epochs on all bundled samples.
  std::vector<bench::BundledSample> samples = BundledSamples();
  v1::TrainingRequest training;
  training.set_encoder("load");
  training.set_epochs(5);
  training.set_initialisations(1);
  std::vector<std::vector<v1::Event>> events;
  if (absl::Status status = bench::UploadAndTrain(latentd.address(), samples, training, &events);
      !status.ok()) {
    std::fprintf(stderr, "load_bench: %s\n", std::string(status.message()).c_str());
    return 1;
  }
  const Workload workload = BuildWorkload(std::move(samples), std::move(events), "load");

  std::printf("Load on latentd (pid %d): %d clients, %.0f s, mix", latentd.pid(), flags.clients,
              flags.seconds);
  for (int op = 0; op < kOperations; ++op) {
    std::printf(" %s=%g", kOperationNames[op], flags.mix[op]);
  }
  std::printf(", seed %u\n", flags.seed);
  ErrorLog errors;
  std::atomic<int64_t> requests{0};
  const Clock::time_point start = Clock::now();
  const Clock::time_point stop = start + std::chrono::duration_cast<Clock::duration>(
                                             std::chrono::duration<double>(flags.seconds));
  std::atomic<bool> latentd_gone{false};
  std::vector<std::unique_ptr<LoadClient>> clients;
  std::vector<std::thread> threads;
  for (int c = 0; c < flags.clients; ++c) {
    clients.push_back(std::make_unique<LoadClient>(c, latentd.address(), flags, workload, start,
                                                   &errors, &requests));
    threads.emplace_back(
        [&client = *clients.back(), stop, &latentd_gone] { client.Run(stop, latentd_gone); });
  }
  std::vector<RssSample> series;
  SampleMemory(latentd.pid(), start, stop, flags.rss_interval, requests, errors, &series,
               &latentd_gone);
  for (std::thread& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();

  PrintMethodTable(clients, errors, elapsed);
  bool passed = errors.total() == 0;
  if (latentd_gone) {
    std::printf(
        "\nlatentd died after its last RSS sample at %.0f s (no memory check); its log:\n%s\n",
        series.empty() ? 0 : series.back().seconds, latentd.log().c_str());
    passed = false;
  } else {
    passed = PrintMemoryCheck(series, flags.seconds) && passed;
    if (const int exit_status = latentd.Terminate(); exit_status != 0) {
      std::printf("latentd exited with status %d on SIGTERM\n", exit_status);
      passed = false;
    }
  }
  if (passed) {
    std::filesystem::remove_all(data_dir);
  } else {
    std::printf("FAILED; latentd's data directory and log are kept in %s\n", data_dir.c_str());
  }
  return passed ? 0 : 1;
}

}  // namespace
}  // namespace latentspace

int main(int argc, char** argv) { return latentspace::Main(argc, argv); }
