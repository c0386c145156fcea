// libFuzzer target: the names clients choose (server/store/name_validation.h). A sample or encoder
// name is accepted exactly when it is 1-128 characters of [A-Za-z0-9._-] not starting with '.' or
// '-' (so it is safe as a file name), a parameter name exactly when it is 1-128 printable ASCII
// characters without surrounding spaces; refusals are INVALID_ARGUMENT with a printable message;
// and QuoteForMessage is printable, bounded and, for short values, unescapes to the value.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "server/store/name_validation.h"
#include "tests/fuzz/fuzz_support.h"

namespace latentspace::fuzz {
namespace {

constexpr absl::string_view kNameCharacters =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";

bool Printable(absl::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isprint(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

void CheckQuote(absl::string_view value) {
  const std::string quoted = store::QuoteForMessage(value);
  Require(Printable(quoted), "a quoted value is printable", quoted);
  // At most 160 bytes shown, each escaped to at most 4 characters, and the size after them.
  Require(quoted.size() <= 2 + 4 * 160 + 32, "a quoted value is bounded");
  if (value.size() > 160) return;
  std::string unescaped;
  Require(absl::StartsWith(quoted, "\"") && absl::EndsWith(quoted, "\"") && quoted.size() >= 2 &&
              absl::CUnescape(quoted.substr(1, quoted.size() - 2), &unescaped) &&
              unescaped == value,
          "a short quoted value unescapes to the value", quoted);
}

void Run(absl::string_view name) {
  const bool sized = !name.empty() && name.size() <= static_cast<size_t>(store::kMaxNameLength);
  const absl::Status sample = store::ValidateName("sample name", name);
  const bool valid_name = sized && name.find_first_not_of(kNameCharacters) == name.npos &&
                          name.front() != '.' && name.front() != '-';
  Require(sample.ok() == valid_name, "sample names follow the documented rule", sample.ToString());
  if (sample.ok()) {
    Require(name != "." && name != ".." && name.find('/') == name.npos,
            "an accepted name is safe as a file name");
  } else {
    RequireInvalidArgument(sample, "a bad name is INVALID_ARGUMENT");
    Require(Printable(sample.message()) && absl::StrContains(sample.message(), "sample name"),
            "the refusal is printable and names what was refused", sample.ToString());
  }
  const absl::Status parameter = store::ValidateParameterName(name);
  const bool valid_parameter =
      sized && Printable(name) && name.front() != ' ' && name.back() != ' ';
  Require(parameter.ok() == valid_parameter, "parameter names follow the documented rule",
          parameter.ToString());
  if (!parameter.ok()) {
    RequireInvalidArgument(parameter, "a bad parameter name is INVALID_ARGUMENT");
    Require(Printable(parameter.message()), "the refusal is printable", parameter.ToString());
  }
  CheckQuote(name);
}

}  // namespace
}  // namespace latentspace::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  latentspace::fuzz::Run(latentspace::fuzz::AsText(data, size));
  return 0;
}
