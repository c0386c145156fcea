// A small radix-2 complex FFT (1-D and 2-D), enough for the KDE's grid convolution; no external
// FFT library.
#ifndef LATENTSPACE_CORE_ANALYSIS_FFT_H_
#define LATENTSPACE_CORE_ANALYSIS_FFT_H_

#include <complex>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"

namespace latentspace {

// Smallest power of two >= n (n >= 1).
int NextPowerOfTwo(int n);

// In-place discrete Fourier transform X[k] = sum_j x[j] exp(-+2 pi i j k / n), with the + sign and
// a 1/n scale when `inverse`. The size must be a power of two (1 included).
absl::Status Fft(absl::Span<std::complex<double>> data, bool inverse);

// In-place 2-D transform of ny rows of nx values (row-major); both sizes powers of two. The
// inverse is scaled by 1/(nx ny), so Fft2d(inverse) undoes Fft2d.
absl::Status Fft2d(std::vector<std::complex<double>>& data, int nx, int ny, bool inverse);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_FFT_H_
