// Axis and colour-bar labels for latentctl's pictures, in Pango markup with physics notation and
// units: the latent axes, the feature presets' features (E_T^miss [GeV], p_T of a jet, ...) and the
// simulator families' theory parameters (m_gluino [GeV], ...). A name the tables do not know is
// written as it is (escaped), without a unit it cannot know.
#ifndef LATENTSPACE_CLIENT_CLI_PHYSICS_LABELS_H_
#define LATENTSPACE_CLIENT_CLI_PHYSICS_LABELS_H_

#include <string>

namespace latentspace::cli {

// The latent axes: z_1 and z_2 (dimensionless).
inline constexpr char kLatentXLabel[] = "<i>z</i><sub>1</sub>";
inline constexpr char kLatentYLabel[] = "<i>z</i><sub>2</sub>";

// A feature of the gluino, monojet and darkmachines presets: "met" -> E_T^miss [GeV],
// "jet2_pt" -> p_T(jet 2) [GeV], "m2_jet1_jet3" -> m^2(jet 1, jet 3) [GeV^2], ...
std::string FeatureLabel(const std::string& feature);

// A theory parameter of the simulator's families: "mgluino" -> m_gluino [GeV], ...
std::string ParameterLabel(const std::string& parameter);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_PHYSICS_LABELS_H_
