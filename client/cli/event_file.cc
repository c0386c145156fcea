// Opening a command's event file, smeared when asked.
#include "client/cli/event_file.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "client/cli/arguments.h"
#include "core/features/feature_table.h"
#include "core/sim/object_smearing.h"

namespace latentspace::cli {

void AddEventFileOptions(CLI::App* command, EventFileArgs* args, const std::string& format_help) {
  command->add_option("--format", args->format, absl::StrCat(kEventFormatHelp, format_help))
      ->capture_default_str();
  command->add_flag("--smear", args->smear,
                    "truth- or parton-level input (HepMC, LHE): smear the objects with the "
                    "built-in simulator's detector response first");
  command->add_option("--smear-seed", args->smear_seed, "random seed of --smear")
      ->capture_default_str();
  command->add_option("--dataset", args->dataset, kDatasetHelp);
}

bool IsFeatureTableInput(const std::string& file, const EventFileArgs& args) {
  if (args.format == "table") return true;
  if (args.format != "auto") return false;
  const absl::StatusOr<EventFormat> format = ResolveEventFormat(args.format, file);
  return format.ok() && *format == EventFormat::kDarkMachines && LooksLikeFeatureTable(file);
}

absl::StatusOr<std::unique_ptr<EventReader>> OpenEventFile(const std::string& file,
                                                           const EventFileArgs& args,
                                                           const CommandContext& context,
                                                           int* exit_code, v1::EventLevel* level) {
  if (!args.dataset.empty()) {
    const absl::Status refused = absl::InvalidArgumentError(
        absl::StrCat("--dataset is for HDF5 feature tables; ", file, " is not one"));
    *exit_code = context.UsageError(refused.message());
    return refused;
  }
  absl::StatusOr<EventFormat> format = ResolveEventFormat(args.format, file);
  if (!format.ok()) {
    *exit_code = context.UsageError(format.status().message());
    return format.status();
  }
  if (args.smear && *format == EventFormat::kDarkMachines) {
    const absl::Status refused = absl::InvalidArgumentError(
        "--smear is for truth- or parton-level input (HepMC, LHE); a Dark Machines file is "
        "detector level already");
    *exit_code = context.UsageError(refused.message());
    return refused;
  }
  absl::StatusOr<std::unique_ptr<EventReader>> reader = OpenEventReader(file, *format);
  if (!reader.ok()) {
    *exit_code = context.LocalError(reader.status().message());
    return reader;
  }
  std::unique_ptr<EventReader> events = *std::move(reader);
  v1::EventLevel read_level = EventLevelOf(*format);
  if (args.smear) {
    events = std::make_unique<sim::SmearingReader>(std::move(events), args.smear_seed);
    read_level = v1::EVENT_LEVEL_DETECTOR;  // what a detector would have reconstructed
    context.err << "note: objects smeared with the built-in simulator's detector response "
                   "(resolutions, b-tagging efficiency, acceptance; docs/simulator.md), seed "
                << args.smear_seed << "\n";
  }
  if (level != nullptr) {
    *level = read_level;
  } else if (absl::string_view note = InputLevelNote(read_level); !note.empty()) {
    context.err << note << "\n";
  }
  return events;
}

}  // namespace latentspace::cli
