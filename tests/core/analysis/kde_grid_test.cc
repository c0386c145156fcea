// Tests of grid evaluation: exact grid = point evaluation, the fast methods against the exact
// grid (their measured maximum errors are printed and bounded), covering grids and refusals.
#include "core/analysis/kde_grid.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/core/analysis/synthetic_blobs.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

struct Errors {
  double vs_peak = 0;   // max |fast - exact| / max exact
  double relative = 0;  // max |fast - exact| / exact where exact >= 1e-3 max exact
};

Errors Compare(const Grid& fast, const Grid& exact) {
  const double peak = *std::max_element(exact.values.begin(), exact.values.end());
  Errors errors;
  for (size_t i = 0; i < exact.size(); ++i) {
    const double difference = std::abs(fast.values[i] - exact.values[i]);
    errors.vs_peak = std::max(errors.vs_peak, difference / peak);
    if (exact.values[i] >= 1e-3 * peak) {
      errors.relative = std::max(errors.relative, difference / exact.values[i]);
    }
  }
  return errors;
}

FastGridOptions Method(FastGridMethod method) {
  FastGridOptions options;
  options.method = method;
  return options;
}

// A model with some structure: two overlapping correlated blobs.
GaussianKde TwoBlobModel(int n) {
  std::vector<LatentPoint> points = testing::GaussianBlob({0, 0, 1, 0.6, 0.5}, n / 2, 1);
  const std::vector<LatentPoint> second = testing::GaussianBlob({2.5, 1, 0.5, 1.2, -0.3}, n / 2, 2);
  points.insert(points.end(), second.begin(), second.end());
  return *GaussianKde::Fit(points);
}

TEST(KdeGridTest, ExactGridIsDensityAtEveryNodeWhateverTheThreads) {
  const GaussianKde kde = TwoBlobModel(300);
  Grid one = *Grid::FromRange(-4, 6, -4, 5, 37, 23);
  Grid three = one;
  ASSERT_TRUE(EvaluateOnGridExact(kde, &one, 1).ok());
  ASSERT_TRUE(EvaluateOnGridExact(kde, &three, 3).ok());
  EXPECT_EQ(one.values, three.values);
  for (int iy = 0; iy < one.ny; iy += 5) {
    for (int ix = 0; ix < one.nx; ix += 3) {
      EXPECT_EQ(one.at(ix, iy), kde.Density({one.x(ix), one.y(iy)}));
    }
  }
}

TEST(KdeGridTest, TruncatedSumEqualsExactUpToTheTruncation) {
  const GaussianKde kde = TwoBlobModel(2000);
  Grid exact = *CoveringGrid({kde}, 128, 96);
  Grid fast = exact;
  ASSERT_TRUE(EvaluateOnGridExact(kde, &exact).ok());
  absl::StatusOr<FastGridReport> report =
      EvaluateOnGridFast(kde, &fast, Method(FastGridMethod::kTruncatedSum));
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->method, FastGridMethod::kTruncatedSum);
  const Errors errors = Compare(fast, exact);
  std::printf("truncated sum vs exact: max error / peak %.3g, max relative error %.3g\n",
              errors.vs_peak, errors.relative);
  EXPECT_LT(errors.vs_peak, 1e-8);  // the 6-sigma truncation: exp(-18) = 1.5e-8 of a kernel's peak
  EXPECT_LT(errors.relative, 1e-5);
}

TEST(KdeGridTest, BinnedFftErrorIsBounded) {
  const GaussianKde kde = TwoBlobModel(2000);
  Grid exact = *CoveringGrid({kde}, 128, 96);
  Grid fast = exact;
  ASSERT_TRUE(EvaluateOnGridExact(kde, &exact).ok());
  absl::StatusOr<FastGridReport> report =
      EvaluateOnGridFast(kde, &fast, Method(FastGridMethod::kBinnedFft));
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->method, FastGridMethod::kBinnedFft);
  const Errors errors = Compare(fast, exact);
  std::printf(
      "binned FFT (%d x %d, %.2f cells per sigma) vs exact: max error / peak %.3g, "
      "max relative error (density >= 1e-3 peak) %.3g\n",
      report->fft_nx, report->fft_ny, report->cells_per_sigma, errors.vs_peak, errors.relative);
  // Measured 4.9e-4 and 1.7e-2 (without the binning-variance correction: 2.8e-3 and 7.2e-2).
  EXPECT_LT(errors.vs_peak, 1e-3);
  EXPECT_LT(errors.relative, 3e-2);
}

// Grids that see only part of the data (points beyond the border are binned into padding) or
// that are narrower than the kernel itself.
TEST(KdeGridTest, BinnedFftHandlesPointsOutsideAndZoomedInGrids) {
  const GaussianKde kde = TwoBlobModel(2000);
  for (Grid exact :
       {*Grid::FromRange(-1, 2, -0.5, 1.5, 64, 48), *Grid::FromRange(0.4, 0.6, 0.1, 0.3, 16, 16)}) {
    Grid fast = exact;
    ASSERT_TRUE(EvaluateOnGridExact(kde, &exact).ok());
    FastGridOptions options = Method(FastGridMethod::kBinnedFft);
    options.min_cells_per_sigma = 0;
    absl::StatusOr<FastGridReport> report = EvaluateOnGridFast(kde, &fast, options);
    ASSERT_TRUE(report.ok()) << report.status();
    EXPECT_GT(report->points_outside, 0);  // beyond the kernel's 6-sigma reach: ignored
    EXPECT_LT(Compare(fast, exact).relative, 3e-2) << exact.nx;
  }
}

TEST(KdeGridTest, AutoPicksTheCheaperAccurateMethod) {
  Grid grid = *Grid::FromRange(-5, 5, -5, 5, 128, 128);
  // Few points: summing their kernels is cheaper than the FFT.
  const GaussianKde few = *GaussianKde::Fit(testing::GaussianBlob({}, 50, 4));
  EXPECT_EQ(EvaluateOnGridFast(few, &grid)->method, FastGridMethod::kTruncatedSum);
  // Many points: the FFT.
  const GaussianKde many = *GaussianKde::Fit(testing::GaussianBlob({}, 20000, 4));
  EXPECT_EQ(EvaluateOnGridFast(many, &grid)->method, FastGridMethod::kBinnedFft);
  // A kernel narrower than 2 cells: never the FFT, whatever the cost.
  KdeOptions narrow;
  narrow.rule = BandwidthRule::kFactor;
  narrow.factor = 0.05;
  const GaussianKde thin = *GaussianKde::Fit(testing::GaussianBlob({}, 20000, 4), narrow);
  absl::StatusOr<FastGridReport> report = EvaluateOnGridFast(thin, &grid);
  ASSERT_TRUE(report.ok());
  EXPECT_LT(report->cells_per_sigma, 2);
  EXPECT_EQ(report->method, FastGridMethod::kTruncatedSum);
}

TEST(KdeGridTest, CoveringGridHoldsEveryModelsMass) {
  std::vector<GaussianKde> kdes;
  kdes.push_back(*GaussianKde::Fit(testing::GaussianBlob({-3, 0, 1, 0.5, 0.2}, 500, 1)));
  kdes.push_back(*GaussianKde::Fit(testing::GaussianBlob({4, 5, 0.3, 2, -0.7}, 500, 2)));
  absl::StatusOr<Grid> grid = CoveringGrid(kdes, 200, 180, 3.5);
  ASSERT_TRUE(grid.ok()) << grid.status();
  for (const GaussianKde& kde : kdes) {
    for (const LatentPoint& p : kde.points()) {
      EXPECT_GE(p.x - 3.5 * std::sqrt(kde.kernel_covariance().xx), grid->x0 - 1e-9);
      EXPECT_LE(p.y + 3.5 * std::sqrt(kde.kernel_covariance().yy), grid->y_max() + 1e-9);
    }
    ASSERT_TRUE(EvaluateOnGridFast(kde, &*grid).ok());
    double mass = 0;
    for (double value : grid->values) mass += value * grid->dx * grid->dy;
    EXPECT_NEAR(mass, 1.0, 2e-3);
  }
}

TEST(KdeGridTest, DegenerateModelsEvaluateWithoutFailing) {
  // A single point and collinear points (regularised kernels far narrower than the cells).
  std::vector<LatentPoint> line;
  for (int i = 0; i < 100; ++i) line.push_back({0.05 * i, -0.02 * i});
  for (const std::vector<LatentPoint>& points : {std::vector<LatentPoint>{{0.3, 0.2}}, line}) {
    const GaussianKde kde = *GaussianKde::Fit(points);
    ASSERT_TRUE(kde.regularised());
    Grid grid = *Grid::FromRange(-1, 6, -3, 1, 64, 64);
    absl::StatusOr<FastGridReport> report = EvaluateOnGridFast(kde, &grid);
    ASSERT_TRUE(report.ok()) << report.status();
    for (double value : grid.values) ASSERT_TRUE(std::isfinite(value) && value >= 0);
    ASSERT_TRUE(EvaluateOnGridExact(kde, &grid).ok());
  }
}

// A grid a million times narrower than the kernel: index arithmetic must not overflow, and an
// FFT that would need millions of padding cells is refused (auto falls back to the sum).
TEST(KdeGridTest, GridFarNarrowerThanTheKernel) {
  const GaussianKde kde = TwoBlobModel(200);
  Grid exact = *Grid::FromRange(0.5, 0.5 + 1e-6, 0.2, 0.2 + 1e-6, 16, 16);
  Grid fast = exact;
  ASSERT_TRUE(EvaluateOnGridExact(kde, &exact).ok());
  absl::StatusOr<FastGridReport> report = EvaluateOnGridFast(kde, &fast);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->method, FastGridMethod::kTruncatedSum);
  EXPECT_LT(Compare(fast, exact).relative, 1e-9);
  EXPECT_EQ(EvaluateOnGridFast(kde, &fast, Method(FastGridMethod::kBinnedFft)).status().code(),
            absl::StatusCode::kResourceExhausted);
}

TEST(KdeGridTest, RefusesBadGridsAndOptions) {
  const GaussianKde kde = TwoBlobModel(100);
  EXPECT_THAT(Grid::Create(0, 0, 0, 1, 10, 10).status().message(), HasSubstr("dx = 0"));
  EXPECT_THAT(Grid::Create(0, 0, 1, 1, 1, 10).status().message(), HasSubstr("nx = 1"));
  EXPECT_THAT(Grid::FromRange(1, 1, 0, 1, 10, 10).status().message(), HasSubstr("x [1, 1]"));
  Grid broken = *Grid::Create(0, 0, 1, 1, 4, 4);
  broken.values.resize(3);
  EXPECT_THAT(EvaluateOnGridExact(kde, &broken).message(), HasSubstr("values.size() = 3"));
  Grid grid = *Grid::Create(0, 0, 1, 1, 4, 4);
  FastGridOptions options;
  options.truncate_sigmas = 1;
  EXPECT_THAT(EvaluateOnGridFast(kde, &grid, options).status().message(),
              HasSubstr("truncate_sigmas = 1"));
  EXPECT_THAT(CoveringGrid({}, 10, 10).status().message(), HasSubstr("no models"));
}

}  // namespace
}  // namespace latentspace
