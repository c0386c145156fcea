// The Rapidity-Mass Matrix (RMM) of S. V. Chekanov, "Imaging particle collision data for event
// classification using machine learning", Nucl. Instrum. Meth. A 931 (2019) 92, arXiv:1805.11650,
// cell by cell as in Chekanov's public Map2RMM projection code (projectevent.cxx, map2rmm): one
// square matrix per event, flattened row by row, every value in [0, 1]. The same matrix serves
// event classification in Chekanov's arXiv:1810.06669.
//
// Rows and columns: MET, then N slots for each of five object types in the order jets, b-jets,
// muons (mu- and mu+), electrons (e- and e+) and photons, each type ordered by decreasing
// transverse energy E_T = E sin(theta); a type with fewer than N objects leaves zeros, one with
// more keeps its N leading ones. With sqrt(s) = 13 TeV (Dark Machines):
//   [0][0]            E_T^miss / sqrt(s)
//   [0][i]            m_T(i) / sqrt(s), the transverse mass of object i with the MET:
//                     m_T^2 = (E_T(i) + E_T^miss)^2 - |p_T(i) + p_T^miss|^2
//   [i][0]            h_L(i) = C (cosh(y_i) - 1), y the rapidity (the longitudinal boost)
//   [i][i]            the leading object of its type: E_T(i) / sqrt(s); the n-th (n > 1): the
//                     imbalance (E_T(n-1) - E_T(n)) / (E_T(n-1) + E_T(n)) with its predecessor
//   [i][j], i < j     m(i, j) / sqrt(s), the invariant mass of the pair
//   [j][i], i < j     h(i, j) = C (cosh((y_i - y_j) / 2) - 1)
// The rapidity terms are scaled by C = 0.15, which keeps them below 1 for objects within
// |y| < 2.73 (and |y_i - y_j| < 5.45), the central detector; Map2RMM itself applies no factor
// (C = 1), which would leave them above 1 already beyond |y| = 1.32. Beyond that range (Dark
// Machines signal jets reach |eta| = 4.8) they saturate at 1 so that every value stays in [0, 1].
// An energy below |p| (a rounded massless object) counts as |p|.
#ifndef LATENTSPACE_CORE_FEATURES_RAPIDITY_MASS_MATRIX_H_
#define LATENTSPACE_CORE_FEATURES_RAPIDITY_MASS_MATRIX_H_

#include <string>
#include <vector>

#include "absl/types/span.h"
#include "core/events/event.h"

namespace latentspace {

inline constexpr int kRmmObjectTypes = 5;
inline constexpr int kRmmMaxObjectsPerType = 10;   // the paper's largest matrix, T5N10
inline constexpr double kRmmSqrtS = 13000.0;       // GeV
inline constexpr double kRmmRapidityScale = 0.15;  // C

// (1 + 5 N)^2 for N objects per type.
int RmmSize(int objects_per_type);

// The cell names, row by row, from the slots "met", "jet1".."jetN", "bjet1", "muon1",
// "electron1", "photon1": "et_miss", "mt_jet1", "hl_jet1", "et_jet1" and "det_jet2" on the
// diagonal, "m_jet1_bjet1" above it and "h_jet1_bjet1" below it (the earlier slot first in both).
std::vector<std::string> RmmFeatureNames(int objects_per_type);

// Writes the event's matrix (RmmSize(objects_per_type) values, row by row) to `out`.
void FillRapidityMassMatrix(const Event& event, int objects_per_type, absl::Span<double> out);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_FEATURES_RAPIDITY_MASS_MATRIX_H_
