// Parameter inference as the results page reports it: `nearest` on a query file, and one table
// row per inferred parameter with the truth, the estimate, its uncertainty and the pull.
#ifndef LATENTSPACE_CLIENT_REPRODUCE_INFERENCE_TABLE_H_
#define LATENTSPACE_CLIENT_REPRODUCE_INFERENCE_TABLE_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/reproduce/study.h"

namespace latentspace::reproduce {

struct Inference {
  // {case, parameter, truth, estimate, uncertainty, pull, nearest model}, one per parameter.
  std::vector<std::vector<std::string>> rows;
  std::map<std::string, std::string> estimates;  // by parameter, as the page shows them
  std::map<std::string, double> uncertainties;   // by parameter
};

// Runs `nearest --encoder encoder FILE` for the parameters in `truth`, printing each estimate.
// `label` names the case. With `picture` (e.g. "gluino_inference.png"), also draws the likelihood
// over the parameters with the truth marked and puts it on the page.
absl::StatusOr<Inference> Infer(const Study& study, const std::string& label,
                                const std::string& encoder, const std::string& file,
                                const std::map<std::string, double>& truth,
                                const std::string& picture = "");

inline const std::vector<std::string> kInferenceHeader = {"case",
                                                          "parameter",
                                                          "truth (GeV)",
                                                          "estimate (GeV)",
                                                          "uncertainty (GeV)",
                                                          "(estimate - truth) / uncertainty",
                                                          "nearest known model (share of sets)"};

}  // namespace latentspace::reproduce

#endif  // LATENTSPACE_CLIENT_REPRODUCE_INFERENCE_TABLE_H_
