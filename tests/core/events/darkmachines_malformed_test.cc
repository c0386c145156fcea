// The malformed-input corpus (testdata/malformed/): every file must be refused with an error that
// names the file, the line (and the field) and the offending text, and nothing partial returned.
#include <string>
#include <vector>

#include "core/events/darkmachines_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/paths.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

struct MalformedCase {
  std::string file;
  absl::StatusCode code;
  // Substrings the message must contain after "PATH" (the message always starts with the path).
  std::vector<std::string> expected;
};

void PrintTo(const MalformedCase& c, std::ostream* os) { *os << c.file; }

std::string CaseName(const ::testing::TestParamInfo<MalformedCase>& info) {
  std::string name = info.param.file.substr(0, info.param.file.find('.'));
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

class MalformedCorpusTest : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(MalformedCorpusTest, IsRefusedWithAPreciseMessage) {
  const MalformedCase& c = GetParam();
  const std::string path = testing::SourcePath("tests/core/events/testdata/malformed/") + c.file;
  absl::StatusOr<std::vector<Event>> events = ReadEventFile(path, EventFormat::kDarkMachines);
  ASSERT_FALSE(events.ok()) << c.file << " was accepted with " << events->size() << " events";
  EXPECT_EQ(events.status().code(), c.code) << events.status();
  const std::string message(events.status().message());
  EXPECT_EQ(message.rfind(path, 0), 0u) << "message does not start with the path: " << message;
  for (const std::string& part : c.expected) EXPECT_THAT(message, HasSubstr(part));
}

const absl::StatusCode kInvalid = absl::StatusCode::kInvalidArgument;

INSTANTIATE_TEST_SUITE_P(
    Corpus, MalformedCorpusTest,
    ::testing::Values(
        MalformedCase{"01_empty.csv", kInvalid, {": holds no events (empty file)"}},
        MalformedCase{"02_only_blank_lines.csv", kInvalid, {"holds no events"}},
        MalformedCase{"03_too_few_fields.csv",
                      kInvalid,
                      {":2: found 3 ';'-separated fields, expected at least 5"}},
        MalformedCase{"04_empty_field.csv", kInvalid, {":1: field 5 is empty"}},
        MalformedCase{"05_weight_not_number.csv",
                      kInvalid,
                      {":1: field 3 (weight) 'one': 'one' is not a number"}},
        MalformedCase{"06_met_nan.csv", kInvalid, {":1: field 4 (MET) 'nan': 'nan' is not finite"}},
        MalformedCase{"07_met_inf.csv", kInvalid, {":1: field 4 (MET) 'inf': 'inf' is not finite"}},
        MalformedCase{"08_met_negative.csv",
                      kInvalid,
                      {":1: field 4 (MET) '-250000': '-250000' is negative"}},
        MalformedCase{"09_metphi_out_of_range.csv",
                      kInvalid,
                      {":1: field 5 (METphi) '4.5': '4.5' is outside [-pi, pi]"}},
        MalformedCase{
            "10_unknown_object_code.csv",
            kInvalid,
            {":2: field 6 (object) 'tau,100000,90000,0.1,0.2': unknown object code 'tau'"}},
        MalformedCase{"11_object_too_few_values.csv",
                      kInvalid,
                      {":1: field 6 (object) 'j,100000,90000,0.1': has 4 comma-separated values, "
                       "expected 5"}},
        MalformedCase{"12_object_too_many_values.csv",
                      kInvalid,
                      {":1: field 6 (object)", "has 6 comma-separated values"}},
        MalformedCase{"13_negative_energy.csv",
                      kInvalid,
                      {":1: field 6 (object E) 'j,-100000,90000,0.1,0.2': '-100000' is negative"}},
        MalformedCase{
            "14_negative_pt.csv", kInvalid, {":1: field 6 (object pt)", "'-90000' is negative"}},
        MalformedCase{
            "15_eta_nan.csv", kInvalid, {":1: field 6 (object eta)", "'NaN' is not finite"}},
        MalformedCase{
            "16_eta_huge.csv", kInvalid, {":1: field 6 (object eta)", "'42' has |eta| > 10"}},
        MalformedCase{
            "17_phi_inf.csv", kInvalid, {":1: field 6 (object phi)", "'-inf' is not finite"}},
        MalformedCase{"18_trailing_garbage_in_number.csv",
                      kInvalid,
                      {":1: field 6 (object pt)", "'90000x' is not a number"}},
        MalformedCase{"19_energy_overflow.csv",
                      kInvalid,
                      {":1: field 6 (object E)", "'1e400' is not a number"}},
        MalformedCase{"20_energy_beyond_140TeV.csv",
                      kInvalid,
                      {":1: field 6 (object E)", "'2e11' exceeds 140 TeV"}},
        MalformedCase{"21_comma_separated.csv",
                      kInvalid,
                      {":1: found 1 ';'-separated fields, expected at least 5"}},
        MalformedCase{"22_space_in_number.csv",
                      kInvalid,
                      {":1: field 4 (MET) ' 250000': ' 250000' is not a number"}},
        MalformedCase{"23_empty_object_code.csv",
                      kInvalid,
                      {":1: field 6 (object)", "unknown object code ''"}},
        MalformedCase{"24_header_line.csv",
                      kInvalid,
                      {":1: field 3 (weight) 'weight': 'weight' is not a number"}},
        MalformedCase{"25_binary_garbage.csv",
                      kInvalid,
                      {":1: field 1 (eventID)", "holds a control character"}},
        MalformedCase{"26_error_on_later_line.csv", kInvalid, {":4: field 7 is empty"}},
        MalformedCase{"27_truncated_gzip.csv.gz", absl::StatusCode::kDataLoss, {"cannot read"}},
        MalformedCase{"28_does_not_exist.csv", absl::StatusCode::kNotFound, {": no such file"}}),
    CaseName);

}  // namespace
}  // namespace latentspace
