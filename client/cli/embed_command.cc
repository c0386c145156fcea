// `latentctl embed`.
#include "client/cli/embed_command.h"

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/cli/arguments.h"
#include "client/cli/csv_output.h"
#include "client/cli/exit_codes.h"
#include "client/cli/progress_bar.h"
#include "client/cli/proto_json.h"

namespace latentspace::cli {
namespace {

// Drops all but the last `count` events or rows of *batch.
void KeepTail(int64_t count, v1::EventBatch* batch) {
  const int64_t drop = BatchSize(*batch) - count;
  if (drop <= 0) return;
  if (batch->has_table()) {
    const int64_t row_bytes = batch->table().columns_size() * static_cast<int64_t>(sizeof(double));
    batch->mutable_table()->mutable_values()->erase(0, drop * row_bytes);
  } else {
    batch->mutable_events()->mutable_events()->DeleteSubrange(0, static_cast<int>(drop));
  }
}

}  // namespace

int EmbedRequestEvents(int k) { return std::max(k, kEmbedRequestEvents / k * k); }

absl::StatusOr<EmbedCounts> EmbedEvents(Client& client, const v1::Encoder& encoder,
                                        const EventSource& next_events,
                                        const CommandContext& context,
                                        const std::function<void(const v1::LatentPoint&)>& on_point,
                                        int* exit_code) {
  const int k = std::max(1, encoder.events_per_set());
  // Every request pins the version GetEncoder resolved, so that all points share one encoder.
  v1::EmbedRequest request;
  request.mutable_encoder()->set_name(encoder.name());
  request.mutable_encoder()->set_version(encoder.version());
  v1::EventBatch* batch = request.mutable_batch();
  // Accepted events of an incomplete last set stay at the head of the next request (the tail of a
  // request holding `leftover_events` events holds none that formed a set).
  EmbedCounts counts;
  for (bool more = true; more;) {
    const int64_t carried = BatchSize(*batch);
    absl::StatusOr<bool> read = next_events(EmbedRequestEvents(k), batch);
    if (!read.ok()) {
      *exit_code = context.LocalError(read.status().message());
      return read.status();
    }
    more = *read;
    const int64_t added = BatchSize(*batch) - carried;
    if (added == 0) break;
    counts.events += added;
    absl::StatusOr<v1::EmbedResponse> response = client.Embed(request);
    if (!response.ok()) {
      *exit_code = context.ServerError(response.status());
      return response.status();
    }
    for (const v1::LatentPoint& point : response->points()) on_point(point);
    counts.sets += response->points_size();
    counts.skipped += response->skipped_events();
    KeepTail(response->leftover_events(), batch);
  }
  return counts;
}

absl::StatusOr<EmbedCounts> EmbedEventFile(
    Client& client, const v1::Encoder& encoder, InputFile& input, const std::string& file,
    const CommandContext& context, const std::function<void(const v1::LatentPoint&)>& on_point,
    int* exit_code) {
  ProgressBar bar(absl::StrCat("embedding ", file));
  return EmbedEvents(
      client, encoder,
      [&](int max_events, v1::EventBatch* batch) {
        bar.Update(input.bytes_consumed(), input.file_bytes());
        return input.AppendTo(max_events, batch);
      },
      context, on_point, exit_code);
}

int RunEmbed(const EmbedArgs& args, const CommandContext& context) {
  absl::StatusOr<v1::EncoderRef> ref = ParseEncoderRef(args.encoder);
  if (!ref.ok()) return context.UsageError(ref.status().message());
  int exit_code = kExitOk;
  absl::StatusOr<std::unique_ptr<InputFile>> input =
      InputFile::Open(args.file, args.events, context, &exit_code);
  if (!input.ok()) return exit_code;
  absl::StatusOr<Client> client = context.Connect(&exit_code);
  if (!client.ok()) return exit_code;
  absl::StatusOr<v1::Encoder> encoder = client->GetEncoder(*ref);
  if (!encoder.ok()) return context.ServerError(encoder.status());
  const int k = std::max(1, encoder->events_per_set());

  CsvOutput csv;
  if (absl::Status opened = csv.Open(args.out, "set,x,y", context); !opened.ok()) {
    return context.LocalError(opened.message());
  }
  Json points = Json::array();
  int64_t set = 0;
  const absl::StatusOr<EmbedCounts> counts = EmbedEventFile(
      *client, *encoder, **input, args.file, context,
      [&](const v1::LatentPoint& point) {
        if (csv.rows() != nullptr) {
          *csv.rows() << absl::StrFormat("%d,%.9g,%.9g\n", set, point.x(), point.y());
        } else {
          points.push_back({{"set", set}, {"x", point.x()}, {"y", point.y()}});
        }
        ++set;
      },
      &exit_code);
  if (!counts.ok()) return exit_code;
  if (absl::Status closed = csv.Close(); !closed.ok()) return context.LocalError(closed.message());

  const int64_t in_no_set = counts->events - counts->sets * k;
  if (context.global.json) {
    Json summary = {{"encoder", encoder->name()},
                    {"encoder_version", encoder->version()},
                    {"events", counts->events},
                    {"sets", counts->sets},
                    {"events_in_no_set", in_no_set}};
    if (csv.collects_json()) summary["points"] = std::move(points);
    context.PrintJson(summary);
  } else {
    std::ostream& summary = args.out.empty() ? context.err : context.out;
    summary << absl::StrFormat(
        "embedded %d events as %d sets of %d with encoder %s:%d (%d events in no set: skipped by "
        "the preset or in an incomplete set)%s\n",
        counts->events, counts->sets, k, encoder->name(), encoder->version(), in_no_set,
        args.out.empty() ? "" : absl::StrCat("; wrote ", args.out));
  }
  return kExitOk;
}

void AddEmbedCommand(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<EmbedArgs>();
  CLI::App* command = app.add_subcommand(
      "embed", "Embed an event file or a feature table with an encoder (CSV set,x,y)");
  command->add_option("--encoder", args->encoder, "NAME or NAME:VERSION (default: latest)")
      ->required();
  command
      ->add_option("FILE", args->file,
                   "Dark Machines CSV (.csv, .csv.gz), HepMC3 or LHE file, or a feature table")
      ->required();
  AddEventFileOptions(command, &args->events, kTableFormatHelp);
  command->add_option("--out", args->out, "CSV file to write (default: stdout)");
  SetRun(command, global, exit_code, "embed",
         [args](const CommandContext& context) { return RunEmbed(*args, context); });
}

}  // namespace latentspace::cli
