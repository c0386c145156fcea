// LATENT_STORE_RETURN_IF_ERROR: returns from the enclosing function when a Status is not OK. For
// the store's sources only (core has its own private one).
#ifndef LATENTSPACE_SERVER_STORE_STATUS_MACROS_H_
#define LATENTSPACE_SERVER_STORE_STATUS_MACROS_H_

#include "absl/status/status.h"

#define LATENT_STORE_RETURN_IF_ERROR(expr)                                    \
  do {                                                                        \
    if (absl::Status latent_store_status = (expr); !latent_store_status.ok()) \
      return latent_store_status;                                             \
  } while (false)

#endif  // LATENTSPACE_SERVER_STORE_STATUS_MACROS_H_
