// Where a latentctl command's CSV rows go.
#include "client/cli/csv_output.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace latentspace::cli {

absl::Status CsvOutput::Open(const std::string& path, absl::string_view header,
                             const CommandContext& context) {
  path_ = path;
  if (path.empty()) {
    rows_ = context.global.json ? nullptr : &context.out;
  } else {
    file_.open(path, std::ios::trunc);
    if (!file_) return absl::NotFoundError(absl::StrCat(path, ": cannot write"));
    rows_ = &file_;
  }
  if (rows_ != nullptr) *rows_ << header << "\n";
  return absl::OkStatus();
}

absl::Status CsvOutput::Close() {
  if (!file_.is_open()) return absl::OkStatus();
  file_.close();
  if (!file_) return absl::DataLossError(absl::StrCat(path_, ": write failed"));
  return absl::OkStatus();
}

std::string CsvField(absl::string_view text) {
  if (text.find_first_of(",\"\n") == absl::string_view::npos) return std::string(text);
  return absl::StrCat("\"", absl::StrReplaceAll(text, {{"\"", "\"\""}}), "\"");
}

}  // namespace latentspace::cli
