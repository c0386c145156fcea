// Physical-range checks on event quantities, shared by every reader and writer so that what one
// accepts the others accept too. Each returns nullptr when the value is acceptable, or a short
// description of the problem ("is negative", "is not finite", ...).
#ifndef LATENTSPACE_CORE_EVENTS_EVENT_CHECKS_H_
#define LATENTSPACE_CORE_EVENTS_EVENT_CHECKS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "core/events/event.h"

namespace latentspace {

// Largest |eta| accepted: far beyond any detector's acceptance (|eta| < 5), so only corrupt values
// are refused.
inline constexpr double kMaxAbsEta = 10.0;
// Largest energy or momentum accepted, GeV: ten times the LHC's centre-of-mass energy.
inline constexpr double kMaxEnergyGeV = 140000.0;

const char* CheckEnergy(double gev);     // E, pT, MET: finite, >= 0, <= kMaxEnergyGeV
const char* CheckEta(double eta);        // finite, |eta| <= kMaxAbsEta
const char* CheckPhi(double phi);        // finite, in [-pi, pi] (with rounding tolerance)
const char* CheckWeight(double weight);  // finite
// Event and process ids: not empty and no control characters (so that a file holds text: a
// written file starting with the bytes of gzip's magic, for one, would not read back).
const char* CheckId(absl::string_view id);

// Validates every quantity of `event`; the error names the quantity, the object index (1-based)
// and the value, e.g. "object 3 (j): pt = -5: is negative".
absl::Status ValidateEvent(const Event& event);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_EVENTS_EVENT_CHECKS_H_
