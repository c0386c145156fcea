// The three parts of the reproduction of arXiv:2407.20315 (docs/results.md), each adding its
// section to the page through the service.
#ifndef LATENTSPACE_CLIENT_REPRODUCE_STUDIES_H_
#define LATENTSPACE_CLIENT_REPRODUCE_STUDIES_H_

#include "absl/status/status.h"
#include "client/reproduce/study.h"

namespace latentspace::reproduce {

// The gluino grid (Fig. 3): nine simulated grid points embedded together; their ordering along
// the latent principal axis by delta_m; the pairwise classifiers against latent distance; the
// inference of a held-out grid point (from an encoder trained on the other eight) and of the
// talk's off-grid point 1830/800 GeV.
absl::Status RunGluinoStudy(const Study& study);

// Dark-matter mediators (Figs. 6-8), the paper's mass grid thinned to four mediator masses: an
// embedding per mediator type and a joint one; the vector and pseudoscalar models' overlap, and
// the squark-mediated models' ordering by mass.
absl::Status RunDarkMatterStudy(const Study& study);

// The real Dark Machines samples (Fig. 10): the six-model embedding, feature maps of MET and
// third-jet pT, the embedding's accuracy and confusion matrix, and the pairwise classifiers
// against latent distance.
absl::Status RunDarkMachinesStudy(const Study& study);

}  // namespace latentspace::reproduce

#endif  // LATENTSPACE_CLIENT_REPRODUCE_STUDIES_H_
