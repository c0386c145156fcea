// The family registry: parameters, validation, process ids and each family's process.
#include "core/sim/families.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace latentspace::sim {
namespace {

// Dark-matter mediators and the Z': width / mass, and the generator cut on the hardest ISR jet
// that makes mono-jet events (the invisible decay alone leaves nothing to see).
constexpr double kMediatorWidthFraction = 0.05;
constexpr double kMonojetIsrPtMin = 100.0;
// W branchings (PDG: hadrons 67.6%, each lepton flavour 10.8%); tau decays are not simulated, so
// the e, mu and hadronic channels are scaled up to add up to 1.
constexpr double kWHadronic = 0.676;
constexpr double kWLeptonic = 0.108;
constexpr double kWTotal = kWHadronic + 2 * kWLeptonic;
// Share of W+ among W bosons produced at 13 TeV.
constexpr double kWPlusShare = 0.58;
// The background's mixture (not cross-section weighted: each channel is a visible share).
constexpr double kZJetsShare = 0.4;
constexpr double kWJetsShare = 0.4;
constexpr double kTopPairShare = 0.2;

// Builds a ProcessModel, keeping the first error so that families read as a list of particles.
class ModelBuilder {
 public:
  // The same stable particle is added once, however many decays make it.
  int Stable(std::string name, double mass, ParticleKind kind) {
    for (int i = 0; i < model_.particles.size(); ++i) {
      const Species& s = model_.particles.species(i);
      if (s.name == name && s.mass == mass && s.kind == kind) return i;
    }
    return Add({std::move(name), mass, 0, kind, {}});
  }
  int Unstable(std::string name, double mass, double width, std::vector<DecayChannel> decays) {
    return Add({std::move(name), mass, width, ParticleKind::kUnstable, std::move(decays)});
  }
  void AddChannel(std::string process_id, double fraction, Production production) {
    model_.channels.push_back({std::move(process_id), fraction, std::move(production)});
  }
  absl::StatusOr<ProcessModel> Finish() {
    if (!status_.ok()) return status_;
    return std::move(model_);
  }

 private:
  int Add(Species species) {
    absl::StatusOr<int> index = model_.particles.Add(std::move(species));
    if (!index.ok()) {
      if (status_.ok()) status_ = index.status();
      return -1;
    }
    return *index;
  }

  ProcessModel model_;
  absl::Status status_;
};

Production Pair(InitialState state, int a, int b) { return {state, {a, b}, 1, 0.0}; }

// A squark decaying into a light quark and an invisible neutral particle of mass `invisible`.
struct SquarkIds {
  int squark;
  int invisible;
};
SquarkIds AddSquark(ModelBuilder& m, double squark_mass, double invisible_mass) {
  const int q = m.Stable("q", 0, ParticleKind::kLightQuark);
  const int invisible = m.Stable("chi", invisible_mass, ParticleKind::kInvisible);
  return {m.Unstable("squark", squark_mass, 0, {{1, {q, invisible}}}), invisible};
}

// A W boson of charge `charge` (+1 or -1); hadronic only when `leptonic` is false.
int AddW(ModelBuilder& m, int charge, bool leptonic) {
  const int q = m.Stable("q", 0, ParticleKind::kLightQuark);
  if (!leptonic) return m.Unstable("W", kWMass, kWWidth, {{1, {q, q}}});
  const bool plus = charge > 0;
  const int nu = m.Stable("nu", 0, ParticleKind::kInvisible);
  const int e =
      m.Stable(plus ? "e+" : "e-", 0, plus ? ParticleKind::kPositron : ParticleKind::kElectron);
  const int mu =
      m.Stable(plus ? "mu+" : "mu-", 0, plus ? ParticleKind::kAntiMuon : ParticleKind::kMuon);
  return m.Unstable(plus ? "W+" : "W-", kWMass, kWWidth,
                    {{kWHadronic / kWTotal, {q, q}},
                     {kWLeptonic / kWTotal, {e, nu}},
                     {kWLeptonic / kWTotal, {mu, nu}}});
}

// t -> b W.
int AddTop(ModelBuilder& m, int charge, bool leptonic_w) {
  const int b = m.Stable("b", kBottomMass, ParticleKind::kBQuark);
  const int w = AddW(m, charge, leptonic_w);
  return m.Unstable(charge > 0 ? "t" : "tbar", kTopMass, kTopWidth, {{1, {b, w}}});
}

// An s-channel mediator (width 5% of its mass) decaying into a dark-matter pair, with an ISR jet
// above 100 GeV.
absl::StatusOr<ProcessModel> MediatorToDarkMatter(InitialState state, double mediator_mass,
                                                  double dm_mass, const std::string& process_id) {
  ModelBuilder m;
  const int chi = m.Stable("chi", dm_mass, ParticleKind::kInvisible);
  const int mediator = m.Unstable("mediator", mediator_mass, kMediatorWidthFraction * mediator_mass,
                                  {{1, {chi, chi}}});
  m.AddChannel(process_id, 1, {state, {mediator}, 1, kMonojetIsrPtMin});
  return m.Finish();
}

absl::StatusOr<ProcessModel> BuildGluino(const Parameters& p, const std::string& process_id) {
  ModelBuilder m;
  const int q = m.Stable("q", 0, ParticleKind::kLightQuark);
  const int chi = m.Stable("neutralino", p.at("mneutralino"), ParticleKind::kInvisible);
  const int gluino = m.Unstable("gluino", p.at("mgluino"), 0, {{1, {q, q, chi}}});
  m.AddChannel(process_id, 1, Pair(InitialState::kGluonGluon, gluino, gluino));
  return m.Finish();
}

absl::StatusOr<ProcessModel> BuildDmVector(const Parameters& p, const std::string& process_id) {
  return MediatorToDarkMatter(InitialState::kQuarkAntiquark, p.at("mmed"), p.at("mdm"), process_id);
}

absl::StatusOr<ProcessModel> BuildDmPseudoscalar(const Parameters& p,
                                                 const std::string& process_id) {
  return MediatorToDarkMatter(InitialState::kGluonGluon, p.at("mmed"), p.at("mdm"), process_id);
}

absl::StatusOr<ProcessModel> BuildZprimeMonojet(const Parameters& p,
                                                const std::string& process_id) {
  return MediatorToDarkMatter(InitialState::kQuarkAntiquark, p.at("mzprime"), p.at("mdm"),
                              process_id);
}

absl::StatusOr<ProcessModel> BuildDmSquark(const Parameters& p, const std::string& process_id) {
  ModelBuilder m;
  const SquarkIds ids = AddSquark(m, p.at("mmed"), p.at("mdm"));
  m.AddChannel(process_id, 1, Pair(InitialState::kQuarkGluon, ids.squark, ids.invisible));
  return m.Finish();
}

absl::StatusOr<ProcessModel> BuildSquarkPair(const Parameters& p, const std::string& process_id) {
  ModelBuilder m;
  const SquarkIds ids = AddSquark(m, p.at("msquark"), p.at("mneutralino"));
  m.AddChannel(process_id, 1, Pair(InitialState::kQuarkQuark, ids.squark, ids.squark));
  return m.Finish();
}

absl::StatusOr<ProcessModel> BuildStopPair(const Parameters& p, const std::string& process_id) {
  ModelBuilder m;
  const int top = AddTop(m, +1, /*leptonic_w=*/false);
  const int chi = m.Stable("neutralino", p.at("mneutralino"), ParticleKind::kInvisible);
  const int stop = m.Unstable("stop", p.at("mstop"), 0, {{1, {top, chi}}});
  m.AddChannel(process_id, 1, Pair(InitialState::kGluonGluon, stop, stop));
  return m.Finish();
}

// Z(-> nu nu) + jets, W(-> e nu, mu nu) + jets and top pairs, with Dark Machines' process ids.
absl::StatusOr<ProcessModel> BuildBackground(const Parameters&, const std::string&) {
  ModelBuilder m;
  const int nu = m.Stable("nu", 0, ParticleKind::kInvisible);
  const int z = m.Unstable("Z", kZMass, kZWidth, {{1, {nu, nu}}});
  m.AddChannel("zjets", kZJetsShare, {InitialState::kQuarkAntiquark, {z}, 1, kMonojetIsrPtMin});
  const int e_plus = m.Stable("e+", 0, ParticleKind::kPositron);
  const int e_minus = m.Stable("e-", 0, ParticleKind::kElectron);
  const int mu_plus = m.Stable("mu+", 0, ParticleKind::kAntiMuon);
  const int mu_minus = m.Stable("mu-", 0, ParticleKind::kMuon);
  const double plus = kWPlusShare / 2;
  const double minus = (1 - kWPlusShare) / 2;
  const int w = m.Unstable("W", kWMass, kWWidth,
                           {{plus, {e_plus, nu}},
                            {plus, {mu_plus, nu}},
                            {minus, {e_minus, nu}},
                            {minus, {mu_minus, nu}}});
  m.AddChannel("wjets", kWJetsShare, {InitialState::kQuarkAntiquark, {w}, 1, kMonojetIsrPtMin});
  const int top = AddTop(m, +1, /*leptonic_w=*/true);
  const int antitop = AddTop(m, -1, /*leptonic_w=*/true);
  m.AddChannel("ttbar", kTopPairShare, Pair(InitialState::kGluonGluon, top, antitop));
  return m.Finish();
}

std::string FormatValue(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

// An error unless factor x light + offset < heavy, e.g. "2 x mdm = 1200 GeV (mdm = 600 GeV) must be
// below mmed = 1000 GeV (on-shell mediator -> DM DM)".
absl::Status RequireBelow(const Parameters& p, const std::string& light, double factor,
                          double offset, const std::string& heavy, absl::string_view why) {
  const double value = p.at(light);
  const double lhs = factor * value + offset;
  const double limit = p.at(heavy);
  if (lhs < limit) return absl::OkStatus();
  std::string expression = light;
  if (factor != 1) expression = absl::StrCat(FormatValue(factor), " x ", light);
  if (offset != 0) absl::StrAppend(&expression, " + ", FormatValue(offset), " GeV");
  std::string message = absl::StrCat(expression, " = ", FormatValue(lhs), " GeV");
  if (expression != light) {
    absl::StrAppend(&message, " (", light, " = ", FormatValue(value), " GeV)");
  }
  return absl::InvalidArgumentError(absl::StrCat(message, " must be below ", heavy, " = ",
                                                 FormatValue(limit), " GeV (", why, ")"));
}

absl::Status CheckNeutralinoBelowGluino(const Parameters& p) {
  return RequireBelow(p, "mneutralino", 1, 0, "mgluino", "gluino -> q qbar neutralino");
}
absl::Status CheckDarkMatterPairBelowMediator(const Parameters& p) {
  return RequireBelow(p, "mdm", 2, 0, "mmed", "on-shell mediator -> DM DM");
}
absl::Status CheckDarkMatterPairBelowZprime(const Parameters& p) {
  return RequireBelow(p, "mdm", 2, 0, "mzprime", "on-shell Z' -> DM DM");
}
absl::Status CheckDarkMatterBelowSquark(const Parameters& p) {
  return RequireBelow(p, "mdm", 1, 0, "mmed", "squark -> q DM");
}
absl::Status CheckNeutralinoBelowSquark(const Parameters& p) {
  return RequireBelow(p, "mneutralino", 1, 0, "msquark", "squark -> q neutralino");
}
absl::Status CheckTopAndNeutralinoBelowStop(const Parameters& p) {
  return RequireBelow(p, "mneutralino", 1, kTopMass, "mstop", "stop -> top neutralino");
}
absl::Status NoRelations(const Parameters&) { return absl::OkStatus(); }

constexpr double kMaxMass = 5000;

std::vector<Family> MakeFamilies() {
  const ParameterSpec mgluino{"mgluino", 200, kMaxMass, "gluino mass"};
  const ParameterSpec mneutralino{"mneutralino", 0, kMaxMass, "lightest neutralino mass"};
  const ParameterSpec mmed{"mmed", 200, kMaxMass, "mediator mass"};
  const ParameterSpec mdm{"mdm", 0, kMaxMass, "dark-matter mass"};
  return {
      {"gluino",
       "pp -> gluino pair (gg), gluino -> q qbar neutralino (3-body)",
       {mgluino, mneutralino},
       CheckNeutralinoBelowGluino,
       BuildGluino},
      {"dm-vector",
       "pp -> vector mediator (qqbar) + ISR jets, mediator -> DM DM; hardest ISR jet > 100 GeV",
       {mmed, mdm},
       CheckDarkMatterPairBelowMediator,
       BuildDmVector},
      {"dm-pseudoscalar",
       "pp -> pseudoscalar mediator (gg) + ISR jets, mediator -> DM DM; hardest ISR jet > 100 GeV",
       {mmed, mdm},
       CheckDarkMatterPairBelowMediator,
       BuildDmPseudoscalar},
      {"dm-squark",
       "pp -> squark + DM (qg), squark -> q DM (t-channel squark mediator)",
       {{"mmed", 200, kMaxMass, "squark (mediator) mass"}, mdm},
       CheckDarkMatterBelowSquark,
       BuildDmSquark},
      {"squark-pair",
       "pp -> squark pair (qq), squark -> q neutralino",
       {{"msquark", 200, kMaxMass, "squark mass"}, mneutralino},
       CheckNeutralinoBelowSquark,
       BuildSquarkPair},
      {"stop-pair",
       "pp -> stop pair (gg), stop -> top neutralino, top -> b W, W -> q q'",
       {{"mstop", 200, kMaxMass, "stop mass"}, mneutralino},
       CheckTopAndNeutralinoBelowStop,
       BuildStopPair},
      {"zprime-monojet",
       "pp -> Z' (qqbar) + ISR jets, Z' -> DM DM; hardest ISR jet > 100 GeV (Dark Machines "
       "monojet_Zp)",
       {{"mzprime", 200, kMaxMass, "Z' mass"}, mdm},
       CheckDarkMatterPairBelowZprime,
       BuildZprimeMonojet},
      {"background",
       "Standard Model: Z(-> nu nu) + jets 40%, W(-> e/mu nu) + jets 40% (hardest ISR jet > 100 "
       "GeV), top pairs 20%; process ids zjets, wjets, ttbar",
       {},
       NoRelations,
       BuildBackground},
  };
}

}  // namespace

const std::vector<Family>& Families() {
  static const std::vector<Family>* const families = new std::vector<Family>(MakeFamilies());
  return *families;
}

absl::StatusOr<const Family*> FindFamily(absl::string_view name) {
  std::vector<std::string> names;
  for (const Family& family : Families()) {
    if (family.name == name) return &family;
    names.push_back(family.name);
  }
  return absl::NotFoundError(
      absl::StrCat("unknown family '", name, "' (known: ", absl::StrJoin(names, ", "), ")"));
}

absl::Status ValidateParameters(const Family& family, const Parameters& parameters) {
  std::vector<std::string> names;
  for (const ParameterSpec& spec : family.parameters) names.push_back(spec.name);
  const std::string known =
      names.empty() ? "it takes none" : absl::StrCat("expected ", absl::StrJoin(names, ", "));
  for (const auto& [name, value] : parameters) {
    const std::string& given = name;  // a structured binding cannot be captured before C++20
    const auto spec = std::find_if(family.parameters.begin(), family.parameters.end(),
                                   [&given](const ParameterSpec& s) { return s.name == given; });
    if (spec == family.parameters.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat(family.name, ": unknown parameter '", name, "' (", known, ")"));
    }
    if (!std::isfinite(value) || value < spec->min || value > spec->max) {
      return absl::InvalidArgumentError(
          absl::StrCat(family.name, ": ", name, " = ", FormatValue(value), " GeV is out of range [",
                       FormatValue(spec->min), ", ", FormatValue(spec->max), "] GeV"));
    }
  }
  for (const ParameterSpec& spec : family.parameters) {
    if (parameters.count(spec.name) == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(family.name, ": missing parameter '", spec.name, "' (", spec.description,
                       ", ", FormatValue(spec.min), " to ", FormatValue(spec.max), " GeV)"));
    }
  }
  absl::Status relations = family.check(parameters);
  if (!relations.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(family.name, ": ", relations.message()));
  }
  return absl::OkStatus();
}

std::string ProcessId(const Family& family, const Parameters& parameters) {
  std::string id = family.name;
  for (const ParameterSpec& spec : family.parameters) {
    absl::StrAppend(&id, "_", spec.name, FormatValue(parameters.at(spec.name)));
  }
  return id;
}

absl::StatusOr<ParsedProcessId> ParseProcessId(absl::string_view id) {
  for (const Family& family : Families()) {
    absl::string_view rest = id;
    if (family.parameters.empty() || !absl::ConsumePrefix(&rest, family.name) ||
        !absl::ConsumePrefix(&rest, "_")) {
      continue;
    }
    const std::vector<absl::string_view> parts = absl::StrSplit(rest, '_');
    if (parts.size() != family.parameters.size()) continue;
    ParsedProcessId parsed{&family, {}};
    for (size_t i = 0; i < parts.size(); ++i) {
      absl::string_view value = parts[i];
      double number = 0;
      if (!absl::ConsumePrefix(&value, family.parameters[i].name) ||
          !absl::SimpleAtod(value, &number) || !std::isfinite(number)) {
        break;
      }
      parsed.parameters[family.parameters[i].name] = number;
    }
    if (parsed.parameters.size() == parts.size()) return parsed;
  }
  return absl::NotFoundError(
      absl::StrCat("process id '", id, "' is not one of the simulator's (family_nameVALUE_...)"));
}

}  // namespace latentspace::sim
