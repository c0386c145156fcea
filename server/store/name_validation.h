// Validation of the names clients choose (samples, encoders, theory parameters), so that a name is
// always safe to print, to log and to use in a file name.
#ifndef LATENTSPACE_SERVER_STORE_NAME_VALIDATION_H_
#define LATENTSPACE_SERVER_STORE_NAME_VALIDATION_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace latentspace::store {

inline constexpr int kMaxNameLength = 128;

// Sample and encoder names: 1-128 characters of [A-Za-z0-9._-], not starting with '.' or '-'. So
// "../x", spaces, control characters and non-ASCII are rejected. INVALID_ARGUMENT naming `what`
// ("sample name") and the value, quoted and C-escaped.
absl::Status ValidateName(absl::string_view what, absl::string_view name);

// Theory parameter names ("mgluino", "m_{Z'}"): 1-128 printable ASCII characters without leading or
// trailing space. INVALID_ARGUMENT as above.
absl::Status ValidateParameterName(absl::string_view name);

// `value` quoted and C-escaped for an error message, cut to 160 characters: "\"..\\/x\"".
std::string QuoteForMessage(absl::string_view value);

}  // namespace latentspace::store

#endif  // LATENTSPACE_SERVER_STORE_NAME_VALIDATION_H_
