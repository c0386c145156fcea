// Tests of the token file: what parses, how each mistake is named, hashing, and adding tokens.
#include "server/auth/token_table.h"

#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/paths.h"

namespace latentspace::server {
namespace {

using ::testing::HasSubstr;

// The SHA-256 of "hello" and of "secret" (sha256sum).
constexpr char kHelloHash[] =
    "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
constexpr char kSecretHash[] =
    "sha256:2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b";

TEST(TokenTableTest, HashIsTheSha256OfTheToken) {
  EXPECT_EQ(HashToken("hello"), kHelloHash);
  EXPECT_EQ(HashToken("secret"), kSecretHash);
}

TEST(TokenTableTest, ParsesNamesRolesAndHashesSkippingCommentsAndBlankLines) {
  const std::string text = absl::StrCat("# NAME ROLE HASH\n\n  alice  trainer\t", kHelloHash,
                                        "  \n# bob is gone\ncarol admin ", kSecretHash);
  absl::StatusOr<TokenTable> table = TokenTable::Parse(text, "tokens.txt");
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->size(), 2);
  const Principal* alice = table->Find("hello");
  ASSERT_NE(alice, nullptr);
  EXPECT_EQ(alice->name, "alice");
  EXPECT_EQ(alice->role, Role::kTrainer);
  EXPECT_FALSE(alice->anonymous);
  ASSERT_NE(table->Find("secret"), nullptr);
  EXPECT_EQ(table->Find("secret")->role, Role::kAdmin);
  EXPECT_EQ(table->Find("hello "), nullptr);
  EXPECT_EQ(table->Find(""), nullptr);
  EXPECT_EQ(table->Find(kHelloHash), nullptr) << "the hash itself is not a token";
  EXPECT_TRUE(table->HasName("carol"));
  EXPECT_FALSE(table->HasName("bob"));
}

TEST(TokenTableTest, EachMistakeIsNamedWithItsLine) {
  struct Case {
    std::string line;
    std::string message;
  };
  const std::string hash = kHelloHash;
  const std::vector<Case> cases = {
      {"alice trainer", "tokens.txt:2: expected 3 fields, NAME ROLE sha256:HEX; found 2"},
      {"alice trainer " + hash + " extra", "found 4"},
      {"../alice trainer " + hash, "tokens.txt:2: token name \"../alice\" is invalid"},
      {"alice writer " + hash, "role \"writer\" is not one of reader, trainer, admin"},
      {"alice Reader " + hash, "role \"Reader\""},
      {"alice reader hello", "hash \"hello\" is not \"sha256:\" and 64 lowercase hex digits"},
      {"alice reader sha256:2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824",
       "64 lowercase hex digits"},
      {"alice reader " + hash.substr(0, hash.size() - 1), "is not \"sha256:\""},
      {"alice reader md5:5d41402abc4b2a76b9719d911017c592", "is not \"sha256:\""},
  };
  for (const Case& c : cases) {
    const absl::StatusOr<TokenTable> table =
        TokenTable::Parse("# header\n" + c.line + "\n", "tokens.txt");
    ASSERT_FALSE(table.ok()) << c.line;
    EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(table.status().message(), HasSubstr(c.message)) << c.line;
    EXPECT_THAT(table.status().message(), HasSubstr("tokens.txt:2: ")) << c.line;
  }
}

TEST(TokenTableTest, RefusesARepeatedNameOrHash) {
  const std::string twice_named =
      absl::StrCat("alice reader ", kHelloHash, "\nalice admin ", kSecretHash, "\n");
  EXPECT_THAT(TokenTable::Parse(twice_named, "t").status().message(),
              HasSubstr("t:2: token name 'alice' repeats line 1"));
  const std::string twice_hashed =
      absl::StrCat("alice reader ", kHelloHash, "\n\nbob admin ", kHelloHash, "\n");
  EXPECT_THAT(TokenTable::Parse(twice_hashed, "t").status().message(),
              HasSubstr("t:3: the hash of line 1 repeats"));
}

TEST(TokenTableTest, LoadNamesAMissingFile) {
  const absl::StatusOr<TokenTable> table = TokenTable::Load("/nonexistent/tokens.txt");
  EXPECT_EQ(table.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(table.status().message(), HasSubstr("/nonexistent/tokens.txt"));
}

TEST(TokenTableTest, AddTokenCreatesAnOwnerOnlyFileThatKnowsTheToken) {
  const std::string path = testing::ScratchDir() + "/tokens.txt";
  absl::StatusOr<std::string> alice = AddToken(path, "alice", Role::kTrainer);
  ASSERT_TRUE(alice.ok()) << alice.status();
  absl::StatusOr<std::string> bob = AddToken(path, "bob", Role::kAdmin);
  ASSERT_TRUE(bob.ok()) << bob.status();
  EXPECT_NE(*alice, *bob);
  EXPECT_THAT(*alice, ::testing::StartsWith("lsk_"));
  EXPECT_GE(alice->size(), 40u);

  struct stat info {};
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  const std::string text = testing::ReadFile(path);
  EXPECT_EQ(text.find(*alice), std::string::npos) << "the token itself must not be stored";
  EXPECT_THAT(text, HasSubstr(HashToken(*alice)));

  absl::StatusOr<TokenTable> table = TokenTable::Load(path);
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_NE(table->Find(*alice), nullptr);
  EXPECT_EQ(table->Find(*alice)->name, "alice");
  EXPECT_EQ(table->Find(*alice)->role, Role::kTrainer);
  ASSERT_NE(table->Find(*bob), nullptr);
  EXPECT_EQ(table->Find(*bob)->role, Role::kAdmin);
}

TEST(TokenTableTest, AddTokenRefusesATakenNameABadNameAndAMalformedFileChangingNothing) {
  const std::string dir = testing::ScratchDir();
  const std::string path = dir + "/tokens.txt";
  ASSERT_TRUE(AddToken(path, "alice", Role::kReader).ok());
  const std::string before = testing::ReadFile(path);
  EXPECT_THAT(AddToken(path, "alice", Role::kAdmin).status().message(),
              HasSubstr("already has a token named 'alice'"));
  EXPECT_THAT(AddToken(path, "bad name", Role::kAdmin).status().message(),
              HasSubstr("token name \"bad name\" is invalid"));
  EXPECT_EQ(testing::ReadFile(path), before);

  const std::string broken = dir + "/broken.txt";
  testing::WriteFile(broken, "alice reader not-a-hash\n");
  const absl::Status status = AddToken(broken, "bob", Role::kReader).status();
  EXPECT_THAT(status.message(), HasSubstr("broken.txt:1: hash \"not-a-hash\""));
  EXPECT_EQ(testing::ReadFile(broken), "alice reader not-a-hash\n");
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    EXPECT_THAT(entry.path().string(), ::testing::Not(::testing::EndsWith(".partial")));
  }
}

}  // namespace
}  // namespace latentspace::server
