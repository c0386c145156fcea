// Process-wide CPU thread settings of LibTorch and OpenBLAS.
#include "core/nn/cpu_threads.h"

#include <ATen/Parallel.h>
#include <dlfcn.h>

#include <algorithm>
#include <thread>

namespace latentspace {
namespace {

// Debian's LibTorch calls OpenBLAS, which runs a thread pool of its own beside LibTorch's OpenMP
// threads; with as many threads as cores in each, the two pools contend and a training step of the
// paper's MLP took 2.5x longer here. BLAS then runs in the calling thread and LibTorch
// parallelises around it. A no-op where OpenBLAS is not the BLAS (e.g. PyTorch's MKL builds).
void UseSingleThreadedBlas() {
  using SetThreads = void (*)(int);
  if (void* symbol = dlsym(RTLD_DEFAULT, "openblas_set_num_threads")) {
    reinterpret_cast<SetThreads>(symbol)(1);
  }
}

}  // namespace

void ConfigureCpuThreads(int threads) {
  UseSingleThreadedBlas();
  at::set_num_threads(
      threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
}

}  // namespace latentspace
