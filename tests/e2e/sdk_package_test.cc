// End to end: the SDK as another project uses it. The build's `sdk` component is installed into a
// scratch prefix, docs/examples/sdk is configured with find_package(latentspace) against it and
// built, and the example program then asks a real latentd for the nearest models of a sample.
#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "tests/e2e/server_e2e.h"
#include "tests/testing/build_paths.h"
#include "tests/testing/run_command.h"

namespace latentspace::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSquark[] = "squark_1800_800";
constexpr char kZprime[] = "zprime_monojet_2000_50";

class SdkPackage : public LatentdTest {
 protected:
  // Installs the SDK and builds the example against it; the example's path.
  std::string BuildExample() {
    const std::string prefix = ScratchDir() + "/prefix";
    const std::string build = ScratchDir() + "/example-build";
    const testing::CommandResult install = testing::RunCommand(absl::StrCat(
        "cmake --install ", testing::BinaryDir(), " --component sdk --prefix ", prefix, " 2>&1"));
    EXPECT_EQ(install.exit_code, 0) << install.output;
    const testing::CommandResult configure = testing::RunCommand(
        absl::StrCat("cmake -S ", testing::SourceDir(), "/docs/examples/sdk -B ", build,
                     " -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=", prefix, " 2>&1"));
    EXPECT_EQ(configure.exit_code, 0) << configure.output;
    const testing::CommandResult compile =
        testing::RunCommand(absl::StrCat("cmake --build ", build, " 2>&1"));
    EXPECT_EQ(compile.exit_code, 0) << compile.output;
    return build + "/nearest_models";
  }
};

TEST_F(SdkPackage, ExampleBuiltFromTheInstalledPackageQueriesLatentd) {
  const std::string example = BuildExample();
  ASSERT_TRUE(std::filesystem::exists(example));
  // The package carries no path back into this repository or its build tree.
  const testing::CommandResult leaks = testing::RunCommand(
      absl::StrCat("grep -rl -e ", testing::SourceDir(), " -e ", testing::BinaryDir(), " ",
                   ScratchDir(), "/prefix/lib/cmake"));
  EXPECT_EQ(leaks.output, "");

  ASSERT_TRUE(StartServer());
  ASSERT_TRUE(IsOk(UploadBundled(api(), kSquark)));
  ASSERT_TRUE(IsOk(UploadBundled(api(), kZprime)));
  v1::Job job;
  ASSERT_TRUE(IsOk(api().Submit(TrainingRequest("sdk_example", {kSquark, kZprime}, 5), &job)));
  ASSERT_EQ(api().AwaitJob(job.id()).state(), v1::JOB_STATE_SUCCEEDED);

  const testing::CommandResult nearest = testing::RunCommand(
      absl::StrCat(example, " ", server().address(), " sdk_example ", kSquark, " 2>&1"));
  ASSERT_EQ(nearest.exit_code, 0) << nearest.output;
  EXPECT_THAT(nearest.output, HasSubstr(absl::StrCat("sample ", kSquark,
                                                     " through encoder "
                                                     "sdk_example v1")));
  // The squark sample ranks its own model first, the Z' second.
  EXPECT_THAT(nearest.output, HasSubstr(absl::StrCat("1    ", kSquark)));
  EXPECT_THAT(nearest.output, HasSubstr(absl::StrCat("2    ", kZprime)));

  const testing::CommandResult missing = testing::RunCommand(
      absl::StrCat(example, " ", server().address(), " no_such_encoder ", kSquark, " 2>&1"));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.output, HasSubstr("NOT_FOUND"));
  EXPECT_THAT(missing.output, Not(HasSubstr("rank")));

  const testing::CommandResult usage = testing::RunCommand(example + " 2>&1");
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_THAT(usage.output, HasSubstr("usage:"));
}

}  // namespace
}  // namespace latentspace::e2e
