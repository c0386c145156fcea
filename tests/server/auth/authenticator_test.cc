// Tests of authentication: tokens, the anonymous caller, the "Bearer" scheme and reloads that keep
// the tokens in force when the new file is broken. Also the roles' names and order.
#include "server/auth/authenticator.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/paths.h"

namespace latentspace::server {
namespace {

using ::testing::HasSubstr;

TEST(RoleTest, NamesParseAndEachRoleGrantsTheOnesBelow) {
  for (Role role : {Role::kReader, Role::kTrainer, Role::kAdmin}) {
    EXPECT_EQ(*ParseRole(RoleName(role)), role);
  }
  EXPECT_THAT(ParseRole("root").status().message(),
              HasSubstr("role \"root\" is not one of reader, trainer, admin"));
  EXPECT_TRUE(Grants(Role::kAdmin, Role::kTrainer));
  EXPECT_TRUE(Grants(Role::kTrainer, Role::kTrainer));
  EXPECT_TRUE(Grants(Role::kTrainer, Role::kReader));
  EXPECT_FALSE(Grants(Role::kReader, Role::kTrainer));
  EXPECT_FALSE(Grants(Role::kTrainer, Role::kAdmin));
}

class AuthenticatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = testing::ScratchDir() + "/tokens.txt";
    alice_ = *AddToken(path_, "alice", Role::kTrainer);
  }
  std::string Bearer(const std::string& token) { return "Bearer " + token; }

  std::string path_;
  std::string alice_;
};

TEST_F(AuthenticatorTest, ATokenGivesItsHolder) {
  auto auth = Authenticator::Create({path_, std::nullopt});
  ASSERT_TRUE(auth.ok()) << auth.status();
  EXPECT_EQ((*auth)->tokens(), 1);
  absl::StatusOr<Principal> caller = (*auth)->Authenticate(Bearer(alice_));
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(caller->name, "alice");
  EXPECT_EQ(caller->role, Role::kTrainer);
  EXPECT_FALSE(caller->anonymous);
  // The scheme is case-insensitive (RFC 7235).
  EXPECT_TRUE((*auth)->Authenticate("bearer " + alice_).ok());
}

TEST_F(AuthenticatorTest, MissingUnknownAndMalformedTokensAreUnauthenticated) {
  auto auth = *Authenticator::Create({path_, std::nullopt});
  const absl::Status missing = auth->Authenticate(std::nullopt).status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(missing.message(), HasSubstr("needs a bearer token"));
  const absl::Status unknown = auth->Authenticate(Bearer("lsk_guess")).status();
  EXPECT_EQ(unknown.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(unknown.message(), HasSubstr("not one of this server's tokens"));
  for (const std::string& header :
       std::vector<std::string>{alice_, "Basic " + alice_, "Bearer", ""}) {
    const absl::Status status = auth->Authenticate(header).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated) << header;
  }
  EXPECT_THAT(auth->Authenticate("Basic dXNlcjpwYXNz").status().message(),
              HasSubstr("is not 'Bearer TOKEN'"));
}

TEST_F(AuthenticatorTest, AnAnonymousRoleAdmitsCallsWithoutAToken) {
  auto auth = *Authenticator::Create({path_, Role::kReader});
  absl::StatusOr<Principal> caller = auth->Authenticate(std::nullopt);
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_TRUE(caller->anonymous);
  EXPECT_EQ(caller->role, Role::kReader);
  // A token, when sent, is still checked.
  EXPECT_EQ(auth->Authenticate(Bearer("lsk_guess")).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(auth->Authenticate(Bearer(alice_))->name, "alice");
}

TEST(AuthenticatorPolicyTest, WithoutATokenFileEveryCallerIsAnonymous) {
  auto auth = Authenticator::Create({"", Role::kAdmin});
  ASSERT_TRUE(auth.ok()) << auth.status();
  EXPECT_EQ((*auth)->Authenticate("Bearer anything")->role, Role::kAdmin);
  EXPECT_TRUE((*auth)->Authenticate(std::nullopt)->anonymous);
  EXPECT_EQ((*auth)->Reload().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(AuthenticatorPolicyTest, APolicyThatAdmitsNobodyOrAMissingFileIsRefused) {
  EXPECT_EQ(Authenticator::Create({"", std::nullopt}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Authenticator::Create({"/nonexistent/tokens", std::nullopt}).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(AuthenticatorTest, ReloadTakesNewTokensAndDropsRemovedOnes) {
  auto auth = *Authenticator::Create({path_, std::nullopt});
  const std::string bob = *AddToken(path_, "bob", Role::kAdmin);
  EXPECT_FALSE(auth->Authenticate(Bearer(bob)).ok()) << "not before the reload";
  ASSERT_TRUE(auth->Reload().ok());
  EXPECT_EQ(auth->Authenticate(Bearer(bob))->role, Role::kAdmin);
  EXPECT_EQ(auth->tokens(), 2);
  // Revoking: the line removed from the file.
  const std::string text = testing::ReadFile(path_);
  const size_t line = text.find("alice ");
  testing::WriteFile(path_, text.substr(0, line) + text.substr(text.find('\n', line) + 1));
  ASSERT_TRUE(auth->Reload().ok());
  EXPECT_EQ(auth->Authenticate(Bearer(alice_)).status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(auth->Authenticate(Bearer(bob)).ok());
}

TEST_F(AuthenticatorTest, ABrokenFileOnReloadKeepsTheTokensInForce) {
  auto auth = *Authenticator::Create({path_, std::nullopt});
  testing::WriteFile(path_, testing::ReadFile(path_) + "mallory admin 1234\n");
  const absl::Status status = auth->Reload();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("tokens.txt:4: hash \"1234\""));
  EXPECT_EQ(auth->Authenticate(Bearer(alice_))->name, "alice");
  std::filesystem::remove(path_);
  EXPECT_EQ(auth->Reload().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(auth->Authenticate(Bearer(alice_))->name, "alice");
}

}  // namespace
}  // namespace latentspace::server
