// Reading a command's events or feature table in chunks for the API.
#include "client/cli/input_file.h"

#include <algorithm>
#include <iterator>
#include <utility>
#include <vector>

#include "client/cli/file_events_to_proto.h"
#include "client/sdk/feature_table.h"
#include "core/features/hdf5_table.h"
#include "core/status_macros.h"

namespace latentspace::cli {
namespace {

constexpr size_t kMaxTableChunkBytes = size_t{512} * 1024;

}  // namespace

absl::StatusOr<std::unique_ptr<InputFile>> InputFile::Open(const std::string& file,
                                                           const EventFileArgs& args,
                                                           const CommandContext& context,
                                                           int* exit_code, v1::EventLevel* level) {
  auto input = std::make_unique<InputFile>();
  if (!IsFeatureTableInput(file, args)) {
    LATENT_ASSIGN_OR_RETURN(input->events_, OpenEventFile(file, args, context, exit_code, level));
    return input;
  }
  if (args.smear) {
    const absl::Status refused = absl::InvalidArgumentError(
        "--smear is for truth- or parton-level events (HepMC, LHE), not a feature table");
    *exit_code = context.UsageError(refused.message());
    return refused;
  }
  absl::StatusOr<std::unique_ptr<FeatureTableReader>> reader = OpenFeatureTable(file, args.dataset);
  if (!reader.ok()) {
    *exit_code = context.LocalError(reader.status().message());
    return reader.status();
  }
  input->table_ = *std::move(reader);
  if (level != nullptr) *level = v1::EVENT_LEVEL_DETECTOR;
  return input;
}

absl::StatusOr<bool> InputFile::AppendRows(int max, v1::FeatureTable* chunk) {
  if (chunk->columns().empty()) {
    chunk->mutable_columns()->Add(table_->columns().begin(), table_->columns().end());
  }
  // Wide tables (hundreds of columns) take fewer rows, so that a message stays far under any
  // server's --max-message-mb.
  const size_t row_bytes = table_->columns().size() * sizeof(double);
  const int rows = std::min<int>(max, std::max<size_t>(1, kMaxTableChunkBytes / row_bytes));
  std::vector<double> row;
  for (int i = 0; i < rows; ++i) {
    LATENT_ASSIGN_OR_RETURN(bool more, table_->Next(&row));
    if (!more) return false;
    AppendFeatureTableRow(row, chunk);
  }
  return true;
}

absl::StatusOr<bool> InputFile::AppendTo(int max, v1::EventBatch* batch, std::vector<Event>* read) {
  if (table_ != nullptr) return AppendRows(max, batch->mutable_table());
  std::vector<Event> chunk;
  LATENT_ASSIGN_OR_RETURN(bool more, ReadEvents(*events_, max, &chunk));
  auto* events = batch->mutable_events()->mutable_events();
  events->Reserve(events->size() + static_cast<int>(chunk.size()));
  for (const Event& event : chunk) ToProtoEvent(event, events->Add());
  if (read != nullptr) std::move(chunk.begin(), chunk.end(), std::back_inserter(*read));
  return more;
}

int64_t InputFile::bytes_consumed() const {
  return table_ != nullptr ? table_->bytes_consumed() : events_->bytes_consumed();
}

int64_t InputFile::file_bytes() const {
  return table_ != nullptr ? table_->file_bytes() : events_->file_bytes();
}

int64_t BatchSize(const v1::EventBatch& batch) {
  return batch.has_table() ? FeatureTableRows(batch.table()) : batch.events().events_size();
}

void AppendBatchItem(const v1::EventBatch& from, int64_t index, v1::EventBatch* to) {
  if (!from.has_table()) {
    *to->mutable_events()->add_events() = from.events().events(static_cast<int>(index));
    return;
  }
  v1::FeatureTable* table = to->mutable_table();
  if (table->columns().empty()) *table->mutable_columns() = from.table().columns();
  AppendFeatureTableRow(FeatureTableRow(from.table(), index), table);
}

}  // namespace latentspace::cli
