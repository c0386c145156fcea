// Tests of client/cli/output: tables, times, numbers, parameters, job states, durations.
#include "client/cli/text_output.h"

#include <cmath>
#include <sstream>

#include "gtest/gtest.h"

namespace latentspace::cli {
namespace {

TEST(CliOutputTest, TableAlignsColumns) {
  Table table({"NAME", "EVENTS"});
  table.AddRow({"monojet_Zp2000", "791"});
  table.AddRow({"a", "12"});
  std::ostringstream out;
  table.Print(out);
  EXPECT_EQ(out.str(),
            "NAME            EVENTS\n"
            "monojet_Zp2000  791\n"
            "a               12\n");
}

TEST(CliOutputTest, FieldsAlignKeys) {
  std::ostringstream out;
  PrintFields({{"name", "zp"}, {"parameters", "mzp=2000"}}, out);
  EXPECT_EQ(out.str(), "name        zp\nparameters  mzp=2000\n");
}

TEST(CliOutputTest, TimesAreIso8601Utc) {
  EXPECT_EQ(FormatTime(1714564800123), "2024-05-01T12:00:00.123Z");
  EXPECT_EQ(FormatTime(0), "");
}

TEST(CliOutputTest, NumbersParametersStatesDurations) {
  EXPECT_EQ(FormatNumber(1.23456789), "1.23457");
  EXPECT_EQ(FormatNumber(std::nan("")), "-");
  google::protobuf::Map<std::string, double> parameters;
  EXPECT_EQ(FormatParameters(parameters), "-");
  parameters["mzp"] = 2000;
  parameters["mdm"] = 50;
  EXPECT_EQ(FormatParameters(parameters), "mdm=50, mzp=2000");
  EXPECT_EQ(JobStateName(v1::JOB_STATE_SUCCEEDED), "SUCCEEDED");
  EXPECT_EQ(JobStateName(v1::JOB_STATE_QUEUED), "QUEUED");
  EXPECT_EQ(FormatDuration(3.21), "3.2s");
  EXPECT_EQ(FormatDuration(65), "1m05s");
  EXPECT_EQ(FormatDuration(7800), "2h10m");
  EXPECT_EQ(FormatDuration(std::nan("")), "-");
}

}  // namespace
}  // namespace latentspace::cli
