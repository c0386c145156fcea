// The model families the simulator knows (gluino, dark-matter mediators, squarks, stops, Z',
// Standard Model background): their theory parameters with ranges, the validation of a parameter
// set, the process id that records it, and the ProcessModel that simulates it.
#ifndef LATENTSPACE_CORE_SIM_FAMILIES_H_
#define LATENTSPACE_CORE_SIM_FAMILIES_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/sim/process.h"

namespace latentspace::sim {

// Theory parameters by name, GeV.
using Parameters = std::map<std::string, double>;

struct ParameterSpec {
  std::string name;  // e.g. "mgluino"
  double min = 0;    // allowed range, inclusive, GeV
  double max = 0;
  std::string description;
};

struct Family {
  std::string name;  // e.g. "gluino"
  std::string description;
  std::vector<ParameterSpec> parameters;  // all required, in process-id order
  // Relations between the parameters (e.g. mneutralino < mgluino); parameters are in range.
  absl::Status (*check)(const Parameters& parameters);
  // The process, its events labelled `process_id` (unless it has channels of its own); parameters
  // are valid.
  absl::StatusOr<ProcessModel> (*build)(const Parameters& parameters,
                                        const std::string& process_id);
};

// Every family, in the order `latentctl simulate --list` shows them.
const std::vector<Family>& Families();

// The family called `name`; NOT_FOUND naming the known ones otherwise.
absl::StatusOr<const Family*> FindFamily(absl::string_view name);

// INVALID_ARGUMENT naming the family, parameter and value for an unknown or missing parameter, a
// value out of range or parameters that contradict each other.
absl::Status ValidateParameters(const Family& family, const Parameters& parameters);

// "gluino_mgluino1600_mneutralino500": the family and its parameters in order, values in the
// shortest decimal that reads back exactly.
std::string ProcessId(const Family& family, const Parameters& parameters);

struct ParsedProcessId {
  const Family* family = nullptr;
  Parameters parameters;  // as written, not validated against the family's ranges
};

// The family and parameters of a process id that ProcessId made; NOT_FOUND for any other id (a
// Dark Machines process such as "ttbar", a multi-channel family's channel id).
absl::StatusOr<ParsedProcessId> ParseProcessId(absl::string_view id);

}  // namespace latentspace::sim

#endif  // LATENTSPACE_CORE_SIM_FAMILIES_H_
