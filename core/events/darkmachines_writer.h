// Writer of Dark Machines CSV event files (plain, or gzip when the name ends in ".gz"). The file
// appears under its name only when Close succeeds: until then it is written to "NAME.partial", so
// an interrupted write never leaves a truncated file behind. What it writes reads back exactly.
#ifndef LATENTSPACE_CORE_EVENTS_DARKMACHINES_WRITER_H_
#define LATENTSPACE_CORE_EVENTS_DARKMACHINES_WRITER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "core/events/event.h"
#include "core/events/text_file_writer.h"

namespace latentspace {

// The shortest decimal of `value` that reads back to the same double (std::to_chars), appended.
void AppendShortest(double value, std::string* out);

// Formats one event as a line (with its trailing ';' and no newline). Energies are written in MeV
// with the shortest decimal that reads back to the same GeV value.
std::string FormatDarkMachinesLine(const Event& event);
// The same line appended to *out (nothing allocated when *out has room).
void AppendDarkMachinesLine(const Event& event, std::string* out);

class DarkMachinesWriter {
 public:
  // As TextFileWriter::Create; the partial file is removed when Close was not called or failed.
  static absl::StatusOr<std::unique_ptr<DarkMachinesWriter>> Create(const std::string& path);

  // Refuses an event the reader would refuse (ValidateEvent), or whose ids contain ';' or a
  // newline; nothing is written then.
  absl::Status Write(const Event& event);
  // Flushes, syncs and renames the file into place.
  absl::Status Close();

 private:
  explicit DarkMachinesWriter(std::unique_ptr<TextFileWriter> file);

  std::unique_ptr<TextFileWriter> file_;
  std::string line_;
};

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_EVENTS_DARKMACHINES_WRITER_H_
