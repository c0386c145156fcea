// The code base's early-return macros, for core, the server, the clients, the benchmarks and the
// tests alike, in functions that return absl::Status or absl::StatusOr<T>:
// LATENT_RETURN_IF_ERROR(expr) returns the absl::Status `expr` when it is not OK;
// LATENT_ASSIGN_OR_RETURN(lhs, expr) returns the status of the absl::StatusOr `expr` when it is not
// OK and otherwise moves its value into `lhs` (a declaration, `T name`, or a variable).
#ifndef LATENTSPACE_CORE_STATUS_MACROS_H_
#define LATENTSPACE_CORE_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"

#define LATENT_RETURN_IF_ERROR(expr)                                          \
  do {                                                                        \
    if (absl::Status latent_macro_status = (expr); !latent_macro_status.ok()) \
      return latent_macro_status;                                             \
  } while (false)

#define LATENT_ASSIGN_OR_RETURN(lhs, expr) \
  LATENT_ASSIGN_OR_RETURN_IMPL_(LATENT_MACRO_CONCAT_(latent_macro_statusor_, __LINE__), lhs, expr)

// Not for direct use: a name unique to the line, and the statements it stands for (`statusor` and
// `lhs` are a name and a declaration, which parentheses would break).
#define LATENT_MACRO_CONCAT_INNER_(a, b) a##b
#define LATENT_MACRO_CONCAT_(a, b) LATENT_MACRO_CONCAT_INNER_(a, b)
// NOLINTBEGIN(bugprone-macro-parentheses)
#define LATENT_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                  \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = *std::move(statusor)
// NOLINTEND(bugprone-macro-parentheses)

#endif  // LATENTSPACE_CORE_STATUS_MACROS_H_
