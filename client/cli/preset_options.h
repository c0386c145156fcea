// --preset and --columns of the training commands (train, detectors train): a model trains on a
// built-in feature preset, or on named columns of samples uploaded as feature tables, which the
// API calls the preset "columns:A,B,C".
#ifndef LATENTSPACE_CLIENT_CLI_PRESET_OPTIONS_H_
#define LATENTSPACE_CLIENT_CLI_PRESET_OPTIONS_H_

#include <string>

#include "CLI/CLI.hpp"

namespace latentspace::cli {

// Registers --preset NAME and --columns A,B,C (which exclude each other); either sets *preset.
void AddPresetOptions(CLI::App* command, std::string* preset);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_PRESET_OPTIONS_H_
