// End to end: feature tables through latentctl on a real latentd. Two tables of per-event
// features (CSV with a header row) are uploaded as samples and listed with their columns; an
// encoder trains on two of their columns (`train --columns`); held-out rows, their columns in
// another order beside an extra one, are embedded and ranked by `nearest FILE` (the true model
// first), and a stored table by `nearest --sample`. HDF5 tables in both layouts store what their
// CSV stores; a detector trained on named columns scores a table (`score`, its kept rows written
// as a table) and `interpret` ranks the rows it keeps.
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/cli_e2e_fixture.h"
#include "tests/testing/hdf5_files.h"
#include "tests/testing/paths.h"

namespace latentspace {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// `rows` rows of columns PTJ1, MET, HT (normal, means mean, 2 mean, 3 mean GeV) and run, with the
// columns in `order` (a permutation of the four names): one vector of values per column.
std::vector<std::vector<double>> Columns(double mean, int rows, uint32_t seed,
                                         const std::vector<std::string>& order) {
  std::mt19937_64 random(seed);
  std::normal_distribution<double> normal(0, 1);
  std::vector<std::vector<double>> columns(order.size());
  for (int r = 0; r < rows; ++r) {
    for (size_t c = 0; c < order.size(); ++c) {
      const std::string& column = order[c];
      columns[c].push_back(column == "PTJ1"  ? mean + 20 * normal(random)
                           : column == "MET" ? 2 * mean + 30 * normal(random)
                           : column == "HT"  ? 3 * mean + 40 * normal(random)
                                             : r);
    }
  }
  return columns;
}

// The same as CSV with a header row.
std::string Table(double mean, int rows, uint32_t seed, const std::vector<std::string>& order) {
  const std::vector<std::vector<double>> columns = Columns(mean, rows, seed, order);
  std::string text = absl::StrJoin(order, ",") + "\n";
  for (int r = 0; r < rows; ++r) {
    std::vector<std::string> fields;
    for (const std::vector<double>& column : columns) {
      fields.push_back(absl::StrFormat("%.17g", column[r]));  // reads back to the same double
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

TEST(CliTablesE2eTest, Hdf5TablesAndDetectorsOnNamedColumns) {
  const std::string scratch = testing::ScratchDir();
  testing::CliServer server;
  ASSERT_TRUE(server.Start(scratch + "/data"));
  const std::vector<std::string> order = {"run", "PTJ1", "MET", "HT"};
  const std::vector<std::pair<std::string, double>> models = {{"low", 100}, {"high", 160}};
  for (size_t m = 0; m < models.size(); ++m) {
    const auto& [name, mean] = models[m];
    const std::string csv = testing::WriteFile(absl::StrCat(scratch, "/", name, ".csv"),
                                               Table(mean, 600, 10 + m, order));
    ASSERT_EQ(server.Json(absl::StrCat("samples upload ", csv, " --name ", name))["columns"],
              nlohmann::json(order));
  }
  // The same rows as HDF5, a 2-D dataset with its `columns` attribute and a group of 1-D datasets
  // (listed by name): each stores exactly the CSV's table, its columns in the file's order.
  const std::vector<std::vector<double>> low = Columns(100, 600, 10, order);
  std::vector<double> matrix;
  for (size_t r = 0; r < low[0].size(); ++r) {
    for (const std::vector<double>& column : low) matrix.push_back(column[r]);
  }
  const std::string matrix_file = testing::WriteHdf5(scratch + "/low_matrix.h5", [&](hid_t file) {
    testing::AddMatrixTable(file, "features", order, matrix);
  });
  const nlohmann::json stored_low = server.Json("samples show low");
  const nlohmann::json from_matrix =
      server.Json("samples upload " + matrix_file + " --name low_matrix");
  EXPECT_EQ(from_matrix["columns"], nlohmann::json(order));
  EXPECT_EQ(from_matrix["checksum"], stored_low["checksum"]);
  const std::vector<std::string> sorted = {"HT", "MET", "PTJ1", "run"};
  const std::string group_file = testing::WriteHdf5(scratch + "/low_group.h5", [&](hid_t file) {
    testing::AddColumnGroup(file, "events", sorted, {low[3], low[2], low[1], low[0]});
  });
  const nlohmann::json from_group =
      server.Json("samples upload " + group_file + " --dataset /events --name low_group");
  EXPECT_EQ(from_group["columns"], nlohmann::json(sorted));
  EXPECT_EQ(from_group["num_events"], 600);
  const testing::LatentctlResult inspected =
      server.Run("inspect " + group_file + " --dataset events");
  ASSERT_EQ(inspected.exit_code, 0) << inspected.err;
  EXPECT_THAT(inspected.out, HasSubstr("rows     600"));

  ASSERT_EQ(server.Json("train --encoder tab --samples low,high --columns PTJ1,MET --epochs 20 "
                        "--initialisations 1 --seed 4 --wait")["state"],
            "SUCCEEDED");
  ASSERT_EQ(server.Json("detectors train --name det --reference low --columns PTJ1,MET --epochs "
                        "20 --seed 5 --wait")["state"],
            "SUCCEEDED");
  // Held-out rows of the high model, as HDF5: ranked by name, scored, and their kept rows written.
  const std::vector<std::vector<double>> held = Columns(160, 200, 21, order);
  const std::string held_file = testing::WriteHdf5(
      scratch + "/held.h5", [&](hid_t file) { testing::AddColumnGroup(file, "/", order, held); });
  EXPECT_EQ(server.Json("nearest --encoder tab " + held_file)["ranking"][0]["model"], "high");
  const std::string kept_file = scratch + "/kept.csv";
  const nlohmann::json scored = server.Json(
      absl::StrCat("score --detector det --keep 0.1 ", held_file, " --events-out ", kept_file));
  EXPECT_EQ(scored["events"], 200);
  EXPECT_GT(scored["kept_events"], 100);  // the high model lies in the low reference's tail
  const std::string kept = testing::ReadFile(kept_file);
  EXPECT_EQ(kept.substr(0, kept.find('\n')), "HT,MET,PTJ1,run");
  EXPECT_EQ(std::count(kept.begin(), kept.end(), '\n'), scored["kept_events"].get<int>() + 1);
  const nlohmann::json interpreted = server.Json(absl::StrCat(
      "interpret --detector det --encoder tab --keep 0.1 --method nearest ", held_file));
  EXPECT_EQ(interpreted["selection"]["kept_events"], scored["kept_events"]);
  EXPECT_EQ(interpreted["ranking"][0]["model"], "high") << interpreted;
  const nlohmann::json forward = server.Json(absl::StrCat(
      "interpret --detector det --encoder tab --keep 0.1 --pseudo-experiments 40 ", held_file));
  EXPECT_EQ(forward["selection"]["kept_events"], scored["kept_events"]);
  EXPECT_TRUE(forward.contains("verdict")) << forward;
}

}  // namespace
}  // namespace latentspace
