// Name validation for samples, encoders and theory parameters.
#include "server/store/name_validation.h"

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace latentspace::store {
namespace {

bool IsNameCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

}  // namespace

std::string QuoteForMessage(absl::string_view value) {
  constexpr size_t kShown = 160;
  if (value.size() <= kShown) return absl::StrCat("\"", absl::CHexEscape(value), "\"");
  return absl::StrCat("\"", absl::CHexEscape(value.substr(0, kShown)), "\"... (", value.size(),
                      " bytes)");
}

absl::Status ValidateName(absl::string_view what, absl::string_view name) {
  bool valid = !name.empty() && name.size() <= static_cast<size_t>(kMaxNameLength) &&
               name.front() != '.' && name.front() != '-';
  for (char c : name) valid = valid && IsNameCharacter(c);
  if (valid) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(what, " ", QuoteForMessage(name), " is invalid: use 1-", kMaxNameLength,
                   " characters of [A-Za-z0-9._-], not starting with '.' or '-'"));
}

absl::Status ValidateParameterName(absl::string_view name) {
  bool valid = !name.empty() && name.size() <= static_cast<size_t>(kMaxNameLength) &&
               name.front() != ' ' && name.back() != ' ';
  for (char c : name) valid = valid && c >= 0x20 && c <= 0x7e;
  if (valid) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("parameter name ", QuoteForMessage(name), " is invalid: use 1-", kMaxNameLength,
                   " printable ASCII characters without leading or trailing space"));
}

}  // namespace latentspace::store
