// Tests of name validation: what is accepted, what is rejected and how the error names it.
#include "server/store/name_validation.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace::store {
namespace {

using ::testing::HasSubstr;

TEST(StoreNamesTest, AcceptsPlainNames) {
  const std::vector<std::string> names = {"ttbar", "gluino_1600", "Zprime-2.5TeV",      "a",
                                          "0",     "x.y.z",       std::string(128, 'n')};
  for (const std::string& name : names) {
    EXPECT_TRUE(ValidateName("sample name", name).ok()) << name;
  }
}

TEST(StoreNamesTest, RejectsUnsafeNames) {
  const std::string too_long(129, 'n');
  const std::vector<std::string> names = {"",          "../x",        "a/b",
                                          ".hidden",   "-rf",         "has space",
                                          "tab\there", "new\nline",   std::string("nul\0byte", 8),
                                          "\x7f",      "caf\xc3\xa9", "\xe2\x84\xa2",
                                          too_long};
  for (const std::string& name : names) {
    const absl::Status status = ValidateName("sample name", name);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << name;
    EXPECT_THAT(status.message(), HasSubstr("sample name \"")) << status;
  }
}

TEST(StoreNamesTest, ErrorQuotesAndEscapesTheValue) {
  EXPECT_THAT(ValidateName("sample name", "../x").message(),
              HasSubstr("sample name \"../x\" is invalid"));
  EXPECT_THAT(ValidateName("encoder name", "a\nb\x01").message(),
              HasSubstr("encoder name \"a\\nb\\x01\" is invalid"));
  EXPECT_THAT(ValidateName("sample name", "caf\xc3\xa9").message(), HasSubstr("\"caf\\xc3\\xa9\""));
  EXPECT_THAT(ValidateName("sample name", "").message(), HasSubstr("sample name \"\" is invalid"));
  // Very long values are cut in the message but their length is given.
  EXPECT_THAT(ValidateName("sample name", std::string(1000, 'x')).message(),
              HasSubstr("(1000 bytes)"));
}

TEST(StoreNamesTest, ParameterNamesArePrintableAscii) {
  EXPECT_TRUE(ValidateParameterName("mgluino").ok());
  EXPECT_TRUE(ValidateParameterName("m_{Z'} [GeV]").ok());
  EXPECT_EQ(ValidateParameterName("").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateParameterName(" m").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateParameterName("m\n").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateParameterName("\xce\xbc").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateParameterName(std::string(129, 'm')).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ValidateParameterName("m\n").message(), HasSubstr("parameter name \"m\\n\""));
}

}  // namespace
}  // namespace latentspace::store
