// Prometheus naming rules for metric and label names; the abort-on-programmer-error helper.
#include "server/metrics/metric_names.h"

#include <cstdio>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace latentspace::metrics {
namespace {

// Checks `name` against [first][rest]* where `colon_allowed` adds ':' to both classes.
bool MatchesNameRule(absl::string_view name, bool colon_allowed) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool ok = absl::ascii_isalpha(static_cast<unsigned char>(c)) || c == '_' ||
                    (colon_allowed && c == ':') ||
                    (i > 0 && absl::ascii_isdigit(static_cast<unsigned char>(c)));
    if (!ok) return false;
  }
  return true;
}

absl::Status ValidateName(absl::string_view kind, absl::string_view name, bool colon_allowed) {
  const absl::string_view rule =
      colon_allowed ? "[a-zA-Z_:][a-zA-Z0-9_:]*" : "[a-zA-Z_][a-zA-Z0-9_]*";
  if (!MatchesNameRule(name, colon_allowed)) {
    return absl::InvalidArgumentError(
        absl::StrCat(kind, " name \"", absl::Utf8SafeCEscape(name), "\" does not match ", rule));
  }
  if (absl::StartsWith(name, "__")) {
    return absl::InvalidArgumentError(absl::StrCat(
        kind, " name \"", name, "\" starts with \"__\", which Prometheus reserves for itself"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateMetricName(absl::string_view name) {
  return ValidateName("metric", name, /*colon_allowed=*/true);
}

absl::Status ValidateLabelName(absl::string_view name) {
  return ValidateName("label", name, /*colon_allowed=*/false);
}

absl::Status ValidateLabelNames(const Labels& labels) {
  for (const auto& [name, value] : labels) {
    absl::Status status = ValidateLabelName(name);
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

void DieIfError(const absl::Status& status) {
  if (status.ok()) return;
  std::fprintf(stderr, "latent_metrics: programmer error: %s\n", status.ToString().c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace latentspace::metrics
