// Tests of the early-return macros (core/status_macros.h): an error is returned as it came, in
// functions returning absl::Status or absl::StatusOr; a value is moved (a move-only one too) into a
// new declaration or an existing variable, and the expression is evaluated once.
#include "core/status_macros.h"

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"

namespace latentspace {
namespace {

absl::StatusOr<std::unique_ptr<int>> Make(int value) {
  if (value < 0) return absl::InvalidArgumentError("negative");
  return std::make_unique<int>(value);
}

absl::StatusOr<int> Doubled(int value, int* calls) {
  ++*calls;
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<int> made, Make(value));
  return 2 * *made;
}

absl::Status Stored(int value, std::string* out) {
  LATENT_RETURN_IF_ERROR(Make(value).status());
  int calls = 0;
  LATENT_ASSIGN_OR_RETURN(const int doubled, Doubled(value, &calls));
  LATENT_ASSIGN_OR_RETURN(*out, absl::StatusOr<std::string>(std::to_string(doubled)));
  return calls == 1 ? absl::OkStatus() : absl::InternalError("evaluated more than once");
}

TEST(StatusMacrosTest, ValuesAreMovedInAndErrorsReturnedAsTheyCame) {
  int calls = 0;
  absl::StatusOr<int> doubled = Doubled(21, &calls);
  ASSERT_TRUE(doubled.ok()) << doubled.status();
  EXPECT_EQ(*doubled, 42);
  EXPECT_EQ(Doubled(-1, &calls).status(), absl::InvalidArgumentError("negative"));
  std::string out;
  EXPECT_TRUE(Stored(4, &out).ok());
  EXPECT_EQ(out, "8");
  out = "kept";
  EXPECT_EQ(Stored(-4, &out), absl::InvalidArgumentError("negative"));
  EXPECT_EQ(out, "kept");
}

}  // namespace
}  // namespace latentspace
