// End to end: feature tables through latentctl on a real latentd. Two tables of per-event
// features (CSV with a header row) are uploaded as samples and listed with their columns; an
// encoder trains on two of their columns (`train --columns`); held-out rows, their columns in
// another order beside an extra one, are embedded and ranked by `nearest FILE` (the true model
// first), and a stored table by `nearest --sample`.
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/cli_e2e_fixture.h"
#include "tests/testing/paths.h"

namespace latentspace {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// `rows` rows of columns PTJ1, MET, HT (normal, means mean, 2 mean, 3 mean GeV) and run, with the
// columns in `order` (a permutation of the four names).
std::string Table(double mean, int rows, uint32_t seed, const std::vector<std::string>& order) {
  std::mt19937_64 random(seed);
  std::normal_distribution<double> normal(0, 1);
  std::string text = absl::StrJoin(order, ",") + "\n";
  for (int r = 0; r < rows; ++r) {
    std::vector<std::string> fields;
    for (const std::string& column : order) {
      const double value = column == "PTJ1"  ? mean + 20 * normal(random)
                           : column == "MET" ? 2 * mean + 30 * normal(random)
                           : column == "HT"  ? 3 * mean + 40 * normal(random)
                                             : r;
      fields.push_back(absl::StrCat(value));
    }
    absl::StrAppend(&text, absl::StrJoin(fields, ","), "\n");
  }
  return text;
}

TEST(CliTablesE2eTest, TablesUploadTrainOnNamedColumnsAndAreRankedByName) {
  const std::string scratch = testing::ScratchDir();
  testing::CliServer server;
  ASSERT_TRUE(server.Start(scratch + "/data"));
  const std::vector<std::string> stored_order = {"run", "PTJ1", "MET", "HT"};
  const std::vector<std::string> query_order = {"HT", "MET", "run", "PTJ1"};
  const std::vector<std::pair<std::string, double>> models = {{"low", 100}, {"high", 160}};
  for (size_t m = 0; m < models.size(); ++m) {
    const auto& [name, mean] = models[m];
    const std::string file = testing::WriteFile(absl::StrCat(scratch, "/", name, ".csv"),
                                                Table(mean, 600, 10 + m, stored_order));
    const nlohmann::json sample = server.Json(
        absl::StrCat("samples upload ", file, " --name ", name, " --family toy --param m=", mean));
    EXPECT_EQ(sample["num_events"], 600);
    EXPECT_EQ(sample["source_format"], "table");
    EXPECT_EQ(sample["columns"], nlohmann::json(stored_order));
  }
  const testing::LatentctlResult list = server.Run("samples list");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr("table: run, PTJ1, MET, HT"));

  const nlohmann::json job = server.Json(
      "train --encoder tab --samples low,high --columns PTJ1,MET --epochs 20 --initialisations 1 "
      "--seed 4 --wait");
  ASSERT_EQ(job["state"], "SUCCEEDED") << job;
  const nlohmann::json encoder = server.Json("encoders show tab");
  EXPECT_EQ(encoder["preset"], "columns:PTJ1,MET");
  EXPECT_THAT(encoder["feature_names"], ElementsAre("PTJ1", "MET"));

  for (size_t m = 0; m < models.size(); ++m) {
    const auto& [name, mean] = models[m];
    const std::string held = testing::WriteFile(absl::StrCat(scratch, "/held_", name, ".csv"),
                                                Table(mean, 200, 20 + m, query_order));
    const nlohmann::json nearest = server.Json("nearest --encoder tab " + held);
    EXPECT_EQ(nearest["ranking"][0]["model"], name) << nearest;
    const nlohmann::json embedded = server.Json("embed --encoder tab " + held);
    EXPECT_EQ(embedded["events"], 200);
    EXPECT_GT(embedded["sets"], 0);
    EXPECT_EQ(server.Json("nearest --encoder tab --sample " + name)["ranking"][0]["model"], name);
  }
  // A table is detector level as it stands: --smear on one is a usage error.
  const testing::LatentctlResult smeared =
      server.Run("nearest --encoder tab --smear " + scratch + "/low.csv");
  EXPECT_EQ(smeared.exit_code, 2);
  EXPECT_THAT(smeared.err, HasSubstr("--smear is for truth- or parton-level events"));
}

}  // namespace
}  // namespace latentspace
