// The simulator's physics trends that the paper's findings rest on: on the gluino grid, MET and the
// leading jet's pT rise with delta_m = m_gluino - m_neutralino; for s-channel vector and
// pseudoscalar mediators the MET spectrum (from ISR recoil) barely moves with the mediator mass,
// while for the squark mediator the MET peak moves with it.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "core/analysis/rank_correlation.h"
#include "core/sim/simulator.h"
#include "gtest/gtest.h"

namespace latentspace::sim {
namespace {

struct Summary {
  double mean_met = 0;
  double mean_leading_jet_pt = 0;
  double median_met = 0;
  double met_peak = 0;  // centre of the most populated 25 GeV bin
};

Summary Summarise(const std::string& family, const Parameters& parameters, int events) {
  absl::StatusOr<std::vector<Event>> simulated = Simulate(family, parameters, events, 2024);
  EXPECT_TRUE(simulated.ok()) << simulated.status();
  Summary summary;
  std::vector<double> met;
  std::vector<int> histogram(400, 0);
  for (const Event& event : *simulated) {
    met.push_back(event.met);
    summary.mean_met += event.met / events;
    ++histogram[std::min(399, static_cast<int>(event.met / 25))];
    double leading = 0;
    for (const PhysicsObject& object : event.objects) {
      if (IsJet(object.type)) leading = std::max(leading, object.pt);
    }
    summary.mean_leading_jet_pt += leading / events;
  }
  std::nth_element(met.begin(), met.begin() + events / 2, met.end());
  summary.median_met = met[events / 2];
  const int peak = std::max_element(histogram.begin(), histogram.end()) - histogram.begin();
  summary.met_peak = 25 * (peak + 0.5);
  return summary;
}

TEST(SimulatorPhysicsTest, GluinoGridMetAndLeadingJetRiseWithDeltaM) {
  // The paper's grid: m_gluino 1.1, 1.6, 2.1 TeV x m_neutralino 0.1, 0.5, 0.9 TeV.
  std::vector<double> delta_m, met, leading;
  for (double gluino : {1100.0, 1600.0, 2100.0}) {
    for (double neutralino : {100.0, 500.0, 900.0}) {
      const Summary s =
          Summarise("gluino", {{"mgluino", gluino}, {"mneutralino", neutralino}}, 3000);
      delta_m.push_back(gluino - neutralino);
      met.push_back(s.mean_met);
      leading.push_back(s.mean_leading_jet_pt);
    }
  }
  const absl::StatusOr<double> met_correlation = SpearmanCorrelation(delta_m, met);
  const absl::StatusOr<double> jet_correlation = SpearmanCorrelation(delta_m, leading);
  ASSERT_TRUE(met_correlation.ok() && jet_correlation.ok());
  EXPECT_GE(*met_correlation, 0.9);
  EXPECT_GE(*jet_correlation, 0.9);
}

TEST(SimulatorPhysicsTest, SChannelMetBarelyMovesWithTheMediatorMassUnlikeTheSquarkMediator) {
  const std::vector<double> masses = {500, 1000, 2000, 3000};
  std::map<std::string, std::vector<Summary>> summaries;
  for (const std::string family : {"dm-vector", "dm-pseudoscalar", "dm-squark"}) {
    for (double mmed : masses) {
      summaries[family].push_back(Summarise(family, {{"mmed", mmed}, {"mdm", 10}}, 10000));
    }
  }
  const auto peak_shift = [&](const std::string& family) {
    return summaries[family].back().met_peak - summaries[family].front().met_peak;
  };
  const auto median_growth = [&](const std::string& family) {
    return summaries[family].back().median_met / summaries[family].front().median_met - 1;
  };
  // ISR recoil: the peak stays at the generator cut's scale.
  EXPECT_LE(std::abs(peak_shift("dm-vector")), 75);
  EXPECT_LE(std::abs(peak_shift("dm-pseudoscalar")), 75);
  // Squark -> q DM: the Jacobian peak near m_med / 2 moves with the mediator.
  EXPECT_GE(peak_shift("dm-squark"), 800);
  for (size_t i = 1; i < masses.size(); ++i) {
    EXPECT_GT(summaries["dm-squark"][i].met_peak, summaries["dm-squark"][i - 1].met_peak);
  }
  EXPECT_LT(median_growth("dm-vector"), 0.25 * median_growth("dm-squark"));
  EXPECT_LT(median_growth("dm-pseudoscalar"), 0.25 * median_growth("dm-squark"));
  // Vector and pseudoscalar overlap at every mediator mass.
  for (size_t i = 0; i < masses.size(); ++i) {
    EXPECT_NEAR(summaries["dm-pseudoscalar"][i].median_met / summaries["dm-vector"][i].median_met,
                1, 0.15)
        << masses[i];
  }
}

}  // namespace
}  // namespace latentspace::sim
