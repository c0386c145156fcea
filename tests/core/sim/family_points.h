// One parameter point of every simulator family (the Dark Machines samples' masses where they
// exist), shared by the simulator's tests and its benchmark.
#ifndef LATENTSPACE_TESTS_CORE_SIM_FAMILY_POINTS_H_
#define LATENTSPACE_TESTS_CORE_SIM_FAMILY_POINTS_H_

#include <string>
#include <vector>

#include "core/sim/families.h"

namespace latentspace::sim::testing {

struct FamilyPoint {
  std::string family;
  Parameters parameters;
};

inline const std::vector<FamilyPoint>& EveryFamilyPoint() {
  static const std::vector<FamilyPoint>* const points = new std::vector<FamilyPoint>{
      {"gluino", {{"mgluino", 1600}, {"mneutralino", 800}}},
      {"dm-vector", {{"mmed", 1000}, {"mdm", 10}}},
      {"dm-pseudoscalar", {{"mmed", 1000}, {"mdm", 10}}},
      {"dm-squark", {{"mmed", 1500}, {"mdm", 100}}},
      {"squark-pair", {{"msquark", 1800}, {"mneutralino", 800}}},
      {"stop-pair", {{"mstop", 1000}, {"mneutralino", 300}}},
      {"zprime-monojet", {{"mzprime", 2000}, {"mdm", 50}}},
      {"background", {}},
  };
  return *points;
}

}  // namespace latentspace::sim::testing

#endif  // LATENTSPACE_TESTS_CORE_SIM_FAMILY_POINTS_H_
