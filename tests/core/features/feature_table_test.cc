// Tests of feature tables: a header's names (quotes and spaces dropped), rows read as numbers in
// the header's order, every refusal naming the file, the line and the column, telling a table's
// header from an event file's first line, and the column summary `inspect` prints.
#include "core/features/feature_table.h"

#include <cmath>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/features/file_summary.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/paths.h"
#include "tests/testing/table_rows.h"

namespace latentspace {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class FeatureTableTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::ScratchDir(); }

  // Writes `content` to `name` in the test's scratch directory.
  std::string Table(const std::string& name, const std::string& content) const {
    return testing::WriteFile(dir_ + "/" + name, content);
  }

  std::string dir_;
};

// Every row of `path`, or the first error.
absl::StatusOr<std::vector<std::vector<double>>> ReadAll(const std::string& path) {
  return testing::TableRows(CsvTableReader::Open(path));
}

TEST_F(FeatureTableTest, ReadsTheHeaderAndEveryRowInItsOrder) {
  const std::string path = Table("t.csv",
                                 "PTJ1, \"PTj2\" ,MET\n"
                                 "250.5,120,30\n"
                                 "1e3,-2.5, 0\n");
  absl::StatusOr<std::unique_ptr<CsvTableReader>> table = CsvTableReader::Open(path);
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_THAT((*table)->columns(), ElementsAre("PTJ1", "PTj2", "MET"));
  absl::StatusOr<std::vector<std::vector<double>>> rows = ReadAll(path);
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_THAT(*rows, ElementsAre(ElementsAre(250.5, 120, 30), ElementsAre(1000, -2.5, 0)));
}

TEST_F(FeatureTableTest, EveryRefusalNamesTheFileTheLineAndTheColumn) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"", {": empty file: no header row"}},
      {",PTJ1,MET\n0,1,2\n", {":1: column 1 has no name", "index=False"}},
      {"PTJ1,2.5\n", {":1: column 2 is named '2.5', a number"}},
      {"PTJ1,MET,PTJ1\n", {":1: column 3 'PTJ1' has the name of an earlier column"}},
      {"PTJ1,MET\n1,2\n3,abc\n", {":3: column 'MET': 'abc' is not a number"}},
      {"PTJ1,MET\nnan,2\n", {":2: column 'PTJ1': nan is not finite"}},
      {"PTJ1,MET\n1,inf\n", {":2: column 'MET': inf is not finite"}},
      {"PTJ1,MET,HT\n1,2\n", {":2: 2 fields, the 3 of the header expected (no 'HT')"}},
      {"PTJ1,MET\n1,2,3\n", {":2: more than the 2 fields of the header"}},
      {"PTJ1,MET\n1,2\n\n3,4\n", {":3: an empty line where a row of 2 values should be"}},
      {"PTJ1,MET\n1,\n", {":2: column 'MET': '' is not a number"}},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    const std::string path = Table("bad" + std::to_string(i) + ".csv", cases[i].first);
    const absl::Status status = ReadAll(path).status();
    SCOPED_TRACE(cases[i].first);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
    EXPECT_THAT(status.message(), HasSubstr(path));
    for (const std::string& part : cases[i].second) EXPECT_THAT(status.message(), HasSubstr(part));
  }
  EXPECT_EQ(CsvTableReader::Open(dir_ + "/missing.csv").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(FeatureTableTest, AHeaderIsToldFromTheFirstLineOfAnEventFile) {
  EXPECT_TRUE(IsFeatureTableHeader("PTJ1,PTj2,MET"));
  EXPECT_TRUE(IsFeatureTableHeader("met"));
  EXPECT_TRUE(IsFeatureTableHeader("\"m_jj [GeV]\",1"));
  EXPECT_FALSE(IsFeatureTableHeader("1;p;1;300000;0.5;j,250000,250000,0.1,1;"));
  EXPECT_FALSE(IsFeatureTableHeader("HepMC::Version 3.02.05"));
  EXPECT_FALSE(IsFeatureTableHeader("<LesHouchesEvents version=\"3.0\">"));
  EXPECT_FALSE(IsFeatureTableHeader("1,2.5,3e4"));
  EXPECT_FALSE(IsFeatureTableHeader(""));
  EXPECT_TRUE(LooksLikeFeatureTable(Table("h.csv", "a,b\n1,2\n")));
  EXPECT_FALSE(LooksLikeFeatureTable(dir_ + "/missing.csv"));
}

TEST(ColumnNamesTest, EveryRuleNamesTheColumn) {
  EXPECT_TRUE(CheckColumnNames({"PTJ1", "m_jj [GeV]", "MET"}).ok());
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{}, "no column names"},
      {{"a", ""}, "column 2 has no name"},
      {{"1e3"}, "column 1 is named '1e3', a number"},
      {{"a,b"}, "column 1 'a,b': a column name may not hold a comma"},
      {{"a", "b\"c"}, "column 2 'b\\\"c'"},
      {{" a"}, "spaces around it"},
      {{"a\nb"}, "column 1 'a\\nb'"},
      {{"a", "b", "a"}, "column 3 'a' has the name of an earlier column"},
  };
  for (const auto& [names, message] : cases) {
    const absl::Status status = CheckColumnNames(names);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << message;
    EXPECT_THAT(status.message(), HasSubstr(message));
  }
}

TEST(ColumnPickerTest, TakesTheWantedColumnsByNameInTheirOrder) {
  const std::vector<std::string> columns = {"HT", "MET", "PTJ1", "extra"};
  absl::StatusOr<ColumnPicker> picker = ColumnPicker::Make(columns, {"PTJ1", "MET"}, "table t");
  ASSERT_TRUE(picker.ok()) << picker.status();
  std::vector<double> out(2);
  picker->Take({1, 2, 3, 4}, absl::MakeSpan(out));
  EXPECT_THAT(out, ElementsAre(3, 2));
  const absl::Status missing = ColumnPicker::Make(columns, {"MET", "PTj2"}, "table t").status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(missing.message(),
              HasSubstr("table t has no column 'PTj2' (its columns: HT, MET, PTJ1, extra)"));
}

TEST_F(FeatureTableTest, WrittenRowsReadBackExactly) {
  const std::vector<double> row = {0.1, -2.5e-300, 1.0 / 3.0, 123456789.125, 0};
  std::string text;
  AppendTableHeader(std::vector<std::string>{"a", "b", "c", "d", "e"}, &text);
  AppendTableRow(row, &text);
  AppendTableRow(row, &text);
  absl::StatusOr<std::vector<std::vector<double>>> rows = ReadAll(Table("w.csv", text));
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_THAT(*rows, ElementsAre(row, row));
}

TEST_F(FeatureTableTest, TheWriterWritesATableThatReadsBackPlainOrGzip) {
  const std::vector<double> row = {0.1, 1.0 / 3, -6.02214076e23};
  for (const std::string name : {"w.csv", "w.csv.gz"}) {
    const std::string path = dir_ + "/" + name;
    absl::StatusOr<std::unique_ptr<FeatureTableWriter>> writer =
        FeatureTableWriter::Create(path, {"a", "b", "c"});
    ASSERT_TRUE(writer.ok()) << writer.status();
    ASSERT_TRUE((*writer)->Write(row).ok());
    EXPECT_THAT((*writer)->Write({1, NAN, 3}).message(),
                HasSubstr(path + ": column 'b': nan is not finite"));
    EXPECT_THAT((*writer)->Write({1, 2}).message(),
                HasSubstr(path + ": a row of 2 values for 3 columns"));
    EXPECT_FALSE(std::filesystem::exists(path));  // until closed
    ASSERT_TRUE((*writer)->Close().ok());
    absl::StatusOr<std::vector<std::vector<double>>> rows = ReadAll(path);
    ASSERT_TRUE(rows.ok()) << rows.status();
    EXPECT_THAT(*rows, ElementsAre(row));
  }
  EXPECT_THAT(FeatureTableWriter::Create(dir_ + "/bad.csv", {"a", "a"}).status().message(),
              HasSubstr("column 2 'a' has the name of an earlier column"));
}

TEST_F(FeatureTableTest, TheSummaryGivesEachColumnsMoments) {
  const std::string path = Table("s.csv", "x,y\n1,10\n2,20\n3,60\n");
  absl::StatusOr<std::unique_ptr<CsvTableReader>> table = CsvTableReader::Open(path);
  ASSERT_TRUE(table.ok()) << table.status();
  absl::StatusOr<FeatureTableSummary> summary = SummariseFeatureTable(**table);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->rows, 3);
  EXPECT_THAT(summary->columns, ElementsAre("x", "y"));
  EXPECT_DOUBLE_EQ(summary->stats[0].mean(), 2);
  EXPECT_DOUBLE_EQ(summary->stats[0].std(), std::sqrt(2.0 / 3));
  EXPECT_DOUBLE_EQ(summary->stats[1].max(), 60);
  table = CsvTableReader::Open(Table("s2.csv", "x\n1\nq\n"));
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_FALSE(SummariseFeatureTable(**table).ok());
}

}  // namespace
}  // namespace latentspace
