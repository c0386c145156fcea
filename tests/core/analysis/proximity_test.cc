// Tests of nearest-model ranking: order, log-likelihoods, posteriors (with and without a prior, and
// their calibration), centroid distances and win shares on separated blobs, and refusals.
#include "core/analysis/proximity.h"

#include <algorithm>
#include <cmath>

#include "core/analysis/density_floor.h"
#include "core/analysis/kde_grid.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/core/analysis/synthetic_blobs.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

// Models along the x axis at 0, 3, 6 and 12.
std::vector<GaussianKde> Models() {
  std::vector<GaussianKde> kdes;
  int seed = 1;
  for (double x : {0.0, 3.0, 6.0, 12.0}) {
    kdes.push_back(*GaussianKde::Fit(testing::GaussianBlob({x, 0, 1, 1, 0}, 400, seed++)));
  }
  return kdes;
}

const std::vector<std::string> kNames = {"m0", "m3", "m6", "m12"};

TEST(ProximityTest, RanksModelsByLikelihoodOfTheSample) {
  const std::vector<GaussianKde> kdes = Models();
  // A sample from a model at x = 5.5: nearest m6, then m3, then m0, then m12 (6.5 away).
  const std::vector<LatentPoint> sample = testing::GaussianBlob({5.5, 0, 1, 1, 0}, 100, 77);
  absl::StatusOr<std::vector<ModelProximity>> ranking = RankNearestModels(kdes, kNames, sample);
  ASSERT_TRUE(ranking.ok()) << ranking.status();
  ASSERT_EQ(ranking->size(), 4u);
  EXPECT_EQ((*ranking)[0].name, "m6");
  EXPECT_EQ((*ranking)[0].model, 2);
  EXPECT_EQ((*ranking)[1].name, "m3");
  EXPECT_EQ((*ranking)[2].name, "m0");
  EXPECT_EQ((*ranking)[3].name, "m12");
  double shares = 0;
  for (const ModelProximity& entry : *ranking) {
    shares += entry.win_share;
    EXPECT_NEAR(entry.mean_log_likelihood * 100, entry.log_likelihood,
                1e-9 * std::abs(entry.log_likelihood));
    // The log-likelihood is the sum of per-set log-densities over the shared floor.
    const DensityFloor floor(*CoveringGrid(kdes, 2, 2));
    double log_likelihood = 0;
    for (const LatentPoint& p : sample) {
      log_likelihood += floor.Apply(kdes[entry.model].LogDensity(p));
    }
    EXPECT_NEAR(entry.log_likelihood, log_likelihood, 1e-9 * std::abs(log_likelihood));
  }
  EXPECT_NEAR(shares, 1.0, 1e-12);
  EXPECT_GT((*ranking)[0].win_share, 0.6);
  EXPECT_EQ((*ranking)[3].win_share, 0.0);
  EXPECT_GT((*ranking)[0].log_likelihood, (*ranking)[1].log_likelihood);
  EXPECT_NEAR((*ranking)[0].centroid_distance, 0.5, 0.25);
  EXPECT_NEAR((*ranking)[3].centroid_distance, 6.5, 0.25);
}

TEST(ProximityTest, AFarSampleGetsEqualPosteriorsAndItsNearestModelFirst) {
  const std::vector<GaussianKde> kdes = Models();
  // 100 units beyond m12: every model's density is on the floor, so the sample cannot tell them
  // apart (the goodness-of-fit test says it is none of them); m12 wins every set and is nearest.
  const std::vector<LatentPoint> sample = {{112, 0}, {113, 1}};
  absl::StatusOr<std::vector<ModelProximity>> ranking = RankNearestModels(kdes, kNames, sample);
  ASSERT_TRUE(ranking.ok());
  EXPECT_EQ((*ranking)[0].name, "m12");
  EXPECT_EQ((*ranking)[0].win_share, 1.0);
  EXPECT_EQ((*ranking)[1].name, "m6");
  EXPECT_EQ((*ranking)[3].name, "m0");
  for (const ModelProximity& entry : *ranking) {
    EXPECT_TRUE(std::isfinite(entry.log_likelihood));
    EXPECT_NEAR(entry.posterior, 0.25, 1e-12) << entry.name;
  }
}

TEST(ProximityTest, OneFarSetDoesNotDecideThePosterior) {
  // A tight model and a broad one beside it; 50 sets of the tight one and one set 6 units away,
  // where only the broad model's tail reaches.
  const std::vector<GaussianKde> kdes = {
      *GaussianKde::Fit(testing::GaussianBlob({0, 0, 0.2, 0.2, 0}, 400, 1)),
      *GaussianKde::Fit(testing::GaussianBlob({0.5, 0, 2, 2, 0}, 400, 2))};
  std::vector<LatentPoint> sample = testing::GaussianBlob({0, 0, 0.2, 0.2, 0}, 50, 3);
  sample.push_back({6, 0});
  // Without the floor the far set alone would hand the broad model the sample.
  double raw_tight = 0, raw_broad = 0;
  for (const LatentPoint& p : sample) {
    raw_tight += kdes[0].LogDensity(p);
    raw_broad += kdes[1].LogDensity(p);
  }
  ASSERT_GT(raw_broad, raw_tight + 100);
  const std::vector<ModelProximity> ranking =
      *RankNearestModels(kdes, std::vector<std::string>{"tight", "broad"}, sample);
  EXPECT_EQ(ranking[0].name, "tight");
  EXPECT_GT(ranking[0].posterior, 0.999);
  EXPECT_NEAR(ranking[0].win_share, 50.0 / 51, 0.03);
}

TEST(ProximityTest, PosteriorIsTheNormalisedLikelihoodTimesThePrior) {
  const std::vector<GaussianKde> kdes = Models();
  // Two sets half-way between m0 and m3: the two are close, m6 and m12 far behind.
  const std::vector<LatentPoint> sample = {{1.4, 0.2}, {1.6, -0.3}};
  const std::vector<ModelProximity> uniform = *RankNearestModels(kdes, kNames, sample);
  double evidence = 0, sum = 0;
  for (const ModelProximity& entry : uniform) evidence += std::exp(entry.log_likelihood);
  for (const ModelProximity& entry : uniform) {
    EXPECT_NEAR(entry.posterior, std::exp(entry.log_likelihood) / evidence, 1e-12);
    sum += entry.posterior;
  }
  EXPECT_NEAR(sum, 1.0, 1e-12);
  for (size_t i = 1; i < uniform.size(); ++i) {
    EXPECT_GE(uniform[i - 1].posterior, uniform[i].posterior) << "most probable first";
  }

  // A prior of 9:1 for m3 over every other model multiplies its odds against each by 9.
  const std::vector<ModelProximity> tilted =
      *RankNearestModels(kdes, kNames, sample, std::vector<double>{1, 9, 1, 1});
  const auto posterior = [](const std::vector<ModelProximity>& ranking, const std::string& name) {
    for (const ModelProximity& entry : ranking) {
      if (entry.name == name) return entry.posterior;
    }
    return -1.0;
  };
  EXPECT_NEAR(posterior(tilted, "m3") / posterior(tilted, "m0"),
              9 * posterior(uniform, "m3") / posterior(uniform, "m0"), 1e-9);
  EXPECT_EQ(tilted[0].name, "m3");
  // Weight 0 rules a model out, however well it fits; weights need not sum to 1.
  const std::vector<ModelProximity> without_m0 =
      *RankNearestModels(kdes, kNames, sample, std::vector<double>{0, 2, 2, 2});
  EXPECT_EQ(posterior(without_m0, "m0"), 0.0);
  EXPECT_NEAR(posterior(without_m0, "m3"), 1.0, 1e-6);
}

// When the densities are the models' true ones, the posterior is calibrated: among samples given
// posterior p for model A, a share p comes from A. Two overlapping unit Gaussians 1.5 apart,
// equal priors, samples of 2 sets, 4000 trials; bins of posterior.
TEST(ProximityTest, PosteriorIsCalibratedWhenTheDensitiesAreRight) {
  const std::vector<GaussianKde> kdes = {
      *GaussianKde::Fit(testing::GaussianBlob({0, 0, 1, 1, 0}, 4000, 11)),
      *GaussianKde::Fit(testing::GaussianBlob({1.5, 0, 1, 1, 0}, 4000, 12))};
  const std::vector<std::string> names = {"a", "b"};
  constexpr int kBins = 5;
  std::vector<double> predicted(kBins, 0), observed(kBins, 0), count(kBins, 0);
  testing::NormalSource truth(99);
  for (int trial = 0; trial < 4000; ++trial) {
    const bool from_a = truth.Uniform() < 0.5;
    const std::vector<LatentPoint> sample =
        testing::GaussianBlob({from_a ? 0.0 : 1.5, 0, 1, 1, 0}, 2, 1000 + trial);
    const std::vector<ModelProximity> ranking = *RankNearestModels(kdes, names, sample);
    for (const ModelProximity& entry : ranking) {
      if (entry.name != "a") continue;
      const int bin = std::min(kBins - 1, static_cast<int>(entry.posterior * kBins));
      predicted[bin] += entry.posterior;
      observed[bin] += from_a ? 1 : 0;
      count[bin] += 1;
    }
  }
  for (int bin = 0; bin < kBins; ++bin) {
    ASSERT_GT(count[bin], 200) << "bin " << bin;
    const double p = predicted[bin] / count[bin];
    // Four binomial standard deviations of the observed share.
    EXPECT_NEAR(observed[bin] / count[bin], p, 4 * std::sqrt(p * (1 - p) / count[bin]) + 0.01)
        << "posterior bin " << bin;
  }
}

TEST(ProximityTest, RefusesBadInput) {
  const std::vector<GaussianKde> kdes = Models();
  const std::vector<LatentPoint> sample = {{0, 0}};
  EXPECT_THAT(RankNearestModels(kdes, {"a"}, sample).status().message(), HasSubstr("1 names"));
  EXPECT_THAT(RankNearestModels(kdes, kNames, {}).status().message(), HasSubstr("no points"));
  EXPECT_THAT(RankNearestModels({}, {}, sample).status().message(), HasSubstr("no known models"));
  EXPECT_THAT(
      RankNearestModels(kdes, kNames, std::vector<LatentPoint>{{0, INFINITY}}).status().message(),
      HasSubstr("sample points[0].y = inf"));
  EXPECT_THAT(RankNearestModels(kdes, kNames, sample, std::vector<double>{1, 1}).status().message(),
              HasSubstr("2 prior weights"));
  EXPECT_THAT(
      RankNearestModels(kdes, kNames, sample, std::vector<double>{1, -1, 1, 1}).status().message(),
      HasSubstr("prior weight of model 'm3' = -1"));
  EXPECT_THAT(
      RankNearestModels(kdes, kNames, sample, std::vector<double>{0, 0, 0, 0}).status().message(),
      HasSubstr("every prior weight is 0"));
}

}  // namespace
}  // namespace latentspace
