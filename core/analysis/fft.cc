// Iterative radix-2 Cooley-Tukey FFT with exact twiddle tables (no recurrence drift).
#include "core/analysis/fft.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"

namespace latentspace {
namespace {

bool IsPowerOfTwo(size_t n) { return n > 0 && (n & (n - 1)) == 0; }

// exp(-2 pi i k / n) for k < n / 2.
std::vector<std::complex<double>> Twiddles(size_t n) {
  std::vector<std::complex<double>> table(n / 2);
  for (size_t k = 0; k < n / 2; ++k) {
    const double angle = -2.0 * M_PI * static_cast<double>(k) / static_cast<double>(n);
    table[k] = {std::cos(angle), std::sin(angle)};
  }
  return table;
}

void Transform(std::complex<double>* data, size_t n,
               const std::vector<std::complex<double>>& twiddles, bool inverse) {
  for (size_t i = 1, j = 0; i < n; ++i) {  // bit-reversal permutation
    size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(data[i], data[j]);
  }
  for (size_t length = 2; length <= n; length <<= 1) {
    const size_t half = length / 2;
    const size_t stride = n / length;
    for (size_t start = 0; start < n; start += length) {
      for (size_t k = 0; k < half; ++k) {
        std::complex<double> w = twiddles[k * stride];
        if (inverse) w = std::conj(w);
        const std::complex<double> odd = data[start + k + half] * w;
        data[start + k + half] = data[start + k] - odd;
        data[start + k] += odd;
      }
    }
  }
  if (inverse) {
    const double scale = 1.0 / static_cast<double>(n);
    for (size_t i = 0; i < n; ++i) data[i] *= scale;
  }
}

}  // namespace

int NextPowerOfTwo(int n) {
  int power = 1;
  while (power < n) power <<= 1;
  return power;
}

absl::Status Fft(absl::Span<std::complex<double>> data, bool inverse) {
  if (!IsPowerOfTwo(data.size())) {
    return absl::InvalidArgumentError(
        absl::StrCat("FFT size ", data.size(), " is not a power of two"));
  }
  Transform(data.data(), data.size(), Twiddles(data.size()), inverse);
  return absl::OkStatus();
}

absl::Status Fft2d(std::vector<std::complex<double>>& data, int nx, int ny, bool inverse) {
  if (nx < 1 || ny < 1 || !IsPowerOfTwo(nx) || !IsPowerOfTwo(ny)) {
    return absl::InvalidArgumentError(
        absl::StrCat("2-D FFT sizes nx = ", nx, ", ny = ", ny, " must be powers of two"));
  }
  if (data.size() != static_cast<size_t>(nx) * ny) {
    return absl::InvalidArgumentError(
        absl::StrCat("2-D FFT data size ", data.size(), " != nx * ny = ", size_t{1} * nx * ny));
  }
  const std::vector<std::complex<double>> row_twiddles = Twiddles(nx);
  for (int iy = 0; iy < ny; ++iy) {
    Transform(data.data() + static_cast<size_t>(iy) * nx, nx, row_twiddles, inverse);
  }
  // Columns, a block of columns at a time through a transposed buffer (cache friendly).
  const std::vector<std::complex<double>> column_twiddles = Twiddles(ny);
  constexpr int kBlock = 8;
  std::vector<std::complex<double>> buffer(static_cast<size_t>(kBlock) * ny);
  for (int first = 0; first < nx; first += kBlock) {
    const int width = std::min(kBlock, nx - first);
    for (int iy = 0; iy < ny; ++iy) {
      const std::complex<double>* row = data.data() + static_cast<size_t>(iy) * nx + first;
      for (int c = 0; c < width; ++c) buffer[static_cast<size_t>(c) * ny + iy] = row[c];
    }
    for (int c = 0; c < width; ++c) {
      Transform(buffer.data() + static_cast<size_t>(c) * ny, ny, column_twiddles, inverse);
    }
    for (int iy = 0; iy < ny; ++iy) {
      std::complex<double>* row = data.data() + static_cast<size_t>(iy) * nx + first;
      for (int c = 0; c < width; ++c) row[c] = buffer[static_cast<size_t>(c) * ny + iy];
    }
  }
  return absl::OkStatus();
}

}  // namespace latentspace
