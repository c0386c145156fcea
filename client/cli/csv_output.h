// Where a latentctl command's CSV rows go (`embed`, `score`): the --out file, else stdout, unless
// --json without --out collects the rows into the JSON instead.
#ifndef LATENTSPACE_CLIENT_CLI_CSV_OUTPUT_H_
#define LATENTSPACE_CLIENT_CLI_CSV_OUTPUT_H_

#include <fstream>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "client/cli/command_context.h"

namespace latentspace::cli {

class CsvOutput {
 public:
  // Opens `path` (truncated) or takes context.out when it is empty, and writes `header` and a
  // newline; an unwritable path is an error naming it.
  absl::Status Open(const std::string& path, absl::string_view header,
                    const CommandContext& context);

  // The rows' stream; null when the rows go into the JSON.
  std::ostream* rows() const { return rows_; }
  bool collects_json() const { return rows_ == nullptr; }

  // Closes the file (nothing for stdout); a failed write is an error naming it.
  absl::Status Close();

 private:
  std::string path_;
  std::ofstream file_;
  std::ostream* rows_ = nullptr;
};

// `text` as a CSV field: quoted (with doubled quotes) when it holds a comma, a quote or a newline.
std::string CsvField(absl::string_view text);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_CSV_OUTPUT_H_
