// Benchmark: events per second of the built-in simulator (core/sim) on one thread, for one point of
// every family, against the goal of 100,000 events/s per core: generator level only, reconstructed
// events (the simulator's output), and reconstructed events formatted as Dark Machines CSV lines.
// Rates per second of the thread's CPU time (what one core delivers, whatever else the machine
// runs), and for the reconstructed events also per wall-clock second; best of the repetitions.
// Run pinned to one core (scripts/dev bench uses taskset).
//   sim_bench [--events N] [--repeat N]
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/events/darkmachines_writer.h"
#include "core/sim/simulator.h"
#include "tests/core/sim/family_points.h"

namespace latentspace::sim {
namespace {

constexpr double kGoalEventsPerSecond = 100000;

struct Rate {
  double cpu = 0;   // events per second of thread CPU time
  double wall = 0;  // events per wall-clock second
};

double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec + 1e-9 * now.tv_nsec;
}

// Best rates over `repeat` runs of `events` calls of make(index).
template <typename Make>
Rate BestRate(int64_t events, int repeat, const Make& make) {
  Rate best;
  for (int r = 0; r < repeat; ++r) {
    const auto wall_start = std::chrono::steady_clock::now();
    const double cpu_start = ThreadCpuSeconds();
    for (int64_t i = 0; i < events; ++i) make(i);
    const double cpu = ThreadCpuSeconds() - cpu_start;
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    best.cpu = std::max(best.cpu, events / cpu);
    best.wall = std::max(best.wall, events / wall);
  }
  return best;
}

int Main(int argc, char** argv) {
  int64_t events = 200000;
  int repeat = 3;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--events" && i + 1 < argc) {
      events = std::max<int64_t>(1, std::atoll(argv[++i]));
    } else if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else {
      std::fprintf(stderr, "usage: sim_bench [--events N] [--repeat N]\n");
      return 2;
    }
  }
  std::printf(
      "core/sim, one thread, %lld events, best of %d, events per CPU second (and per wall "
      "second); goal %.0f events/s\n",
      static_cast<long long>(events), repeat, kGoalEventsPerSecond);
  std::printf("%-40s %12s %12s %12s %12s %6s\n", "process", "truth ev/s", "events ev/s",
              "(wall ev/s)", "+ CSV ev/s", "goal");
  bool all_met = true;
  for (const testing::FamilyPoint& point : testing::EveryFamilyPoint()) {
    absl::StatusOr<Simulator> simulator = Simulator::Create(point.family, point.parameters, 1);
    if (!simulator.ok()) {
      std::fprintf(stderr, "%s\n", std::string(simulator.status().message()).c_str());
      return 1;
    }
    TruthEvent truth;
    Event event;
    size_t bytes = 0;  // keeps the formatting from being optimised away
    const Rate truth_rate =
        BestRate(events, repeat, [&](int64_t i) { simulator->GenerateTruth(i, &truth); });
    const Rate event_rate =
        BestRate(events, repeat, [&](int64_t i) { simulator->Generate(i, &event); });
    const Rate csv_rate = BestRate(events, repeat, [&](int64_t i) {
      simulator->Generate(i, &event);
      bytes += FormatDarkMachinesLine(event).size();
    });
    const bool met = event_rate.cpu >= kGoalEventsPerSecond;
    all_met = all_met && met;
    std::printf("%-40s %12.0f %12.0f %12.0f %12.0f %6s\n", simulator->process_id().c_str(),
                truth_rate.cpu, event_rate.cpu, event_rate.wall, csv_rate.cpu,
                met ? "met" : "MISSED");
    if (bytes == 0) return 1;
  }
  std::printf("goal of %.0f reconstructed events/s per core: %s\n", kGoalEventsPerSecond,
              all_met ? "met by every family" : "MISSED by some family");
  return 0;
}

}  // namespace
}  // namespace latentspace::sim

int main(int argc, char** argv) { return latentspace::sim::Main(argc, argv); }
