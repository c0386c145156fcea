// Text output shared by latentctl's commands.
#include "client/cli/text_output.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"

namespace latentspace::cli {

void Table::Print(std::ostream& out) const {
  std::vector<size_t> widths;
  for (const auto& row : rows_) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  for (const auto& row : rows_) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    out << line << "\n";
  }
}

void PrintFields(const std::vector<std::pair<std::string, std::string>>& fields,
                 std::ostream& out) {
  size_t width = 0;
  for (const auto& [key, value] : fields) width = std::max(width, key.size());
  for (const auto& [key, value] : fields) {
    out << key << std::string(width - key.size() + 2, ' ') << value << "\n";
  }
}

std::string FormatTime(int64_t unix_ms) {
  if (unix_ms == 0) return "";
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::FromUnixMillis(unix_ms),
                          absl::UTCTimeZone());
}

std::string FormatNumber(double value) {
  if (std::isnan(value)) return "-";
  return absl::StrFormat("%.6g", value);
}

std::string FormatParameters(const google::protobuf::Map<std::string, double>& parameters) {
  if (parameters.empty()) return "-";
  const std::map<std::string, double> sorted(parameters.begin(), parameters.end());
  return absl::StrJoin(sorted, ", ", [](std::string* out, const auto& entry) {
    absl::StrAppend(out, entry.first, "=", FormatNumber(entry.second));
  });
}

std::string JobStateName(v1::JobState state) {
  return std::string(absl::StripPrefix(v1::JobState_Name(state), "JOB_STATE_"));
}

std::string EventLevelName(v1::EventLevel level) {
  if (level == v1::EVENT_LEVEL_UNSPECIFIED) level = v1::EVENT_LEVEL_DETECTOR;
  return absl::AsciiStrToLower(absl::StripPrefix(v1::EventLevel_Name(level), "EVENT_LEVEL_"));
}

void PrintWarnings(const google::protobuf::RepeatedPtrField<std::string>& warnings,
                   std::ostream& err) {
  for (const std::string& warning : warnings) err << "warning: " << warning << "\n";
}

std::string FormatDuration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "-";
  if (seconds < 60) return absl::StrFormat("%.1fs", seconds);
  const int64_t whole = static_cast<int64_t>(seconds);
  if (whole < 3600) return absl::StrFormat("%dm%02ds", whole / 60, whole % 60);
  return absl::StrFormat("%dh%02dm", whole / 3600, whole % 3600 / 60);
}

}  // namespace latentspace::cli
