// `latentctl samples upload|list|show|delete`: the samples stored by latentd. Upload streams an
// event file as it reads it; a malformed line cancels the stream so that nothing is stored.
#ifndef LATENTSPACE_CLIENT_CLI_SAMPLES_COMMAND_H_
#define LATENTSPACE_CLIENT_CLI_SAMPLES_COMMAND_H_

#include <cstdint>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "client/cli/command_context.h"
#include "client/cli/event_file.h"
#include "client/cli/global_options.h"

namespace latentspace::cli {

// Events per UploadSampleRequest (about 0.5 MB).
inline constexpr int kUploadChunkEvents = 2000;

struct UploadArgs {
  std::string file;
  std::string name;
  std::vector<std::string> parameters;  // NAME=VALUE
  EventFileArgs events;  // --format; --smear for truth- or parton-level input (HepMC, LHE)
  bool overwrite = false;
  std::string family;  // "" with a simulator file: its process id's family
};

// Without --param, the parameters of a simulator process id (gluino_mgluino1600_mneutralino500)
// in the file are uploaded; without --family, that process id's family (gluino). Exit 0 with the
// stored sample printed; 1 for a server error or a malformed file (nothing is stored); 2 for a bad
// --param or --format, or --smear on a detector-level (Dark Machines) file; 3 when latentd cannot
// be reached.
int RunSamplesUpload(const UploadArgs& args, const CommandContext& context);
int RunSamplesList(const CommandContext& context);
int RunSamplesShow(const std::string& name, const CommandContext& context);
int RunSamplesDelete(const std::string& name, const CommandContext& context);

void AddSamplesCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_SAMPLES_COMMAND_H_
