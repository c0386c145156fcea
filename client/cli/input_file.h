// A command's input file, read in chunks for the API: events (Dark Machines CSV, HepMC3, LHE,
// opened by OpenEventFile) or the rows of a feature table (a CSV whose first line names its
// columns, or any CSV under --format table), so that uploads, `embed`, `nearest` and
// `contours --sample` take either. A table goes as FeatureTable payloads: the server picks the
// model's columns by name.
#ifndef LATENTSPACE_CLIENT_CLI_INPUT_FILE_H_
#define LATENTSPACE_CLIENT_CLI_INPUT_FILE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "client/cli/command_context.h"
#include "client/cli/event_file.h"
#include "core/events/event_reader.h"
#include "core/features/feature_table.h"
#include "latentspace/v1/events.pb.h"

namespace latentspace::cli {

// What --format adds for the commands that take tables.
inline constexpr char kTableFormatHelp[] =
    "; or table (a CSV feature table with a header row naming its columns, detected by that row)";

class InputFile {
 public:
  // A table under --format table, or --format auto and a first line naming columns (a bad header
  // is then a local error naming the column); --smear on a table is a usage error. Otherwise
  // OpenEventFile's events (`level` as there; a table's level is detector).
  static absl::StatusOr<std::unique_ptr<InputFile>> Open(const std::string& file,
                                                         const EventFileArgs& args,
                                                         const CommandContext& context,
                                                         int* exit_code,
                                                         v1::EventLevel* level = nullptr);

  // One of the two is set.
  EventReader* events() const { return events_.get(); }
  FeatureTableReader* table() const { return table_.get(); }

  // Appends up to `max` next events (as Events) or rows (as the table, its columns named; fewer
  // for a wide table, at most 512 KiB of values) to *batch, which holds only what this file
  // appended; false once none remain. Reader errors (file:line and problem) are returned as they
  // are.
  absl::StatusOr<bool> AppendTo(int max, v1::EventBatch* batch);
  // Appends up to `max` next rows to *chunk (its columns named; fewer as AppendTo says); false
  // once none remain.
  absl::StatusOr<bool> AppendRows(int max, v1::FeatureTable* chunk);

  int64_t bytes_consumed() const;
  int64_t file_bytes() const;

 private:
  std::unique_ptr<EventReader> events_;
  std::unique_ptr<FeatureTableReader> table_;
};

// The events or rows `batch` holds.
int64_t BatchSize(const v1::EventBatch& batch);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_INPUT_FILE_H_
