// The contours picture, shared by `contours` and `interpret`: an iso-proportion contour of every
// known model's latent density (one colour per model, the first mass solid, further masses dashed,
// dotted, dash-dotted), each model's centroid, and sets of points overlaid as markers (one colour
// and shape per set, after the models' in the palette), with a legend beside the plot.
#ifndef LATENTSPACE_CLIENT_CLI_CONTOURS_PICTURE_H_
#define LATENTSPACE_CLIENT_CLI_CONTOURS_PICTURE_H_

#include <string>
#include <vector>

#include "client/plot/figure.h"
#include "latentspace/v1/proximity_service.pb.h"

namespace latentspace::cli {

// Points drawn over the contours, named in the legend.
struct Overlay {
  std::string label;
  std::vector<plot::Point> points;
};

// The models of `response` in order of first appearance.
std::vector<std::string> ContourModels(const v1::GetContoursResponse& response);

// Titled "Latent space of encoder NAME vVERSION — 50%, 90% contours", axes z1 and z2 at equal
// aspect: the overlays first, then the centroids, then the contours over both.
plot::Figure ContoursFigure(const v1::GetContoursResponse& response,
                            const std::vector<Overlay>& overlays);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_CONTOURS_PICTURE_H_
