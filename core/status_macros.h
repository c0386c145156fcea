// LATENT_RETURN_IF_ERROR(expr): returns the absl::Status `expr` from the enclosing function (which
// returns absl::Status or absl::StatusOr<T>) when it is not OK. The code base's one early-return
// macro, for core, the server, the clients, the benchmarks and the tests alike.
#ifndef LATENTSPACE_CORE_STATUS_MACROS_H_
#define LATENTSPACE_CORE_STATUS_MACROS_H_

#include "absl/status/status.h"

#define LATENT_RETURN_IF_ERROR(expr)                                          \
  do {                                                                        \
    if (absl::Status latent_macro_status = (expr); !latent_macro_status.ok()) \
      return latent_macro_status;                                             \
  } while (false)

#endif  // LATENTSPACE_CORE_STATUS_MACROS_H_
