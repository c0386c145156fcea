// A command's input file, read in chunks for the API: events (Dark Machines CSV, HepMC3, LHE,
// opened by OpenEventFile) or the rows of a feature table (a CSV whose first line names its
// columns, any CSV under --format table, or an HDF5 table at --dataset), so that uploads,
// `embed`, `nearest`, `contours --sample`, `score` and `interpret` take either. A table goes as
// FeatureTable payloads: the server picks the model's columns by name.
#ifndef LATENTSPACE_CLIENT_CLI_INPUT_FILE_H_
#define LATENTSPACE_CLIENT_CLI_INPUT_FILE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/cli/command_context.h"
#include "client/cli/event_file.h"
#include "core/events/event.h"
#include "core/events/event_reader.h"
#include "core/features/feature_table.h"
#include "latentspace/v1/events.pb.h"

namespace latentspace::cli {

// What --format adds for the commands that take tables.
inline constexpr char kTableFormatHelp[] =
    "; or table (a feature table: CSV with a header row naming its columns, detected by that row, "
    "or HDF5, detected by its signature)";

class InputFile {
 public:
  // A table under --format table, or --format auto and an HDF5 file or a first line naming columns
  // (a bad header or HDF5 layout is then a local error naming the column or the object); --smear
  // on a table is a usage error. Otherwise OpenEventFile's events (`level` as there; a table's
  // level is detector).
  static absl::StatusOr<std::unique_ptr<InputFile>> Open(const std::string& file,
                                                         const EventFileArgs& args,
                                                         const CommandContext& context,
                                                         int* exit_code,
                                                         v1::EventLevel* level = nullptr);

  // One of the two is set.
  EventReader* events() const { return events_.get(); }
  FeatureTableReader* table() const { return table_.get(); }

  // Appends up to `max` next events (as Events; each also, as read, to *read when that is not
  // null) or rows (as the table, its columns named; fewer for a wide table, at most 512 KiB of
  // values) to *batch, which holds only what this file appended; false once none remain. Reader
  // errors (file:line and problem) are returned as they are.
  absl::StatusOr<bool> AppendTo(int max, v1::EventBatch* batch, std::vector<Event>* read = nullptr);
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

// Appends `from`'s event or row `index` to *to (a table's columns named when *to has none).
void AppendBatchItem(const v1::EventBatch& from, int64_t index, v1::EventBatch* to);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_INPUT_FILE_H_
