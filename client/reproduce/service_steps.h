// The operations the reproduction performs, run as latentctl's own commands in this process
// (their --json output parsed), so that every number and picture on the results page is what a
// user typing the same commands gets. Long steps (simulation, upload, training) draw latentctl's
// progress bars on stderr.
#ifndef LATENTSPACE_CLIENT_REPRODUCE_SERVICE_STEPS_H_
#define LATENTSPACE_CLIENT_REPRODUCE_SERVICE_STEPS_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "client/cli/contours_command.h"
#include "client/cli/distances_command.h"
#include "client/cli/featuremap_command.h"
#include "client/cli/global_options.h"
#include "client/cli/nearest_command.h"
#include "client/cli/train_command.h"
#include "nlohmann/json.hpp"

namespace latentspace::reproduce {

using Json = nlohmann::ordered_json;

class ServiceSteps {
 public:
  // `global`: the server and its connection options (--json is forced on).
  explicit ServiceSteps(cli::GlobalOptions global);

  // `latentctl simulate`: writes `out`, returns its summary.
  absl::StatusOr<Json> Simulate(const std::string& family,
                                const std::map<std::string, double>& parameters, int64_t events,
                                uint64_t seed, const std::string& out);
  // `latentctl samples upload FILE --name NAME [--param ...] --overwrite` (without parameters,
  // those of a simulator file's process id).
  absl::StatusOr<Json> Upload(const std::string& file, const std::string& name,
                              const std::map<std::string, double>& parameters = {});
  // `latentctl train ... --wait`, then `encoders show` of the result: {"job", "encoder"}.
  absl::StatusOr<Json> Train(cli::TrainArgs args);
  absl::StatusOr<Json> Contours(const cli::ContoursArgs& args);
  absl::StatusOr<Json> FeatureMap(const cli::FeatureMapArgs& args);
  absl::StatusOr<Json> Distances(const cli::DistancesArgs& args);
  absl::StatusOr<Json> Nearest(const cli::NearestArgs& args);

 private:
  // Runs `run(context)` as command `name`; its JSON on success, else an error with its message.
  // `live`: the command's stderr (progress bars) goes to the terminal rather than to the error.
  template <typename Run>
  absl::StatusOr<Json> Call(const std::string& name, bool live, const Run& run);

  cli::GlobalOptions global_;
};

}  // namespace latentspace::reproduce

#endif  // LATENTSPACE_CLIENT_REPRODUCE_SERVICE_STEPS_H_
