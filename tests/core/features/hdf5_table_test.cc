// Tests core/features/hdf5_table: both HDF5 layouts read row by row (across blocks, any numeric
// type), the same rows as the CSV form of the same table, and every refusal naming the file, the
// object and what is wrong.
#include "core/features/hdf5_table.h"

#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/hdf5_files.h"
#include "tests/testing/paths.h"
#include "tests/testing/table_rows.h"

namespace latentspace {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Every row of the table `dataset` in `path`, or the first error.
absl::StatusOr<std::vector<std::vector<double>>> ReadAll(const std::string& path,
                                                         const std::string& dataset = "") {
  return testing::TableRows(OpenFeatureTable(path, dataset));
}

// The error message of opening or reading the table, or "" when it reads.
std::string Refusal(const std::string& path, const std::string& dataset = "") {
  absl::StatusOr<std::vector<std::vector<double>>> rows = ReadAll(path, dataset);
  EXPECT_FALSE(rows.ok()) << path;
  if (rows.ok()) return "";
  EXPECT_EQ(rows.status().code(), absl::StatusCode::kInvalidArgument) << rows.status();
  return std::string(rows.status().message());
}

class Hdf5TableTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::ScratchDir(); }

  std::string File(const std::string& name, const std::function<void(hid_t)>& fill) const {
    return testing::WriteHdf5(dir_ + "/" + name, fill);
  }

  std::string dir_;
};

TEST_F(Hdf5TableTest, ReadsATwoDimensionalDatasetNamedByItsColumnsAttribute) {
  const std::string path = File("m.h5", [](hid_t file) {
    testing::AddMatrixTable(file, "features", {"PTJ1", "MET", "NJ"}, {250.5, 30, 2, 1e3, -2.5, 4});
  });
  EXPECT_TRUE(IsHdf5File(path));
  EXPECT_TRUE(LooksLikeFeatureTable(path));
  absl::StatusOr<std::unique_ptr<FeatureTableReader>> table = OpenFeatureTable(path, "");
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_THAT((*table)->columns(), ElementsAre("PTJ1", "MET", "NJ"));
  EXPECT_EQ((*table)->path(), path);
  EXPECT_EQ((*table)->file_bytes(), 6 * 8);
  absl::StatusOr<std::vector<std::vector<double>>> rows = ReadAll(path);  // the root's only one
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_THAT(*rows, ElementsAre(ElementsAre(250.5, 30, 2), ElementsAre(1000, -2.5, 4)));
  for (const std::string dataset : {"/features", "features"}) {
    absl::StatusOr<std::vector<std::vector<double>>> named = ReadAll(path, dataset);
    ASSERT_TRUE(named.ok()) << named.status();
    EXPECT_EQ(*named, *rows);
  }
}

TEST_F(Hdf5TableTest, ReadsAGroupOfOneDimensionalDatasetsInAnyNumericType) {
  const std::string path = File("g.h5", [](hid_t file) {
    const hid_t group = H5Gcreate2(file, "/events", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dclose(testing::AddDataset(group, "NJ", {3}, {2, 3, 5}, H5T_STD_I32LE));
    H5Dclose(testing::AddDataset(group, "MET", {3}, {30.5, 40.25, 50}, H5T_IEEE_F32LE));
    H5Dclose(testing::AddDataset(group, "HT", {3}, {100.1, 200.2, 300.3}));
    H5Dclose(testing::AddDataset(group, "NB", {3}, {0, 1, 0}, H5T_STD_U8LE));
    H5Gclose(group);
  });
  absl::StatusOr<std::unique_ptr<FeatureTableReader>> table = OpenFeatureTable(path, "/events");
  ASSERT_TRUE(table.ok()) << table.status();
  // In the order of their names, as HDF5 (and h5py's keys()) list them.
  EXPECT_THAT((*table)->columns(), ElementsAre("HT", "MET", "NB", "NJ"));
  absl::StatusOr<std::vector<std::vector<double>>> rows = ReadAll(path, "/events");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_THAT(*rows, ElementsAre(ElementsAre(100.1, 30.5, 0, 2), ElementsAre(200.2, 40.25, 1, 3),
                                 ElementsAre(300.3, 50, 0, 5)));
}

TEST_F(Hdf5TableTest, ReadsManyBlocksInOrderInBothLayouts) {
  constexpr int kRows = 70000;  // three blocks of rows for two columns
  std::vector<double> matrix, x, y;
  for (int r = 0; r < kRows; ++r) {
    x.push_back(r);
    y.push_back(0.5 * r - 7);
    matrix.push_back(x.back());
    matrix.push_back(y.back());
  }
  const std::string path = File("big.h5", [&](hid_t file) {
    testing::AddMatrixTable(file, "matrix", {"x", "y"}, matrix);
    testing::AddColumnGroup(file, "columns", {"x", "y"}, {x, y});
  });
  for (const std::string dataset : {"/matrix", "/columns"}) {
    absl::StatusOr<std::unique_ptr<FeatureTableReader>> table = OpenFeatureTable(path, dataset);
    ASSERT_TRUE(table.ok()) << table.status();
    std::vector<double> row;
    int64_t mismatches = 0;
    for (int r = 0; r < kRows; ++r) {
      ASSERT_TRUE((*table)->Next(&row).value_or(false)) << dataset << " row " << r;
      mismatches += row != std::vector<double>{x[r], y[r]};
    }
    EXPECT_EQ(mismatches, 0) << dataset;
    EXPECT_EQ((*table)->bytes_consumed(), (*table)->file_bytes());
    EXPECT_FALSE((*table)->Next(&row).value_or(true));
    EXPECT_EQ((*table)->rows(), kRows);
  }
}

TEST_F(Hdf5TableTest, FixedLengthNamesReadAsWell) {
  const std::string path = File("fixed.h5", [](hid_t file) {
    const hid_t dataset = testing::AddDataset(file, "t", {1, 2}, {1, 2});
    const hsize_t two = 2;
    const hid_t space = H5Screate_simple(1, &two, nullptr);
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, 4);
    H5Tset_strpad(type, H5T_STR_NULLPAD);
    const hid_t attribute = H5Acreate2(dataset, "columns", type, space, H5P_DEFAULT, H5P_DEFAULT);
    const char names[] = {'M', 'E', 'T', '\0', 'P', 'T', 'J', '1'};  // numpy's 'S4'
    H5Awrite(attribute, type, names);
    H5Aclose(attribute);
    H5Tclose(type);
    H5Sclose(space);
    H5Dclose(dataset);
  });
  absl::StatusOr<std::unique_ptr<FeatureTableReader>> table = OpenFeatureTable(path, "");
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_THAT((*table)->columns(), ElementsAre("MET", "PTJ1"));
}

TEST_F(Hdf5TableTest, GivesTheSameRowsAsTheCsvOfTheSameTable) {
  const std::vector<double> values = {0.1, 1.0 / 3, 6.02214076e23, -1e-300, 42, 2.5};
  std::string csv;
  AppendTableHeader(std::vector<std::string>{"a", "b", "c"}, &csv);
  AppendTableRow(absl::MakeConstSpan(values).subspan(0, 3), &csv);
  AppendTableRow(absl::MakeConstSpan(values).subspan(3, 3), &csv);
  const std::string csv_path = testing::WriteFile(dir_ + "/t.csv", csv);
  const std::string h5_path = File("t.h5", [&](hid_t file) {
    testing::AddMatrixTable(file, "t", {"a", "b", "c"}, values);
  });
  EXPECT_FALSE(IsHdf5File(csv_path));
  absl::StatusOr<std::vector<std::vector<double>>> from_csv = ReadAll(csv_path);
  absl::StatusOr<std::vector<std::vector<double>>> from_h5 = ReadAll(h5_path);
  ASSERT_TRUE(from_csv.ok() && from_h5.ok()) << from_csv.status() << from_h5.status();
  EXPECT_EQ(*from_csv, *from_h5);
}

TEST_F(Hdf5TableTest, RefusesWhatIsNotATableNamingTheObjectAndTheProblem) {
  const std::string no_names = File("no_names.h5", [](hid_t file) {
    H5Dclose(testing::AddDataset(file, "t", {2, 3}, {}));
  });
  EXPECT_THAT(
      Refusal(no_names),
      HasSubstr(no_names + " dataset '/t' has no attribute 'columns' naming its 3 columns"));

  const std::string too_few = File("too_few.h5", [](hid_t file) {
    testing::AddMatrixTable(file, "t", {"a", "b"}, {1, 2, 3, 4});
    const hid_t dataset = H5Dopen2(file, "t", H5P_DEFAULT);
    H5Adelete(dataset, "columns");
    testing::SetStrings(dataset, "columns", {"a"});
    H5Dclose(dataset);
  });
  EXPECT_THAT(Refusal(too_few), HasSubstr("dataset '/t' attribute 'columns' names 1 columns; the "
                                          "dataset has 2"));

  const std::string duplicate = File("duplicate.h5", [](hid_t file) {
    testing::AddMatrixTable(file, "t", {"a", "a"}, {1, 2});
  });
  EXPECT_THAT(Refusal(duplicate), HasSubstr("attribute 'columns': column 2 'a' has the name of an "
                                            "earlier column"));

  const std::string strings = File("strings.h5", [](hid_t file) {
    const hsize_t dims[2] = {1, 1};
    const hid_t space = H5Screate_simple(2, dims, nullptr);
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, 8);
    H5Dclose(H5Dcreate2(file, "t", type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    H5Tclose(type);
    H5Sclose(space);
  });
  EXPECT_THAT(Refusal(strings), HasSubstr("dataset '/t' holds strings, not numbers"));

  const std::string three_d = File("three_d.h5", [](hid_t file) {
    H5Dclose(testing::AddDataset(file, "a", {2, 2, 2}, {}));
    H5Dclose(testing::AddDataset(file, "b", {2}, {}));
  });
  EXPECT_THAT(Refusal(three_d), HasSubstr("dataset '/a' is 3-D, not 1-D"));

  const std::string ragged = File("ragged.h5", [](hid_t file) {
    testing::AddColumnGroup(file, "/", {"a", "b"}, {{1, 2, 3}, {1, 2}});
  });
  EXPECT_THAT(Refusal(ragged), HasSubstr("dataset '/b' has 2 rows; 'a' has 3"));

  const std::string nested = File("nested.h5", [](hid_t file) {
    testing::AddColumnGroup(file, "/", {"a"}, {{1}});
    testing::AddColumnGroup(file, "inner", {"b"}, {{1}});
  });
  EXPECT_THAT(Refusal(nested), HasSubstr("group '/' member 'inner' is not a dataset"));

  const std::string empty = File("empty.h5", [](hid_t) {});
  EXPECT_THAT(Refusal(empty), HasSubstr(empty + " group '/' holds no datasets"));
  EXPECT_THAT(Refusal(empty, "/nowhere"), HasSubstr(empty + " has no dataset or group '/nowhere'"));

  const std::string nan = File("nan.h5", [](hid_t file) {
    testing::AddMatrixTable(file, "t", {"a", "b"},
                            {1, 2, 3, std::numeric_limits<double>::quiet_NaN()});
  });
  EXPECT_THAT(Refusal(nan), HasSubstr(nan + " dataset '/t' row 2 column 'b': nan is not finite"));

  const std::string whole = testing::ReadFile(nan);
  const std::string truncated =
      testing::WriteFile(dir_ + "/truncated.h5", whole.substr(0, whole.size() / 2));
  EXPECT_THAT(Refusal(truncated), HasSubstr(truncated + ": not a readable HDF5 file: "));

  const std::string csv = testing::WriteFile(dir_ + "/t.csv", "a\n1\n");
  EXPECT_THAT(Refusal(csv, "/t"), HasSubstr("is not an HDF5 file: a dataset ('/t') names a table "
                                            "inside an HDF5 file only"));
  EXPECT_EQ(OpenHdf5Table(dir_ + "/missing.h5", "").status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace latentspace
