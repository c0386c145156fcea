// Tests server/metrics/process_metrics.h: /proc parsing (odd command names, malformed text), live
// values for this process, and the registered families.
#include "server/metrics/process_metrics.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/metrics/text_exposition.h"

namespace latentspace::metrics {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// 52 fields as in Linux 6.x; utime=14, stime=15, starttime=22, vsize=23, rss=24.
constexpr char kStat[] =
    "4242 (latentd) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 50 0 0 20 0 9 0 123456 "
    "104857600 2560 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 "
    "0 0\n";

TEST(MetricsProcessMetricsTest, ParsesProcStat) {
  absl::StatusOr<ProcStat> stat = ParseProcStat(kStat);
  ASSERT_TRUE(stat.ok()) << stat.status();
  EXPECT_EQ(stat->user_ticks, 250);
  EXPECT_EQ(stat->system_ticks, 50);
  EXPECT_EQ(stat->start_ticks, 123456);
  EXPECT_EQ(stat->virtual_bytes, 104857600);
  EXPECT_EQ(stat->resident_pages, 2560);
}

TEST(MetricsProcessMetricsTest, CommandNamesMayHoldSpacesAndParentheses) {
  std::string stat = kStat;
  stat.replace(stat.find("(latentd)"), 9, "(lat) ent d))");
  absl::StatusOr<ProcStat> parsed = ParseProcStat(stat);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->user_ticks, 250);
  EXPECT_EQ(parsed->resident_pages, 2560);
}

TEST(MetricsProcessMetricsTest, MalformedProcStatIsInvalidArgument) {
  EXPECT_EQ(ParseProcStat("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseProcStat("1 (x) S 1 2 3").status().code(), absl::StatusCode::kInvalidArgument);
  std::string stat = kStat;
  stat.replace(stat.find(" 250 "), 5, " abc ");
  const absl::Status status = ParseProcStat(stat).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("field 14"));
}

TEST(MetricsProcessMetricsTest, ParsesBootTime) {
  absl::StatusOr<double> boot =
      ParseBootTime("cpu  1 2 3\nintr 5 6\nctxt 77\nbtime 1712345678\nprocesses 9\n");
  ASSERT_TRUE(boot.ok()) << boot.status();
  EXPECT_EQ(*boot, 1712345678);
  EXPECT_EQ(ParseBootTime("cpu 1 2 3\n").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(MetricsProcessMetricsTest, ReadsPlausibleValuesForThisProcess) {
  absl::StatusOr<ProcessStats> before = ReadProcessStats();
  ASSERT_TRUE(before.ok()) << before.status();
  const int fd = open("/proc/self/stat", O_RDONLY);
  ASSERT_GE(fd, 0);
  absl::StatusOr<ProcessStats> stats = ReadProcessStats();
  close(fd);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->open_fds, before->open_fds + 1);
  EXPECT_GE(stats->open_fds, 3);  // stdin, stdout, stderr (and our fd)
  EXPECT_GE(stats->max_fds, stats->open_fds);
  EXPECT_GT(stats->resident_memory_bytes, 0);
  EXPECT_GE(stats->virtual_memory_bytes, stats->resident_memory_bytes);
  EXPECT_GE(stats->cpu_seconds, 0);
  const double now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_LE(stats->start_time_seconds, now + 1);
  EXPECT_GT(stats->start_time_seconds, now - 3600);  // this test started less than an hour ago
}

TEST(MetricsProcessMetricsTest, RegistersTheStandardFamiliesRefreshedOnCollect) {
  Registry registry;
  const Registry::CollectableId id = RegisterProcessMetrics(registry);
  const std::string text = ExposeText(registry);
  for (const char* line :
       {"# TYPE process_cpu_seconds_total counter\n", "# TYPE process_max_fds gauge\n",
        "# TYPE process_open_fds gauge\n", "# TYPE process_resident_memory_bytes gauge\n",
        "# TYPE process_start_time_seconds gauge\n",
        "# TYPE process_virtual_memory_bytes gauge\n"}) {
    EXPECT_THAT(text, HasSubstr(line));
  }
  EXPECT_THAT(text, Not(HasSubstr("process_open_fds 0\n")));
  EXPECT_THAT(text, Not(HasSubstr("process_resident_memory_bytes 0\n")));

  // Burn some CPU: the counter follows it, never going down.
  const std::vector<FamilySnapshot> first = registry.Collect();
  volatile double sink = 0;
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(50);
  while (std::chrono::steady_clock::now() < until) sink = sink + 1;
  const std::vector<FamilySnapshot> second = registry.Collect();
  ASSERT_EQ(first[0].name, "process_cpu_seconds_total");
  EXPECT_GE(second[0].metrics[0].value, first[0].metrics[0].value);
  registry.RemoveCollectable(id);
}

}  // namespace
}  // namespace latentspace::metrics
