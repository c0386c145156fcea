// Tests server/metrics/text_exposition.h: value spelling and round trip, escaping, and the exact
// text for counters, gauges and histograms with labels.
#include "server/metrics/text_exposition.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>

#include "gtest/gtest.h"
#include "server/metrics/registry.h"

namespace latentspace::metrics {
namespace {

TEST(MetricsTextExpositionTest, FormatsValuesAsTheGoClientDoes) {
  const double inf = std::numeric_limits<double>::infinity();
  const std::pair<double, const char*> cases[] = {
      {0, "0"},
      {-0.0, "-0"},
      {1, "1"},
      {-1, "-1"},
      {0.5, "0.5"},
      {0.1, "0.1"},
      {12.5, "12.5"},
      {100, "100"},
      {123456, "123456"},
      {1234567, "1.234567e+06"},
      {1e6, "1e+06"},
      {0.0001, "0.0001"},
      {0.00012345, "0.00012345"},
      {1e-5, "1e-05"},
      {0.1 + 0.2, "0.30000000000000004"},
      {1712345678.25, "1.71234567825e+09"},
      {1.5e300, "1.5e+300"},
      {5e-324, "5e-324"},
      {std::numeric_limits<double>::max(), "1.7976931348623157e+308"},
      {std::nan(""), "NaN"},
      {inf, "+Inf"},
      {-inf, "-Inf"},
  };
  for (const auto& [value, expected] : cases) EXPECT_EQ(FormatValue(value), expected) << expected;
}

TEST(MetricsTextExpositionTest, FormattedValuesRoundTrip) {
  std::mt19937_64 random(20240717);
  std::uniform_int_distribution<uint64_t> bits;
  for (int i = 0; i < 100000; ++i) {
    double value;
    const uint64_t pattern = bits(random);
    std::memcpy(&value, &pattern, sizeof(value));
    if (std::isnan(value) || std::isinf(value)) continue;
    const std::string text = FormatValue(value);
    ASSERT_EQ(std::strtod(text.c_str(), nullptr), value) << text;
  }
}

TEST(MetricsTextExpositionTest, EscapesHelpAndLabelValues) {
  EXPECT_EQ(EscapeHelp("a \\ b\nc \"d\""), "a \\\\ b\\nc \"d\"");
  EXPECT_EQ(EscapeLabelValue("a \\ b\nc \"d\""), "a \\\\ b\\nc \\\"d\\\"");
  EXPECT_EQ(EscapeLabelValue("plain UTF-8: π"), "plain UTF-8: π");
}

TEST(MetricsTextExpositionTest, CounterWithLabelsAndEscapedHelp) {
  Registry registry;
  Family<Counter>& requests = BuildCounter()
                                  .Name("latent_rpc_requests_total")
                                  .Help("RPCs handled.\nBy method and \\code\\.")
                                  .Register(registry);
  requests.Add({{"method", "Train"}, {"code", "INVALID_ARGUMENT"}}).Increment();
  requests.Add({{"method", "Embed"}, {"code", "OK"}}).Increment(3);
  EXPECT_EQ(ExposeText(registry),
            "# HELP latent_rpc_requests_total RPCs handled.\\nBy method and \\\\code\\\\.\n"
            "# TYPE latent_rpc_requests_total counter\n"
            "latent_rpc_requests_total{code=\"INVALID_ARGUMENT\",method=\"Train\"} 1\n"
            "latent_rpc_requests_total{code=\"OK\",method=\"Embed\"} 3\n");
}

TEST(MetricsTextExpositionTest, GaugesWithoutAndWithEscapedLabels) {
  Registry registry;
  BuildGauge()
      .Name("latent_queue_length")
      .Help("Queued jobs.")
      .Register(registry)
      .Add({})
      .Set(-2.5);
  BuildGauge()
      .Name("latent_sample_events")
      .Help("Events per sample.")
      .ConstantLabels({{"store", "main"}})
      .Register(registry)
      .Add({{"path", "C:\\data\\\"run 1\"\nnext"}})
      .Set(1e6);
  EXPECT_EQ(ExposeText(registry),
            "# HELP latent_queue_length Queued jobs.\n"
            "# TYPE latent_queue_length gauge\n"
            "latent_queue_length -2.5\n"
            "# HELP latent_sample_events Events per sample.\n"
            "# TYPE latent_sample_events gauge\n"
            "latent_sample_events{path=\"C:\\\\data\\\\\\\"run 1\\\"\\nnext\",store=\"main\"} "
            "1e+06\n");
}

TEST(MetricsTextExpositionTest, SpecialValuesAreSpelledAsPrometheusDoes) {
  Registry registry;
  Family<Gauge>& values = BuildGauge().Name("latent_value").Help("Values.").Register(registry);
  values.Add({{"kind", "nan"}}).Set(std::nan(""));
  values.Add({{"kind", "neg_inf"}}).Set(-std::numeric_limits<double>::infinity());
  values.Add({{"kind", "pos_inf"}}).Set(std::numeric_limits<double>::infinity());
  EXPECT_EQ(ExposeText(registry),
            "# HELP latent_value Values.\n"
            "# TYPE latent_value gauge\n"
            "latent_value{kind=\"nan\"} NaN\n"
            "latent_value{kind=\"neg_inf\"} -Inf\n"
            "latent_value{kind=\"pos_inf\"} +Inf\n");
}

TEST(MetricsTextExpositionTest, HistogramsWithCumulativeBucketsSumAndCount) {
  Registry registry;
  Family<Histogram>& latency =
      BuildHistogram().Name("latent_rpc_duration_seconds").Help("RPC latency.").Register(registry);
  Histogram& embed =
      latency.Add({{"method", "Embed"}}, Histogram::BucketBoundaries{0.125, 0.25, 1});
  for (double value : {0.0625, 0.125, 0.25, 0.5, 3.0}) embed.Observe(value);
  latency.Add({{"method", "Train"}}, Histogram::BucketBoundaries{0.125, 0.25, 1});
  Histogram& batch = BuildHistogram()
                         .Name("latent_batch_size")
                         .Help("Events per batch.")
                         .Register(registry)
                         .Add({}, Histogram::BucketBoundaries{1, 1e6});
  batch.Observe(4);

  EXPECT_EQ(ExposeText(registry),
            "# HELP latent_batch_size Events per batch.\n"
            "# TYPE latent_batch_size histogram\n"
            "latent_batch_size_bucket{le=\"1\"} 0\n"
            "latent_batch_size_bucket{le=\"1e+06\"} 1\n"
            "latent_batch_size_bucket{le=\"+Inf\"} 1\n"
            "latent_batch_size_sum 4\n"
            "latent_batch_size_count 1\n"
            "# HELP latent_rpc_duration_seconds RPC latency.\n"
            "# TYPE latent_rpc_duration_seconds histogram\n"
            "latent_rpc_duration_seconds_bucket{method=\"Embed\",le=\"0.125\"} 2\n"
            "latent_rpc_duration_seconds_bucket{method=\"Embed\",le=\"0.25\"} 3\n"
            "latent_rpc_duration_seconds_bucket{method=\"Embed\",le=\"1\"} 4\n"
            "latent_rpc_duration_seconds_bucket{method=\"Embed\",le=\"+Inf\"} 5\n"
            "latent_rpc_duration_seconds_sum{method=\"Embed\"} 3.9375\n"
            "latent_rpc_duration_seconds_count{method=\"Embed\"} 5\n"
            "latent_rpc_duration_seconds_bucket{method=\"Train\",le=\"0.125\"} 0\n"
            "latent_rpc_duration_seconds_bucket{method=\"Train\",le=\"0.25\"} 0\n"
            "latent_rpc_duration_seconds_bucket{method=\"Train\",le=\"1\"} 0\n"
            "latent_rpc_duration_seconds_bucket{method=\"Train\",le=\"+Inf\"} 0\n"
            "latent_rpc_duration_seconds_sum{method=\"Train\"} 0\n"
            "latent_rpc_duration_seconds_count{method=\"Train\"} 0\n");
}

TEST(MetricsTextExpositionTest, SerializeTextOfHandMadeSnapshots) {
  FamilySnapshot family;
  family.name = "latent_untouched";
  family.type = MetricType::kCounter;  // no help: no HELP line
  family.metrics.push_back(MetricSnapshot{{{"a", "1"}}, 7, {}});
  EXPECT_EQ(SerializeText({family}),
            "# TYPE latent_untouched counter\n"
            "latent_untouched{a=\"1\"} 7\n");
  EXPECT_EQ(SerializeText({}), "");
}

TEST(MetricsTextExpositionTest, EmptyRegistryExposesNothing) {
  Registry registry;
  BuildCounter().Name("latent_never_added_total").Help("No children.").Register(registry);
  EXPECT_EQ(ExposeText(registry), "");
}

}  // namespace
}  // namespace latentspace::metrics
