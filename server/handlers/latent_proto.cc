// Latent points and contours into proto messages.
#include "server/handlers/latent_proto.h"

namespace latentspace::server::handlers {

void SetLatentPoint(const LatentPoint& p, v1::LatentPoint* out) {
  out->set_x(p.x);
  out->set_y(p.y);
}

void ContourSetToProto(const ContourSet& contours, absl::Span<const std::string> names,
                       v1::GetContoursResponse* out) {
  for (const ModelContour& contour : contours.contours) {
    v1::ModelContours* model = out->add_contours();
    model->set_model(names[static_cast<size_t>(contour.model)]);
    model->set_mass(contour.mass);
    model->set_level(contour.level);
    SetLatentPoint(contour.centroid, model->mutable_centroid());
    for (const Polyline& line : contour.polylines) {
      v1::Polyline* polyline = model->add_polylines();
      polyline->set_closed(line.closed);
      for (const LatentPoint& p : line.points) SetLatentPoint(p, polyline->add_points());
    }
  }
  out->set_x_min(contours.x_min);
  out->set_x_max(contours.x_max);
  out->set_y_min(contours.y_min);
  out->set_y_max(contours.y_max);
}

}  // namespace latentspace::server::handlers
