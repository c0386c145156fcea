// How LibTorch and its BLAS use the CPU: one setting for the whole process, made before any
// training or inference, so an encoder gives bit-identical answers whether or not the process has
// trained before (OpenBLAS sums in a different order with a different number of threads).
#ifndef LATENTSPACE_CORE_NN_CPU_THREADS_H_
#define LATENTSPACE_CORE_NN_CPU_THREADS_H_

namespace latentspace {

// LibTorch intra-op threads = `threads` (0: one per core), BLAS in the calling thread.
void ConfigureCpuThreads(int threads);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_NN_CPU_THREADS_H_
