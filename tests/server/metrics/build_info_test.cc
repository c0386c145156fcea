// Tests server/metrics/build_info.h: the compiled labels and the latent_build_info line.
#include "server/metrics/build_info.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/metrics/text_exposition.h"

namespace latentspace::metrics {
namespace {

using ::testing::HasSubstr;

TEST(MetricsBuildInfoTest, CompiledInfoNamesVersionCompilerAndBuildType) {
  const Labels info = CompiledBuildInfo();
  ASSERT_EQ(info.count("version"), 1u);
  EXPECT_FALSE(info.at("version").empty());
  EXPECT_NE(info.at("version"), "unknown");
  EXPECT_EQ(info.count("compiler"), 1u);
  EXPECT_EQ(info.count("build_type"), 1u);
}

TEST(MetricsBuildInfoTest, ExposesAConstantOneWithTheGivenLabels) {
  Registry registry;
  Gauge& gauge = RegisterBuildInfo(registry, {{"version", "1.2.3"}, {"revision", "abc123"}});
  EXPECT_EQ(gauge.Value(), 1.0);
  const std::string text = ExposeText(registry);
  EXPECT_THAT(text, HasSubstr("# TYPE latent_build_info gauge\n"));
  EXPECT_THAT(text, HasSubstr("latent_build_info{revision=\"abc123\",version=\"1.2.3\"} 1\n"));
}

TEST(MetricsBuildInfoTest, DefaultsToTheCompiledInfo) {
  Registry registry;
  RegisterBuildInfo(registry);
  const std::string text = ExposeText(registry);
  EXPECT_THAT(text, HasSubstr("version=\"" + CompiledBuildInfo().at("version") + "\""));
}

}  // namespace
}  // namespace latentspace::metrics
