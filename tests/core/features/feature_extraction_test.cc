// Tests of feature extraction over whole files: counts, policies, error messages.
#include "core/features/feature_extraction.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/paths.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

constexpr char kThreeEvents[] =
    "1;p;1;300000;0;j,250000,250000,0,1;j,120000,120000,0,-1;j,90000,90000,0,2;j,70000,70000,0,3;\n"
    "2;p;1;300000;0;j,250000,250000,0,1;j,120000,120000,0,-1;\n"
    "3;p;1;310000;0;j,260000,260000,0,1;j,130000,130000,0,-1;j,95000,95000,0,2;b,75000,75000,0,3;"
    "\n";

absl::StatusOr<FeatureMatrix> Extract(const std::string& path, const FeatureOptions& options,
                                      ExtractionCounts* counts) {
  return ReadFeatures(path, EventFormat::kDarkMachines, *FeaturePreset::Get("gluino"), options,
                      counts);
}

TEST(FeatureExtractionTest, SkipsAndCountsEventsWithTooFewJets) {
  const std::string path = testing::WriteFile(testing::ScratchDir() + "/e.csv", kThreeEvents);
  ExtractionCounts counts;
  absl::StatusOr<FeatureMatrix> matrix = Extract(path, {}, &counts);
  ASSERT_TRUE(matrix.ok()) << matrix.status();
  EXPECT_EQ(matrix->rows(), 2);
  EXPECT_EQ(matrix->cols(), 23);
  EXPECT_FLOAT_EQ(matrix->row(1)[0], 260.0f);
  EXPECT_FLOAT_EQ(matrix->row(1)[16], 310.0f);
  EXPECT_EQ(counts.events, 3);
  EXPECT_EQ(counts.accepted, 2);
  EXPECT_EQ(counts.too_few_jets, 1);
  EXPECT_EQ(counts.skipped(), 1);
}

TEST(FeatureExtractionTest, ZeroPaddingKeepsEveryEvent) {
  const std::string path = testing::WriteFile(testing::ScratchDir() + "/e.csv", kThreeEvents);
  FeatureOptions options;
  options.missing_jets = MissingJetPolicy::kZeroPad;
  ExtractionCounts counts;
  absl::StatusOr<FeatureMatrix> matrix = Extract(path, options, &counts);
  ASSERT_TRUE(matrix.ok());
  EXPECT_EQ(matrix->rows(), 3);
  EXPECT_EQ(matrix->row(1)[8], 0.0f);
  EXPECT_EQ(counts.skipped(), 0);
}

TEST(FeatureExtractionTest, ErrorPolicyNamesTheEvent) {
  const std::string path = testing::WriteFile(testing::ScratchDir() + "/e.csv", kThreeEvents);
  FeatureOptions options;
  options.missing_jets = MissingJetPolicy::kError;
  absl::StatusOr<FeatureMatrix> matrix = Extract(path, options, nullptr);
  ASSERT_FALSE(matrix.ok());
  EXPECT_THAT(matrix.status().message(),
              HasSubstr(path + ": event 2 (id 2): fewer than 4 jets, which preset 'gluino' needs"));
}

TEST(FeatureExtractionTest, ReaderErrorsPassThroughAndNothingIsReturned) {
  const std::string path = testing::WriteFile(testing::ScratchDir() + "/e.csv",
                                              std::string(kThreeEvents) + "4;p;1;x;0;\n");
  absl::StatusOr<FeatureMatrix> matrix = Extract(path, {}, nullptr);
  ASSERT_FALSE(matrix.ok());
  EXPECT_THAT(matrix.status().message(), HasSubstr(path + ":4: field 4 (MET)"));
}

}  // namespace
}  // namespace latentspace
