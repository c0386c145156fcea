// The training commands' --preset and --columns.
#include "client/cli/preset_options.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/features/preset.h"

namespace latentspace::cli {

void AddPresetOptions(CLI::App* command, std::string* preset) {
  CLI::Option* named = command->add_option("--preset", *preset, FeaturePreset::DescribeNames());
  command
      ->add_option_function<std::vector<std::string>>(
          "--columns",
          [preset](const std::vector<std::string>& columns) {
            *preset = absl::StrCat(FeaturePreset::kColumnsPrefix, absl::StrJoin(columns, ","));
          },
          "train on these columns of samples uploaded as feature tables (comma-separated names; "
          "the preset columns:NAME,NAME,...)")
      ->delimiter(',')
      ->excludes(named);
}

}  // namespace latentspace::cli
