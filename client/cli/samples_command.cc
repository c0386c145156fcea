// `latentctl samples upload|list|show|delete`.
#include "client/cli/samples_command.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/cli/arguments.h"
#include "client/cli/exit_codes.h"
#include "client/cli/file_events_to_proto.h"
#include "client/cli/input_file.h"
#include "client/cli/progress_bar.h"
#include "client/cli/proto_json.h"
#include "client/cli/text_output.h"
#include "core/sim/families.h"

namespace latentspace::cli {
namespace {

// What a sample holds: "events", or "table: " and its columns (the first few when `short_form`).
std::string SampleContent(const v1::Sample& sample, bool short_form) {
  if (sample.columns().empty()) return "events";
  constexpr int kShown = 4;
  if (!short_form || sample.columns_size() <= kShown) {
    return absl::StrCat("table: ", absl::StrJoin(sample.columns(), ", "));
  }
  return absl::StrCat(
      "table: ", absl::StrJoin(sample.columns().begin(), sample.columns().begin() + kShown, ", "),
      " and ", sample.columns_size() - kShown, " more");
}

void PrintSample(const v1::Sample& sample, std::ostream& out) {
  PrintFields({{"name", sample.name()},
               {"holds", SampleContent(sample, false)},
               {"events", absl::StrCat(sample.num_events())},
               {"parameters", FormatParameters(sample.parameters())},
               {"family", sample.family().empty() ? "none" : sample.family()},
               {"level", EventLevelName(sample.level())},
               {"format", sample.source_format()},
               {"stored bytes", absl::StrCat(sample.stored_bytes())},
               {"checksum", sample.checksum()},
               {"created", FormatTime(sample.created_unix_ms())}},
              out);
}

void PrintSampleTable(const v1::ListSamplesResponse& response, std::ostream& out) {
  Table table({"NAME", "EVENTS", "LEVEL", "PARAMETERS", "HOLDS", "CREATED"});
  for (const v1::Sample& sample : response.samples()) {
    table.AddRow({sample.name(), absl::StrCat(sample.num_events()), EventLevelName(sample.level()),
                  FormatParameters(sample.parameters()), SampleContent(sample, true),
                  FormatTime(sample.created_unix_ms())});
  }
  table.Print(out);
}

// The family and theory parameters a file from `latentctl simulate` records in its (first
// event's) process id, e.g. gluino_mgluino1600_mneutralino500; none for any other file. A file
// that cannot be read gives none here: the upload itself reports the problem.
struct ProcessIdModel {
  std::string family;
  std::map<std::string, double> parameters;
};
ProcessIdModel ModelFromProcessId(const std::string& file, EventFormat format) {
  absl::StatusOr<std::unique_ptr<EventReader>> reader = OpenEventReader(file, format);
  Event first;
  if (!reader.ok() || !(*reader)->Next(&first).value_or(false)) return {};
  absl::StatusOr<sim::ParsedProcessId> parsed = sim::ParseProcessId(first.process_id);
  if (!parsed.ok()) return {};
  return {parsed->family->name, parsed->parameters};
}

Json SampleListToJson(const v1::ListSamplesResponse& response) {
  Json samples = Json::array();
  for (const v1::Sample& sample : response.samples()) samples.push_back(SampleToJson(sample));
  return {{"samples", samples}};
}

}  // namespace

int RunSamplesUpload(const UploadArgs& args, const CommandContext& context) {
  absl::StatusOr<std::map<std::string, double>> parameters = ParseParameters(args.parameters);
  if (!parameters.ok()) return context.UsageError(parameters.status().message());
  int exit_code = kExitOk;
  v1::EventLevel level = v1::EVENT_LEVEL_UNSPECIFIED;
  absl::StatusOr<std::unique_ptr<InputFile>> opened =
      InputFile::Open(args.file, args.events, context, &exit_code, &level);
  if (!opened.ok()) return exit_code;
  InputFile& input = **opened;
  // Stored with the sample; no known model to compare with yet, so the note is said here.
  if (absl::string_view note = InputLevelNote(level); !note.empty()) context.err << note << "\n";
  std::string format = "table";
  std::string family = args.family;
  if (input.events() != nullptr) {
    const EventFormat event_format = *ResolveEventFormat(args.events.format, args.file);  // opened
    format = std::string(EventFormatName(event_format));
    if (parameters->empty() || family.empty()) {
      const ProcessIdModel model = ModelFromProcessId(args.file, event_format);
      if (parameters->empty() && !model.parameters.empty()) {
        *parameters = model.parameters;
        if (!context.global.json) {
          google::protobuf::Map<std::string, double> shown(parameters->begin(), parameters->end());
          context.err << "parameters from the file's process id: " << FormatParameters(shown)
                      << "\n";
        }
      }
      if (family.empty() && !model.family.empty()) {
        family = model.family;
        if (!context.global.json)
          context.err << "family from the file's process id: " << family << "\n";
      }
    }
  }
  absl::StatusOr<Client> client = context.Connect(&exit_code);
  if (!client.ok()) return exit_code;

  v1::SampleHeader header;
  header.set_name(args.name);
  header.mutable_parameters()->insert(parameters->begin(), parameters->end());
  header.set_overwrite(args.overwrite);
  header.set_source_format(format);
  header.set_family(family);
  header.set_level(level);
  absl::Status read_error;
  // A read error aborts the upload (the server stores nothing) and is reported as local.
  const auto checked = [&read_error](absl::StatusOr<bool> more) {
    if (!more.ok()) read_error = more.status();
    return more;
  };
  ProgressBar bar(absl::StrCat("uploading ", args.name));
  const auto progress = [&](int64_t) { bar.Update(input.bytes_consumed(), input.file_bytes()); };
  absl::StatusOr<v1::Sample> sample =
      input.events() != nullptr
          ? client->UploadSampleColumns(
                header,
                [&](v1::EventColumns* chunk) {
                  return checked(ReadEventColumns(*input.events(), kUploadChunkEvents, chunk));
                },
                progress)
          : client->UploadSampleTable(
                header,
                [&](v1::FeatureTable* chunk) {
                  return checked(input.AppendRows(kUploadChunkEvents, chunk));
                },
                progress);
  if (!read_error.ok()) return context.LocalError(read_error.message());
  return context.Print(sample, SampleToJson, PrintSample);
}

int RunSamplesList(const CommandContext& context) {
  int exit_code = kExitOk;
  absl::StatusOr<Client> client = context.Connect(&exit_code);
  if (!client.ok()) return exit_code;
  return context.Print(client->ListSamples(), SampleListToJson, PrintSampleTable);
}

int RunSamplesShow(const std::string& name, const CommandContext& context) {
  int exit_code = kExitOk;
  absl::StatusOr<Client> client = context.Connect(&exit_code);
  if (!client.ok()) return exit_code;
  return context.Print(client->GetSample(name), SampleToJson, PrintSample);
}

int RunSamplesDelete(const std::string& name, const CommandContext& context) {
  int exit_code = kExitOk;
  absl::StatusOr<Client> client = context.Connect(&exit_code);
  if (!client.ok()) return exit_code;
  return context.Print(
      client->DeleteSample(name),
      [&name](const v1::DeleteSampleResponse&) {
        return Json{{"deleted", name}};
      },
      [&name](const v1::DeleteSampleResponse&, std::ostream& out) {
        out << "deleted sample " << name << "\n";
      });
}

void AddSamplesCommand(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  CLI::App* samples = app.add_subcommand("samples", "Upload, list, show and delete samples");
  samples->require_subcommand(1);

  auto upload = std::make_shared<UploadArgs>();
  CLI::App* command = samples->add_subcommand(
      "upload", "Upload an event file or a feature table as a named sample");
  command
      ->add_option("FILE", upload->file,
                   "Dark Machines CSV (.csv, .csv.gz), HepMC3 or LHE file, or a feature table")
      ->required();
  command->add_option("--name", upload->name, "sample (model) name")->required();
  command->add_option("--param", upload->parameters,
                      "theory parameter NAME=VALUE (repeatable); without any, a file from "
                      "`latentctl simulate` gives those of its process id");
  AddEventFileOptions(command, &upload->events, kTableFormatHelp);
  command->add_option("--family", upload->family,
                      "model family (e.g. gluino): parameters are inferred only among models of "
                      "one family; without it, a simulator file's process id gives it");
  command->add_flag("--overwrite", upload->overwrite, "replace a sample of the same name");
  SetRun(command, global, exit_code, "samples upload",
         [upload](const CommandContext& context) { return RunSamplesUpload(*upload, context); });

  SetRun(samples->add_subcommand("list", "List the stored samples"), global, exit_code,
         "samples list", RunSamplesList);

  auto name = std::make_shared<std::string>();
  command = samples->add_subcommand("show", "Show one sample");
  command->add_option("NAME", *name, "sample name")->required();
  SetRun(command, global, exit_code, "samples show",
         [name](const CommandContext& context) { return RunSamplesShow(*name, context); });

  command = samples->add_subcommand("delete", "Delete a sample");
  command->add_option("NAME", *name, "sample name")->required();
  SetRun(command, global, exit_code, "samples delete",
         [name](const CommandContext& context) { return RunSamplesDelete(*name, context); });
}

}  // namespace latentspace::cli
