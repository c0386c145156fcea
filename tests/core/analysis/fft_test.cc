// Tests of the radix-2 FFT against a direct DFT, round trips and size refusals.
#include "core/analysis/fft.h"

#include <cmath>
#include <complex>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;
using Complex = std::complex<double>;

std::vector<Complex> Signal(int n, int seed) {
  std::vector<Complex> data(n);
  for (int i = 0; i < n; ++i) data[i] = {std::sin(0.37 * i + seed), std::cos(1.3 * i * i + seed)};
  return data;
}

TEST(FftTest, MatchesDirectDft) {
  for (int n : {1, 2, 8, 64}) {
    std::vector<Complex> data = Signal(n, 1);
    std::vector<Complex> expected(n);
    for (int k = 0; k < n; ++k) {
      for (int j = 0; j < n; ++j) expected[k] += data[j] * std::polar(1.0, -2 * M_PI * j * k / n);
    }
    ASSERT_TRUE(Fft(absl::MakeSpan(data), /*inverse=*/false).ok());
    for (int k = 0; k < n; ++k)
      EXPECT_LT(std::abs(data[k] - expected[k]), 1e-12 * n) << n << " " << k;
  }
}

TEST(FftTest, TwoDimensionalMatchesDirectDftAndRoundTrips) {
  const int nx = 8, ny = 4;
  const std::vector<Complex> original = Signal(nx * ny, 2);
  std::vector<Complex> data = original;
  ASSERT_TRUE(Fft2d(data, nx, ny, false).ok());
  for (int ky = 0; ky < ny; ++ky) {
    for (int kx = 0; kx < nx; ++kx) {
      Complex expected = 0;
      for (int y = 0; y < ny; ++y) {
        for (int x = 0; x < nx; ++x) {
          expected += original[y * nx + x] *
                      std::polar(1.0, -2 * M_PI * (double(x) * kx / nx + double(y) * ky / ny));
        }
      }
      EXPECT_LT(std::abs(data[ky * nx + kx] - expected), 1e-12);
    }
  }
  ASSERT_TRUE(Fft2d(data, nx, ny, true).ok());
  for (size_t i = 0; i < data.size(); ++i) EXPECT_LT(std::abs(data[i] - original[i]), 1e-14);
}

TEST(FftTest, RefusesSizesThatAreNotPowersOfTwo) {
  std::vector<Complex> data(6);
  EXPECT_THAT(Fft(absl::MakeSpan(data), false).message(), HasSubstr("size 6"));
  EXPECT_THAT(Fft2d(data, 3, 2, false).message(), HasSubstr("nx = 3"));
  EXPECT_THAT(Fft2d(data, 4, 2, false).message(), HasSubstr("data size 6"));
  EXPECT_EQ(NextPowerOfTwo(1), 1);
  EXPECT_EQ(NextPowerOfTwo(257), 512);
  EXPECT_EQ(NextPowerOfTwo(256), 256);
}

}  // namespace
}  // namespace latentspace
