// `latentctl embed`.
#include "client/cli/embed_command.h"

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/cli/arguments.h"
#include "client/cli/csv_output.h"
#include "client/cli/exit_codes.h"
#include "client/cli/file_events_to_proto.h"
#include "client/cli/progress_bar.h"
#include "client/cli/proto_json.h"

namespace latentspace::cli {
namespace {

// Moves the last `count` events of *events to *carry.
void TakeTail(google::protobuf::RepeatedPtrField<v1::Event>* events, int64_t count,
              std::vector<v1::Event>* carry) {
  const int size = events->size();
  for (int i = size - static_cast<int>(std::min<int64_t>(count, size)); i < size; ++i) {
    carry->emplace_back().Swap(events->Mutable(i));
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
  auto* events = request.mutable_batch()->mutable_events()->mutable_events();
  // Accepted events of an incomplete last set go again at the head of the next request (the tail
  // of a request holding `leftover_events` events holds none that formed a set).
  std::vector<v1::Event> carry;
  EmbedCounts counts;
  for (bool more = true; more;) {
    std::vector<v1::Event> chunk;
    absl::StatusOr<bool> read = next_events(EmbedRequestEvents(k), &chunk);
    if (!read.ok()) {
      *exit_code = context.LocalError(read.status().message());
      return read.status();
    }
    more = *read;
    if (chunk.empty()) break;
    counts.events += static_cast<int64_t>(chunk.size());
    events->Clear();
    for (v1::Event& event : carry) events->Add()->Swap(&event);
    for (v1::Event& event : chunk) events->Add()->Swap(&event);
    carry.clear();
    absl::StatusOr<v1::EmbedResponse> response = client.Embed(request);
    if (!response.ok()) {
      *exit_code = context.ServerError(response.status());
      return response.status();
    }
    for (const v1::LatentPoint& point : response->points()) on_point(point);
    counts.sets += response->points_size();
    counts.skipped += response->skipped_events();
    TakeTail(events, response->leftover_events(), &carry);
  }
  return counts;
}

absl::StatusOr<EmbedCounts> EmbedEventFile(
    Client& client, const v1::Encoder& encoder, EventReader& reader, const std::string& file,
    const CommandContext& context, const std::function<void(const v1::LatentPoint&)>& on_point,
    int* exit_code) {
  ProgressBar bar(absl::StrCat("embedding ", file));
  return EmbedEvents(
      client, encoder,
      [&](int max_events, std::vector<v1::Event>* chunk) {
        bar.Update(reader.bytes_consumed(), reader.file_bytes());
        return ReadProtoEvents(reader, max_events, chunk);
      },
      context, on_point, exit_code);
}

int RunEmbed(const EmbedArgs& args, const CommandContext& context) {
  absl::StatusOr<v1::EncoderRef> ref = ParseEncoderRef(args.encoder);
  if (!ref.ok()) return context.UsageError(ref.status().message());
  int exit_code = kExitOk;
  absl::StatusOr<std::unique_ptr<EventReader>> reader =
      OpenEventFile(args.file, args.events, context, &exit_code);
  if (!reader.ok()) return exit_code;
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
      *client, *encoder, **reader, args.file, context,
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
  CLI::App* command =
      app.add_subcommand("embed", "Embed an event file with an encoder (CSV set,x,y)");
  command->add_option("--encoder", args->encoder, "NAME or NAME:VERSION (default: latest)")
      ->required();
  command->add_option("FILE", args->file, "Dark Machines CSV (.csv, .csv.gz) or HepMC3 file")
      ->required();
  AddEventFileOptions(command, &args->events);
  command->add_option("--out", args->out, "CSV file to write (default: stdout)");
  SetRun(command, global, exit_code, "embed",
         [args](const CommandContext& context) { return RunEmbed(*args, context); });
}

}  // namespace latentspace::cli
