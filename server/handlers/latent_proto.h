// Latent points and contours (core/analysis/density_contours.h) as their proto messages: the
// known models' contours for ProximityService.GetContours, the templates' for
// DetectorService.InterpretSelection's picture.
#ifndef LATENTSPACE_SERVER_HANDLERS_LATENT_PROTO_H_
#define LATENTSPACE_SERVER_HANDLERS_LATENT_PROTO_H_

#include <string>

#include "absl/types/span.h"
#include "core/analysis/density_contours.h"
#include "core/analysis/latent_point.h"
#include "latentspace/v1/proximity_service.pb.h"

namespace latentspace::server::handlers {

void SetLatentPoint(const LatentPoint& p, v1::LatentPoint* out);

// Appends every contour (named names[contour.model]) and sets the grid's extent; the encoder's
// fields are the caller's.
void ContourSetToProto(const ContourSet& contours, absl::Span<const std::string> names,
                       v1::GetContoursResponse* out);

}  // namespace latentspace::server::handlers

#endif  // LATENTSPACE_SERVER_HANDLERS_LATENT_PROTO_H_
