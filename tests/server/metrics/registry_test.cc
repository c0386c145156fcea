// Tests server/metrics/registry.h and family.h: builders, children, Remove, name and conflict
// checks, constant labels, collectables, snapshot order, concurrent creation and updates.
#include "server/metrics/registry.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace::metrics {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> FamilyNames(const std::vector<FamilySnapshot>& families) {
  std::vector<std::string> names;
  for (const FamilySnapshot& family : families) names.push_back(family.name);
  return names;
}

TEST(MetricsRegistryTest, BuilderRegistersAndAddReturnsStableChildren) {
  Registry registry;
  Family<Counter>& requests =
      BuildCounter().Name("latent_rpc_requests_total").Help("RPCs handled.").Register(registry);
  EXPECT_EQ(requests.name(), "latent_rpc_requests_total");
  EXPECT_EQ(requests.help(), "RPCs handled.");
  EXPECT_EQ(requests.type(), MetricType::kCounter);

  Counter& embed_ok = requests.Add({{"method", "Embed"}, {"code", "OK"}});
  Counter& embed_ok_again = requests.Add({{"code", "OK"}, {"method", "Embed"}});
  EXPECT_EQ(&embed_ok, &embed_ok_again);
  Counter& train_ok = requests.Add({{"method", "Train"}, {"code", "OK"}});
  EXPECT_NE(&embed_ok, &train_ok);
  // Adding more children must not move existing ones.
  for (int i = 0; i < 100; ++i) requests.Add({{"method", "M" + std::to_string(i)}});
  EXPECT_EQ(&requests.Add({{"method", "Embed"}, {"code", "OK"}}), &embed_ok);
  EXPECT_EQ(requests.size(), 102u);
  EXPECT_TRUE(requests.Has({{"method", "Train"}, {"code", "OK"}}));
  EXPECT_FALSE(requests.Has({{"method", "Train"}}));
}

TEST(MetricsRegistryTest, RegisteringTheSameFamilyAgainReturnsIt) {
  Registry registry;
  Family<Gauge>& first = BuildGauge().Name("latent_jobs").Help("Jobs by state.").Register(registry);
  Family<Gauge>& second =
      BuildGauge().Name("latent_jobs").Help("Jobs by state.").Register(registry);
  EXPECT_EQ(&first, &second);
}

TEST(MetricsRegistryTest, ConflictingRegistrationsAreAlreadyExists) {
  Registry registry;
  BuildGauge().Name("latent_jobs").Help("Jobs by state.").Register(registry);
  BuildHistogram().Name("latent_rpc_duration_seconds").Help("Latency.").Register(registry);

  absl::StatusOr<Family<Counter>*> other_type =
      BuildCounter().Name("latent_jobs").Help("Jobs by state.").TryRegister(registry);
  EXPECT_EQ(other_type.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(other_type.status().message(), HasSubstr("latent_jobs"));

  EXPECT_EQ(
      BuildGauge().Name("latent_jobs").Help("Other help.").TryRegister(registry).status().code(),
      absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(BuildGauge()
                .Name("latent_jobs")
                .Help("Jobs by state.")
                .ConstantLabels({{"pool", "a"}})
                .TryRegister(registry)
                .status()
                .code(),
            absl::StatusCode::kAlreadyExists);

  // A histogram writes NAME_bucket, NAME_sum and NAME_count.
  absl::StatusOr<Family<Counter>*> clash =
      BuildCounter().Name("latent_rpc_duration_seconds_count").Help("x").TryRegister(registry);
  EXPECT_EQ(clash.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(clash.status().message(), HasSubstr("latent_rpc_duration_seconds_count"));
  BuildGauge().Name("latent_queue_sum").Help("x").Register(registry);
  EXPECT_EQ(BuildHistogram().Name("latent_queue").Help("x").TryRegister(registry).status().code(),
            absl::StatusCode::kAlreadyExists);
}

TEST(MetricsRegistryTest, BadNamesAndEmptyHelpAreInvalidArgument) {
  Registry registry;
  absl::StatusOr<Family<Counter>*> bad_name =
      BuildCounter().Name("latent-requests").Help("x").TryRegister(registry);
  EXPECT_EQ(bad_name.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad_name.status().message(), HasSubstr("latent-requests"));
  EXPECT_EQ(BuildCounter().Name("latent_total").TryRegister(registry).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(BuildCounter()
                .Name("latent_total")
                .Help("x")
                .ConstantLabels({{"__bad", "x"}})
                .TryRegister(registry)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(BuildHistogram()
                .Name("latent_seconds")
                .Help("x")
                .ConstantLabels({{"le", "1"}})
                .TryRegister(registry)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);

  Family<Counter>& family = BuildCounter().Name("latent_total").Help("x").Register(registry);
  absl::StatusOr<Counter*> bad_label = family.TryAdd({{"bad label", "x"}});
  EXPECT_EQ(bad_label.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad_label.status().message(), HasSubstr("bad label"));
  EXPECT_EQ(family.size(), 0u);
}

TEST(MetricsRegistryTest, HistogramChildrenTakeBoundariesAndCannotUseLe) {
  Registry registry;
  Family<Histogram>& latency =
      BuildHistogram().Name("latent_rpc_duration_seconds").Help("Latency.").Register(registry);
  Histogram& embed = latency.Add({{"method", "Embed"}}, Histogram::BucketBoundaries{0.1, 1});
  EXPECT_THAT(embed.boundaries(), ElementsAre(0.1, 1));
  // An existing child is returned as it is.
  EXPECT_EQ(&latency.Add({{"method", "Embed"}}, Histogram::BucketBoundaries{5}), &embed);
  EXPECT_EQ(latency.TryAdd({{"le", "1"}}, Histogram::BucketBoundaries{1}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(latency.TryAdd({{"method", "X"}}, Histogram::BucketBoundaries{2, 1}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(MetricsRegistryTest, ChildLabelsMayNotRepeatConstantLabels) {
  Registry registry;
  Family<Gauge>& family = BuildGauge()
                              .Name("latent_pool_threads")
                              .Help("Threads.")
                              .ConstantLabels({{"pool", "training"}})
                              .Register(registry);
  EXPECT_EQ(family.TryAdd({{"pool", "x"}}).status().code(), absl::StatusCode::kInvalidArgument);
  family.Add({{"state", "busy"}}).Set(3);
  const std::vector<FamilySnapshot> families = registry.Collect();
  ASSERT_EQ(families.size(), 1u);
  ASSERT_EQ(families[0].metrics.size(), 1u);
  EXPECT_EQ(families[0].metrics[0].labels, (Labels{{"pool", "training"}, {"state", "busy"}}));
  EXPECT_EQ(families[0].metrics[0].value, 3.0);
}

TEST(MetricsRegistryDeathTest, RegisterAndAddAbortOnProgrammerErrors) {
  Registry registry;
  EXPECT_DEATH(BuildCounter().Name("0bad").Help("x").Register(registry),
               "programmer error: INVALID_ARGUMENT: metric name \"0bad\"");
  Family<Counter>& family = BuildCounter().Name("latent_total").Help("x").Register(registry);
  EXPECT_DEATH(family.Add({{"__name__", "x"}}), "label name \"__name__\"");
  EXPECT_DEATH(BuildGauge().Name("latent_total").Help("x").Register(registry), "ALREADY_EXISTS");
}

TEST(MetricsRegistryTest, RemoveDropsOnlyThatChild) {
  Registry registry;
  Family<Gauge>& progress =
      BuildGauge().Name("latent_job_progress_ratio").Help("Progress.").Register(registry);
  Gauge& job1 = progress.Add({{"job", "1"}});
  Gauge& job2 = progress.Add({{"job", "2"}});
  job2.Set(0.5);
  EXPECT_TRUE(progress.Remove(&job1));
  EXPECT_FALSE(progress.Remove(&job1));
  EXPECT_FALSE(progress.Remove(nullptr));
  Gauge stranger;
  EXPECT_FALSE(progress.Remove(&stranger));
  EXPECT_FALSE(progress.Has({{"job", "1"}}));
  EXPECT_EQ(&progress.Add({{"job", "2"}}), &job2);
  const std::vector<FamilySnapshot> families = registry.Collect();
  ASSERT_EQ(families.size(), 1u);
  ASSERT_EQ(families[0].metrics.size(), 1u);
  EXPECT_EQ(families[0].metrics[0].labels, (Labels{{"job", "2"}}));
  // Adding the removed labels again creates a fresh child.
  EXPECT_EQ(progress.Add({{"job", "1"}}).Value(), 0.0);
}

TEST(MetricsRegistryTest, CollectSortsFamiliesAndChildrenAndSkipsEmptyFamilies) {
  Registry registry;
  Family<Counter>& b = BuildCounter().Name("b_total").Help("b").Register(registry);
  BuildGauge().Name("c_empty").Help("c").Register(registry);
  Family<Gauge>& a = BuildGauge().Name("a").Help("a").Register(registry);
  b.Add({{"method", "Train"}});
  b.Add({{"method", "Embed"}, {"code", "OK"}});
  b.Add({{"method", "Embed"}, {"code", "CANCELLED"}});
  a.Add({});
  const std::vector<FamilySnapshot> families = registry.Collect();
  EXPECT_THAT(FamilyNames(families), ElementsAre("a", "b_total"));
  ASSERT_EQ(families[1].metrics.size(), 3u);
  EXPECT_EQ(families[1].metrics[0].labels, (Labels{{"code", "CANCELLED"}, {"method", "Embed"}}));
  EXPECT_EQ(families[1].metrics[1].labels, (Labels{{"code", "OK"}, {"method", "Embed"}}));
  EXPECT_EQ(families[1].metrics[2].labels, (Labels{{"method", "Train"}}));
}

TEST(MetricsRegistryTest, CollectablesRunBeforeEachCollectInOrder) {
  Registry registry;
  Family<Gauge>& jobs = BuildGauge().Name("latent_jobs").Help("Jobs by state.").Register(registry);
  std::vector<std::string> calls;
  int refreshes = 0;
  const Registry::CollectableId first = registry.AddCollectable([&] {
    calls.push_back("first");
    ++refreshes;
    jobs.Add({{"state", "running"}}).Set(refreshes);
  });
  registry.AddCollectable([&] { calls.push_back("second"); });

  std::vector<FamilySnapshot> families = registry.Collect();
  ASSERT_EQ(families.size(), 1u);
  EXPECT_EQ(families[0].metrics[0].value, 1.0);
  families = registry.Collect();
  EXPECT_EQ(families[0].metrics[0].value, 2.0);
  EXPECT_THAT(calls, ElementsAre("first", "second", "first", "second"));

  registry.RemoveCollectable(first);
  registry.RemoveCollectable(12345);  // unknown: ignored
  families = registry.Collect();
  EXPECT_EQ(families[0].metrics[0].value, 2.0);
  EXPECT_EQ(refreshes, 2);
}

TEST(MetricsRegistryTest, CollectablesMayRegisterFamiliesAndRemoveChildren) {
  Registry registry;
  Family<Gauge>& progress =
      BuildGauge().Name("latent_job_progress_ratio").Help("Progress.").Register(registry);
  Gauge* stale = &progress.Add({{"job", "old"}});
  registry.AddCollectable([&] {
    if (stale != nullptr) progress.Remove(stale);
    stale = nullptr;
    progress.Add({{"job", "new"}}).Set(0.25);
    BuildCounter().Name("latent_lazy_total").Help("Lazy.").Register(registry).Add({}).Increment();
  });
  const std::vector<FamilySnapshot> families = registry.Collect();
  EXPECT_THAT(FamilyNames(families), ElementsAre("latent_job_progress_ratio", "latent_lazy_total"));
  ASSERT_EQ(families[0].metrics.size(), 1u);
  EXPECT_EQ(families[0].metrics[0].labels, (Labels{{"job", "new"}}));
}

TEST(MetricsRegistryTest, ConcurrentAddAndIncrementFromManyThreads) {
  Registry registry;
  constexpr int kThreads = 8;
  constexpr int kIterations = 20000;
  std::atomic<bool> stop_collecting{false};
  std::thread collector([&] {
    while (!stop_collecting.load()) registry.Collect();
  });
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&registry, t] {
      Family<Counter>& requests =
          BuildCounter().Name("latent_rpc_requests_total").Help("RPCs.").Register(registry);
      for (int i = 0; i < kIterations; ++i) {
        requests.Add({{"method", i % 2 == 0 ? "Embed" : "Train"}}).Increment();
        requests.Add({{"method", "Thread" + std::to_string(t)}}).Increment();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  stop_collecting = true;
  collector.join();

  Family<Counter>& requests =
      BuildCounter().Name("latent_rpc_requests_total").Help("RPCs.").Register(registry);
  EXPECT_EQ(requests.Add({{"method", "Embed"}}).Value(), kThreads * kIterations / 2.0);
  EXPECT_EQ(requests.Add({{"method", "Train"}}).Value(), kThreads * kIterations / 2.0);
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(requests.Add({{"method", "Thread" + std::to_string(t)}}).Value(), kIterations);
  }
}

}  // namespace
}  // namespace latentspace::metrics
