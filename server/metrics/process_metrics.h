// Standard Prometheus process metrics (the names the Go and Python clients use), read from
// /proc/self on every scrape through a Registry collectable:
//   process_cpu_seconds_total, process_resident_memory_bytes, process_virtual_memory_bytes,
//   process_open_fds, process_max_fds, process_start_time_seconds.
#ifndef LATENTSPACE_SERVER_METRICS_PROCESS_METRICS_H_
#define LATENTSPACE_SERVER_METRICS_PROCESS_METRICS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/metrics/registry.h"

namespace latentspace::metrics {

struct ProcessStats {
  double cpu_seconds = 0;  // user + system
  double resident_memory_bytes = 0;
  double virtual_memory_bytes = 0;
  double open_fds = 0;
  double max_fds = 0;             // soft RLIMIT_NOFILE; +Inf when unlimited
  double start_time_seconds = 0;  // Unix time
};

// The fields of /proc/[pid]/stat that ProcessStats needs, in the kernel's units.
struct ProcStat {
  double user_ticks = 0;      // field 14, utime
  double system_ticks = 0;    // field 15, stime
  double start_ticks = 0;     // field 22, starttime (since boot)
  double virtual_bytes = 0;   // field 23, vsize
  double resident_pages = 0;  // field 24, rss
};

// Parses /proc/[pid]/stat; the command name (field 2) may contain spaces and parentheses.
// INVALID_ARGUMENT naming the problem when the text is malformed.
absl::StatusOr<ProcStat> ParseProcStat(absl::string_view contents);

// The "btime" (boot time, Unix seconds) line of /proc/stat.
absl::StatusOr<double> ParseBootTime(absl::string_view proc_stat_contents);

// Reads the current process's stats. NOT_FOUND/INVALID_ARGUMENT when /proc is missing or
// unreadable (or UNIMPLEMENTED off Linux).
absl::StatusOr<ProcessStats> ReadProcessStats();

// Registers the six families and a collectable that refreshes them before every exposition (a
// failed read keeps the previous values). Aborts if the names are taken by other families (see
// DieIfError). Returns the collectable, for Registry::RemoveCollectable.
Registry::CollectableId RegisterProcessMetrics(Registry& registry);

}  // namespace latentspace::metrics

#endif  // LATENTSPACE_SERVER_METRICS_PROCESS_METRICS_H_
