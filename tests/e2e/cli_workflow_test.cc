// End to end: the README's new-user flow with latentctl on a real latentd, in a terminal where it
// matters (progress bars are drawn only on a terminal: those runs go through `script`, which gives
// latentctl a pseudo-terminal). Upload with a progress bar, train while watching the live bar
// (epoch, losses, ETA), nearest models, jobs watch of a finished job, encoder versions and
// deletion, a HepMC3 upload, and usage errors against a live server.
#include <cmath>
#include <memory>
#include <string>

#include "HepMC3/GenEvent.h"
#include "HepMC3/GenParticle.h"
#include "HepMC3/GenVertex.h"
#include "HepMC3/WriterAscii.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/cli_e2e_fixture.h"
#include "tests/testing/build_paths.h"
#include "tests/testing/run_command.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::SquarkSample;
using testing::ZprimeSample;

constexpr char kEncoder[] = "tour";

// latentctl on a pseudo-terminal: stdout and stderr together, as a user sees them.
testing::CommandResult RunOnTerminal(const testing::CliServer& server,
                                     const std::string& arguments) {
  return testing::RunCommand(absl::StrCat("script -qfec '", testing::LatentctlPath(), " --server ",
                                          server.address(), " ", arguments, "' /dev/null"));
}

// `events` generator-level events in HepMC3 ASCII: four well-separated gluons (one jet each) and a
// neutrino balancing them in the transverse plane.
std::string WriteHepMC3(const std::string& path, int events) {
  HepMC3::WriterAscii writer(path);
  for (int i = 0; i < events; ++i) {
    HepMC3::GenEvent event(HepMC3::Units::GEV, HepMC3::Units::MM);
    event.set_event_number(i);
    auto vertex = std::make_shared<HepMC3::GenVertex>();
    vertex->add_particle_in(
        std::make_shared<HepMC3::GenParticle>(HepMC3::FourVector(0, 0, 6500, 6500), 2212, 4));
    vertex->add_particle_in(
        std::make_shared<HepMC3::GenParticle>(HepMC3::FourVector(0, 0, -6500, 6500), 2212, 4));
    double sum_px = 0;
    double sum_py = 0;
    for (int j = 0; j < 4; ++j) {
      const double pt = 300.0 - 50 * j + i;
      const double phi = -3.0 + 1.5 * j;
      const double pz = 40.0 * (j - 1.5);
      const double px = pt * std::cos(phi);
      const double py = pt * std::sin(phi);
      sum_px += px;
      sum_py += py;
      vertex->add_particle_out(std::make_shared<HepMC3::GenParticle>(
          HepMC3::FourVector(px, py, pz, std::sqrt(pt * pt + pz * pz)), 21, 1));
    }
    const double met = std::hypot(sum_px, sum_py);
    vertex->add_particle_out(
        std::make_shared<HepMC3::GenParticle>(HepMC3::FourVector(-sum_px, -sum_py, 0, met), 12, 1));
    event.add_vertex(vertex);
    writer.write_event(event);
  }
  writer.close();
  return path;
}

class CliWorkflowE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new testing::CliServer();
    started_ = server_->Start(testing::CliServer::SuiteDataDir("CliWorkflowE2eTest"));
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(started_) << "latentd did not start"; }
  void TearDown() override {
    if (HasFailure()) std::cerr << "---- latentd log:\n" << server_->log() << "----\n";
  }

  static testing::CliServer* server_;
  static bool started_;
};

testing::CliServer* CliWorkflowE2eTest::server_ = nullptr;
bool CliWorkflowE2eTest::started_ = false;

TEST_F(CliWorkflowE2eTest, UploadTrainNearestWithProgressBars) {
  for (const testing::CliSample* sample : {&ZprimeSample(), &SquarkSample()}) {
    const testing::CommandResult upload =
        RunOnTerminal(*server_, absl::StrCat("samples upload ", testing::BundledPath(*sample),
                                             " --name ", sample->name, " ", sample->params));
    ASSERT_EQ(upload.exit_code, 0) << upload.output;
    // The bar reaches 100% and the stored sample follows.
    EXPECT_THAT(upload.output, HasSubstr("uploading " + sample->name));
    EXPECT_THAT(upload.output, HasSubstr("100.0%"));
    EXPECT_THAT(upload.output, HasSubstr(absl::StrCat(sample->events)));
  }

  const testing::CommandResult train = RunOnTerminal(
      *server_, absl::StrCat("train --encoder ", kEncoder, " --samples ", ZprimeSample().name, ",",
                             SquarkSample().name, " --epochs 8 --seed 2 --wait"));
  ASSERT_EQ(train.exit_code, 0) << train.output;
  // The live bar: epoch, both losses, throughput and ETA, redrawn in place.
  EXPECT_THAT(train.output, HasSubstr("job job-"));
  EXPECT_THAT(train.output, HasSubstr("epoch 8/8"));
  // Two initialisations by default: the bar runs once over both.
  EXPECT_THAT(train.output, HasSubstr("(initialisation 2/2)"));
  EXPECT_THAT(train.output, HasSubstr("train "));
  EXPECT_THAT(train.output, HasSubstr("val "));
  EXPECT_THAT(train.output, HasSubstr("ETA"));
  EXPECT_THAT(train.output, HasSubstr("\r"));
  EXPECT_THAT(train.output, HasSubstr("SUCCEEDED"));

  // Scripts see no bar: only the result.
  const testing::LatentctlResult quiet = server_->Run(absl::StrCat(
      "samples upload ", testing::BundledPath(ZprimeSample()), " --name quiet_copy --json"));
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(quiet.err, "");
  EXPECT_EQ(quiet.json()["num_events"], ZprimeSample().events);

  const testing::LatentctlResult nearest = server_->Run(
      absl::StrCat("nearest --encoder ", kEncoder, " ", testing::BundledPath(SquarkSample())));
  ASSERT_EQ(nearest.exit_code, 0) << nearest.err;
  // The table ranks the true model first.
  const size_t squark = nearest.out.find(SquarkSample().name);
  const size_t zprime = nearest.out.find(ZprimeSample().name);
  ASSERT_NE(squark, std::string::npos) << nearest.out;
  ASSERT_NE(zprime, std::string::npos) << nearest.out;
  EXPECT_LT(squark, zprime) << nearest.out;

  // Watching a finished job prints it and exits 0 (it SUCCEEDED).
  const std::string id = server_->Json("jobs list --state succeeded")["jobs"][0]["id"];
  const testing::LatentctlResult watch = server_->Run("jobs watch " + id);
  EXPECT_EQ(watch.exit_code, 0) << watch.err;
  EXPECT_THAT(watch.out, HasSubstr("SUCCEEDED"));
}

TEST_F(CliWorkflowE2eTest, EncoderVersionsAndDeletion) {
  server_->Upload(ZprimeSample());
  server_->Upload(SquarkSample());
  const std::string train = absl::StrCat("train --encoder versions --samples ", ZprimeSample().name,
                                         ",", SquarkSample().name, " --epochs 2 --wait");
  EXPECT_EQ(server_->Json(train)["encoder_version"], 1);
  EXPECT_EQ(server_->Json(train)["encoder_version"], 2);
  int versions = 0;
  const nlohmann::json list = server_->Json("encoders list --all-versions");
  for (const nlohmann::json& encoder : list["encoders"]) {
    versions += encoder["name"] == "versions";
  }
  EXPECT_EQ(versions, 2);
  // The latest is version 2; deleting version 1 leaves it.
  EXPECT_EQ(server_->Json("encoders show versions")["version"], 2);
  const nlohmann::json deleted = server_->Json("encoders delete versions:1");
  EXPECT_EQ(deleted["deleted"], "versions");
  EXPECT_EQ(deleted["version"], 1);
  testing::LatentctlResult gone = server_->Run("encoders show versions:1");
  EXPECT_EQ(gone.exit_code, 1);
  EXPECT_THAT(gone.err, HasSubstr("(NOT_FOUND)"));
  EXPECT_EQ(server_->Json("encoders show versions")["version"], 2);
  // Without a version, every version goes.
  const testing::LatentctlResult all = server_->Run("encoders delete versions");
  EXPECT_EQ(all.exit_code, 0) << all.err;
  gone = server_->Run("encoders show versions");
  EXPECT_EQ(gone.exit_code, 1);
  EXPECT_EQ(server_->Run("encoders delete versions").exit_code, 1);
}

TEST_F(CliWorkflowE2eTest, HepMC3FileUploads) {
  const std::string file = WriteHepMC3(testing::ScratchDir() + "/four_jets.hepmc", 25);
  const nlohmann::json sample =
      server_->Json("samples upload " + file + " --name four_jets --param mx=750");
  EXPECT_EQ(sample["num_events"], 25);
  EXPECT_EQ(sample["source_format"], "hepmc3");
  EXPECT_EQ(sample["parameters"]["mx"], 750);
  EXPECT_EQ(server_->Json("samples show four_jets")["num_events"], 25);
}

TEST_F(CliWorkflowE2eTest, UsageErrorsExitTwoAndChangeNothing) {
  const int samples = server_->Json("samples list")["samples"].size();
  for (const std::string& line :
       {std::string("train --encoder x"), "samples upload " + testing::BundledPath(ZprimeSample()),
        std::string("embed --encoder"), std::string("jobs cancel"),
        std::string("samples frobnicate")}) {
    const testing::LatentctlResult result = server_->Run(line);
    EXPECT_EQ(result.exit_code, 2) << line << "\n" << result.err;
    EXPECT_NE(result.err, "") << line;
    EXPECT_THAT(result.out, Not(HasSubstr("job-"))) << line;
  }
  EXPECT_EQ(server_->Json("samples list")["samples"].size(), samples);
}

}  // namespace
}  // namespace latentspace
