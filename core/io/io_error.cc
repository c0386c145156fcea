// Failed file operations as statuses.
#include "core/io/io_error.h"

#include <cerrno>
#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"

namespace latentspace {

absl::Status IoError(absl::string_view path, absl::string_view what, int error,
                     absl::StatusCode otherwise) {
  const std::string message = absl::StrCat(path, ": ", what, ": ", std::strerror(error));
  if (error == ENOSPC || error == EDQUOT) return absl::ResourceExhaustedError(message);
  return absl::Status(otherwise, message);
}

}  // namespace latentspace
