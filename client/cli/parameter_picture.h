// The picture `nearest --out` draws: the sample's likelihood over the inferred theory parameters
// (L / L_max from the response's parameter_likelihood), the family's known models at their
// parameters, the estimate with its 68% interval and, where the user knows it, the true point.
// Two parameters: a heat map over the plane; one: a curve.
#ifndef LATENTSPACE_CLIENT_CLI_PARAMETER_PICTURE_H_
#define LATENTSPACE_CLIENT_CLI_PARAMETER_PICTURE_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "client/plot/figure.h"
#include "latentspace/v1/proximity_service.pb.h"

namespace latentspace::cli {

// FAILED_PRECONDITION when the response has no likelihood map (nothing was inferred: the
// inference note says why); INVALID_ARGUMENT when `truth` names a parameter the map does not have.
absl::StatusOr<plot::Figure> ParameterLikelihoodFigure(const v1::QueryNearestResponse& response,
                                                       const std::map<std::string, double>& truth);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_PARAMETER_PICTURE_H_
