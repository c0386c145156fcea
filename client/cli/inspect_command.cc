// `latentctl inspect FILE`: an offline summary of an event file.
#include "client/cli/inspect_command.h"

#include <iomanip>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/cli/arguments.h"
#include "client/cli/event_file.h"
#include "client/cli/exit_codes.h"
#include "client/cli/progress_bar.h"
#include "core/events/object_type.h"
#include "core/features/feature_table.h"
#include "core/features/hdf5_table.h"

namespace latentspace::cli {
namespace {

nlohmann::ordered_json StatsToJson(const RunningStats& stats) {
  return {{"mean", stats.mean()}, {"std", stats.std()}, {"min", stats.min()}, {"max", stats.max()}};
}

void PrintTable(const FileSummary& summary, std::ostream& out) {
  out << absl::StrFormat("file     %s (%s)\n", summary.path, EventFormatName(summary.format));
  out << absl::StrFormat("events   %d\n", summary.events);
  out << "processes\n";
  for (const auto& [process, count] : summary.processes) {
    out << absl::StrFormat("  %-40s %10d\n", process, count);
  }
  out << absl::StrFormat("objects per event   %8s %8s %6s %6s\n", "mean", "std", "min", "max");
  const auto stats_row = [&out](absl::string_view name, const RunningStats& stats) {
    out << absl::StrFormat("  %-17s %8.3f %8.3f %6g %6g\n", name, stats.mean(), stats.std(),
                           stats.min(), stats.max());
  };
  stats_row("all", summary.objects_per_event);
  for (int t = 0; t < kNumObjectTypes; ++t) {
    stats_row(ObjectTypeName(static_cast<ObjectType>(t)), summary.objects_per_event_by_type[t]);
  }
  if (!summary.preset) return;
  out << absl::StrFormat(
      "preset %s (selection %s, missing jets: %s): %d events accepted\n", summary.preset->name(),
      SelectionName(summary.options.selection.value_or(summary.preset->selection())),
      MissingJetPolicyName(summary.options.missing_jets), summary.counts.accepted);
  out << absl::StrFormat("  %-14s %12s %12s %12s %12s\n", "feature", "mean", "std", "min", "max");
  for (int i = 0; i < summary.preset->num_features(); ++i) {
    const RunningStats& stats = summary.features[i];
    out << absl::StrFormat("  %-14s %12.5g %12.5g %12.5g %12.5g\n",
                           summary.preset->feature_names()[i], stats.mean(), stats.std(),
                           stats.min(), stats.max());
  }
  out << absl::StrFormat("skipped  %d (too few jets %d, failed selection %d)\n",
                         summary.counts.skipped(), summary.counts.too_few_jets,
                         summary.counts.failed_selection);
}

// A feature table: its rows, then each column's distribution.
void PrintTableSummary(const FeatureTableSummary& summary, std::ostream& out) {
  out << absl::StrFormat("file     %s (feature table)\n", summary.path);
  out << absl::StrFormat("rows     %d\n", summary.rows);
  out << absl::StrFormat("  %-20s %12s %12s %12s %12s\n", "column", "mean", "std", "min", "max");
  for (size_t c = 0; c < summary.columns.size(); ++c) {
    const RunningStats& stats = summary.stats[c];
    out << absl::StrFormat("  %-20s %12.5g %12.5g %12.5g %12.5g\n", summary.columns[c],
                           stats.mean(), stats.std(), stats.min(), stats.max());
  }
}

// `inspect` of a feature table (--format table, or a CSV whose first line names columns).
int InspectFeatureTable(const std::string& file, const std::string& dataset, bool json,
                        std::ostream& out, std::ostream& err) {
  ProgressBar bar("reading " + file);
  absl::StatusOr<std::unique_ptr<FeatureTableReader>> table = OpenFeatureTable(file, dataset);
  absl::StatusOr<FeatureTableSummary> summary =
      table.ok() ? SummariseFeatureTable(
                       **table, [&bar](int64_t done, int64_t total) { bar.Update(done, total); })
                 : table.status();
  if (!summary.ok()) {
    err << "latentctl inspect: " << summary.status().message() << "\n";
    return kExitError;
  }
  if (json) {
    out << TableSummaryToJson(*summary).dump(2, ' ', false,
                                             nlohmann::json::error_handler_t::replace)
        << "\n";
  } else {
    PrintTableSummary(*summary, out);
  }
  return kExitOk;
}

}  // namespace

nlohmann::ordered_json TableSummaryToJson(const FeatureTableSummary& summary) {
  nlohmann::ordered_json json;
  json["file"] = summary.path;
  json["format"] = "table";
  json["rows"] = summary.rows;
  json["columns"] = summary.columns;
  json["features"] = nlohmann::ordered_json::object();
  for (size_t c = 0; c < summary.columns.size(); ++c) {
    json["features"][summary.columns[c]] = StatsToJson(summary.stats[c]);
  }
  return json;
}

nlohmann::ordered_json SummaryToJson(const FileSummary& summary) {
  nlohmann::ordered_json json;
  json["file"] = summary.path;
  json["format"] = EventFormatName(summary.format);
  json["events"] = summary.events;
  json["processes"] = nlohmann::ordered_json::object();
  for (const auto& [process, count] : summary.processes) json["processes"][process] = count;
  nlohmann::ordered_json objects;
  objects["all"] = StatsToJson(summary.objects_per_event);
  for (int t = 0; t < kNumObjectTypes; ++t) {
    objects[std::string(ObjectTypeName(static_cast<ObjectType>(t)))] =
        StatsToJson(summary.objects_per_event_by_type[t]);
  }
  json["objects_per_event"] = objects;
  json["preset"] = summary.preset ? nlohmann::ordered_json(summary.preset->name()) : nullptr;
  json["features"] = nlohmann::ordered_json::object();
  if (summary.preset) {
    json["selection"] =
        SelectionName(summary.options.selection.value_or(summary.preset->selection()));
    json["missing_jets"] = MissingJetPolicyName(summary.options.missing_jets);
    for (int i = 0; i < summary.preset->num_features(); ++i) {
      json["features"][summary.preset->feature_names()[i]] = StatsToJson(summary.features[i]);
    }
  }
  json["accepted"] = summary.counts.accepted;
  json["skipped"] = summary.counts.skipped();
  json["skipped_reasons"] = {{"too_few_jets", summary.counts.too_few_jets},
                             {"failed_selection", summary.counts.failed_selection}};
  return json;
}

int RunInspect(const InspectArgs& args, bool json, std::ostream& out, std::ostream& err) {
  EventFileArgs input;
  input.format = args.format;
  if (IsFeatureTableInput(args.file, input)) {
    return InspectFeatureTable(args.file, args.dataset, json, out, err);
  }
  if (!args.dataset.empty()) {
    err << "latentctl inspect: --dataset is for HDF5 feature tables\n";
    return kExitUsage;
  }
  EventFormat format = GuessEventFormat(args.file);
  if (args.format != "auto") {
    absl::StatusOr<EventFormat> parsed = ParseEventFormat(args.format);
    if (!parsed.ok()) {
      err << "latentctl inspect: --format: " << parsed.status().message() << "\n";
      return kExitUsage;
    }
    format = *parsed;
  }
  std::optional<FeaturePreset> preset;
  if (args.preset != "none") {
    absl::StatusOr<FeaturePreset> found = FeaturePreset::Get(args.preset);
    if (!found.ok()) {
      err << "latentctl inspect: --preset: " << found.status().message() << " or none\n";
      return kExitUsage;
    }
    preset = *found;
  }
  FeatureOptions options;
  if (!args.selection.empty()) {
    absl::StatusOr<Selection> selection = ParseSelection(args.selection);
    if (!selection.ok()) {
      err << "latentctl inspect: --selection: " << selection.status().message() << "\n";
      return kExitUsage;
    }
    options.selection = *selection;
  }
  absl::StatusOr<MissingJetPolicy> policy = ParseMissingJetPolicy(args.missing_jets);
  if (!policy.ok()) {
    err << "latentctl inspect: --missing-jets: " << policy.status().message() << "\n";
    return kExitUsage;
  }
  options.missing_jets = *policy;

  ProgressBar bar("reading " + args.file);
  absl::StatusOr<FileSummary> summary =
      SummariseFile(args.file, format, preset, options,
                    [&bar](int64_t done, int64_t total) { bar.Update(done, total); });
  if (!summary.ok()) {
    err << "latentctl inspect: " << summary.status().message() << "\n";
    return kExitError;
  }
  if (json) {
    out << SummaryToJson(*summary).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
        << "\n";
  } else {
    PrintTable(*summary, out);
  }
  return kExitOk;
}

void AddInspectCommand(CLI::App& app, const bool& json, int& exit_code) {
  auto args = std::make_shared<InspectArgs>();
  CLI::App* command = app.add_subcommand(
      "inspect", "Summarise an event file offline: events, processes, objects, feature statistics");
  command
      ->add_option("FILE", args->file,
                   "Dark Machines CSV (.csv, .csv.gz), HepMC3 or LHE file, or a feature table (CSV "
                   "whose first line names the columns, or HDF5)")
      ->required();
  command
      ->add_option("--format", args->format,
                   absl::StrCat(kEventFormatHelp,
                                "; or table (a feature table: CSV, detected by "
                                "auto from its header, or HDF5)"))
      ->capture_default_str();
  command->add_option("--dataset", args->dataset, kDatasetHelp);
  command->add_option("--preset", args->preset, FeaturePreset::DescribeNames() + "; or none")
      ->capture_default_str();
  command->add_option("--selection", args->selection,
                      "none, chan1 or monojet (default: the preset's own)");
  command
      ->add_option("--missing-jets", args->missing_jets,
                   "events with too few jets: skip, zero (pad) or error")
      ->capture_default_str();
  command->callback(
      [args, &json, &exit_code] { exit_code = RunInspect(*args, json, std::cout, std::cerr); });
}

}  // namespace latentspace::cli
