// Process metrics from /proc/self (stat, fd/) and getrlimit, refreshed by a collectable.
#include "server/metrics/process_metrics.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "core/status_macros.h"

namespace latentspace::metrics {
namespace {

absl::StatusOr<std::string> ReadProcFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

absl::StatusOr<double> CountOpenFds() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) {
    return absl::NotFoundError(absl::StrCat("cannot list /proc/self/fd: ", std::strerror(errno)));
  }
  // The directory stream holds a descriptor of its own; it is not one of the process's.
  const std::string own_fd = std::to_string(dirfd(dir));
  double count = 0;
  while (const dirent* entry = readdir(dir)) {
    const absl::string_view name = entry->d_name;
    if (name == "." || name == ".." || name == own_fd) continue;
    ++count;
  }
  closedir(dir);
  return count;
}

double MaxFds() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur == RLIM_INFINITY) return std::numeric_limits<double>::infinity();
  return static_cast<double>(limit.rlim_cur);
}

}  // namespace

absl::StatusOr<ProcStat> ParseProcStat(absl::string_view contents) {
  // "pid (comm) state ppid ...": comm may hold anything, so split after its last ')'.
  const size_t close = contents.rfind(')');
  if (close == absl::string_view::npos) {
    return absl::InvalidArgumentError("/proc stat has no ')' closing the command name");
  }
  const std::vector<absl::string_view> fields =
      absl::StrSplit(contents.substr(close + 1), ' ', absl::SkipWhitespace());
  // fields[0] is field 3 (state), so field N is fields[N - 3].
  constexpr size_t kLastField = 24;
  if (fields.size() < kLastField - 2) {
    return absl::InvalidArgumentError(absl::StrCat("/proc stat has ", fields.size() + 2,
                                                   " fields, expected at least ", kLastField));
  }
  ProcStat stat;
  const std::pair<int, double*> wanted[] = {{14, &stat.user_ticks},
                                            {15, &stat.system_ticks},
                                            {22, &stat.start_ticks},
                                            {23, &stat.virtual_bytes},
                                            {24, &stat.resident_pages}};
  for (const auto& [field, target] : wanted) {
    const absl::string_view text = absl::StripAsciiWhitespace(fields[field - 3]);
    if (!absl::SimpleAtod(text, target)) {
      return absl::InvalidArgumentError(
          absl::StrCat("/proc stat field ", field, " is \"", text, "\", not a number"));
    }
  }
  return stat;
}

absl::StatusOr<double> ParseBootTime(absl::string_view proc_stat_contents) {
  for (absl::string_view line : absl::StrSplit(proc_stat_contents, '\n')) {
    if (absl::ConsumePrefix(&line, "btime ")) {
      double boot_time = 0;
      if (!absl::SimpleAtod(absl::StripAsciiWhitespace(line), &boot_time)) {
        return absl::InvalidArgumentError(absl::StrCat("/proc/stat btime is \"", line, "\""));
      }
      return boot_time;
    }
  }
  return absl::InvalidArgumentError("/proc/stat has no btime line");
}

absl::StatusOr<ProcessStats> ReadProcessStats() {
#ifndef __linux__
  return absl::UnimplementedError("process metrics need Linux /proc");
#else
  LATENT_ASSIGN_OR_RETURN(std::string stat_text, ReadProcFile("/proc/self/stat"));
  LATENT_ASSIGN_OR_RETURN(ProcStat stat, ParseProcStat(stat_text));
  LATENT_ASSIGN_OR_RETURN(std::string system_stat_text, ReadProcFile("/proc/stat"));
  LATENT_ASSIGN_OR_RETURN(double boot_time, ParseBootTime(system_stat_text));
  LATENT_ASSIGN_OR_RETURN(double open_fds, CountOpenFds());

  const double ticks_per_second = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page_size = static_cast<double>(sysconf(_SC_PAGESIZE));
  ProcessStats stats;
  stats.cpu_seconds = (stat.user_ticks + stat.system_ticks) / ticks_per_second;
  stats.resident_memory_bytes = stat.resident_pages * page_size;
  stats.virtual_memory_bytes = stat.virtual_bytes;
  stats.open_fds = open_fds;
  stats.max_fds = MaxFds();
  stats.start_time_seconds = boot_time + stat.start_ticks / ticks_per_second;
  return stats;
#endif
}

Registry::CollectableId RegisterProcessMetrics(Registry& registry) {
  Counter* cpu = &BuildCounter()
                      .Name("process_cpu_seconds_total")
                      .Help("Total user and system CPU time spent in seconds.")
                      .Register(registry)
                      .Add({});
  Gauge* resident = &BuildGauge()
                         .Name("process_resident_memory_bytes")
                         .Help("Resident memory size in bytes.")
                         .Register(registry)
                         .Add({});
  Gauge* virtual_memory = &BuildGauge()
                               .Name("process_virtual_memory_bytes")
                               .Help("Virtual memory size in bytes.")
                               .Register(registry)
                               .Add({});
  Gauge* open_fds = &BuildGauge()
                         .Name("process_open_fds")
                         .Help("Number of open file descriptors.")
                         .Register(registry)
                         .Add({});
  Gauge* max_fds = &BuildGauge()
                        .Name("process_max_fds")
                        .Help("Maximum number of open file descriptors.")
                        .Register(registry)
                        .Add({});
  Gauge* start_time = &BuildGauge()
                           .Name("process_start_time_seconds")
                           .Help("Start time of the process since unix epoch in seconds.")
                           .Register(registry)
                           .Add({});
  return registry.AddCollectable([cpu, resident, virtual_memory, open_fds, max_fds, start_time] {
    absl::StatusOr<ProcessStats> stats = ReadProcessStats();
    if (!stats.ok()) return;  // keep the previous values
    cpu->AdvanceTo(stats->cpu_seconds);
    resident->Set(stats->resident_memory_bytes);
    virtual_memory->Set(stats->virtual_memory_bytes);
    open_fds->Set(stats->open_fds);
    max_fds->Set(stats->max_fds);
    start_time->Set(stats->start_time_seconds);
  });
}

}  // namespace latentspace::metrics
