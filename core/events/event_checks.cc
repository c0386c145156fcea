// Physical-range checks on event quantities, shared by readers and writers.
#include "core/events/event_checks.h"

#include <cmath>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/events/object_type.h"

namespace latentspace {
namespace {

// Files print angles with six significant digits; allow for that rounding around +-pi.
constexpr double kPhiTolerance = 1e-5;

absl::Status Problem(absl::string_view where, absl::string_view quantity, double value,
                     const char* problem) {
  return absl::InvalidArgumentError(
      absl::StrCat(where, where.empty() ? "" : ": ", quantity, " = ", value, ": ", problem));
}

// "event id is empty", "process id \"a\\x01\" holds a control character".
absl::Status IdProblem(absl::string_view quantity, absl::string_view id, const char* problem) {
  return absl::InvalidArgumentError(
      id.empty() ? absl::StrCat(quantity, " ", problem)
                 : absl::StrCat(quantity, " \"", absl::CHexEscape(id), "\" ", problem));
}

}  // namespace

const char* CheckEnergy(double gev) {
  if (!std::isfinite(gev)) return "is not finite";
  if (gev < 0) return "is negative";
  if (gev > kMaxEnergyGeV) return "exceeds 140 TeV";
  return nullptr;
}

const char* CheckEta(double eta) {
  if (!std::isfinite(eta)) return "is not finite";
  if (std::abs(eta) > kMaxAbsEta) return "has |eta| > 10";
  return nullptr;
}

const char* CheckPhi(double phi) {
  if (!std::isfinite(phi)) return "is not finite";
  if (std::abs(phi) > M_PI + kPhiTolerance) return "is outside [-pi, pi]";
  return nullptr;
}

const char* CheckWeight(double weight) { return std::isfinite(weight) ? nullptr : "is not finite"; }

const char* CheckId(absl::string_view id) {
  if (id.empty()) return "is empty";
  for (const char c : id) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "holds a control character";
  }
  return nullptr;
}

absl::Status ValidateEvent(const Event& event) {
  if (const char* p = CheckId(event.event_id)) return IdProblem("event id", event.event_id, p);
  if (const char* p = CheckId(event.process_id)) {
    return IdProblem("process id", event.process_id, p);
  }
  if (const char* p = CheckWeight(event.weight)) return Problem("", "weight", event.weight, p);
  if (const char* p = CheckEnergy(event.met)) return Problem("", "met", event.met, p);
  if (const char* p = CheckPhi(event.met_phi)) return Problem("", "met_phi", event.met_phi, p);
  for (size_t i = 0; i < event.objects.size(); ++i) {
    const PhysicsObject& object = event.objects[i];
    const std::string where =
        absl::StrCat("object ", i + 1, " (", DarkMachinesCode(object.type), ")");
    if (const char* p = CheckEnergy(object.e)) return Problem(where, "E", object.e, p);
    if (const char* p = CheckEnergy(object.pt)) return Problem(where, "pt", object.pt, p);
    if (const char* p = CheckEta(object.eta)) return Problem(where, "eta", object.eta, p);
    if (const char* p = CheckPhi(object.phi)) return Problem(where, "phi", object.phi, p);
  }
  return absl::OkStatus();
}

}  // namespace latentspace
