// Tests of the role each RPC needs, written once as its required_role option
// (proto/latentspace/v1/access.proto): every RPC of every service names one, RequiredRole gives it
// as latentd's Role (and refuses a method the API lacks), and docs/operations.md's access table
// says exactly what the options say.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "latentspace/v1/detector_service.pb.h"
#include "latentspace/v1/embedding_service.pb.h"
#include "latentspace/v1/encoder_service.pb.h"
#include "latentspace/v1/job_service.pb.h"
#include "latentspace/v1/proximity_service.pb.h"
#include "latentspace/v1/sample_service.pb.h"
#include "proto/access_role.h"
#include "server/auth/role.h"
#include "tests/testing/paths.h"

namespace latentspace::server {
namespace {

using ::testing::HasSubstr;

// Every RPC of the API as "Service.Method".
std::vector<std::string> EveryMethod() {
  std::vector<std::string> methods;
  // A message of each service's file: referencing it links the file, and so registers it.
  for (const google::protobuf::FileDescriptor* file :
       {v1::ListSamplesRequest::descriptor()->file(), v1::ListJobsRequest::descriptor()->file(),
        v1::ListEncodersRequest::descriptor()->file(), v1::EmbedRequest::descriptor()->file(),
        v1::QueryNearestRequest::descriptor()->file(),
        v1::ListDetectorsRequest::descriptor()->file()}) {
    for (int s = 0; s < file->service_count(); ++s) {
      const google::protobuf::ServiceDescriptor& service = *file->service(s);
      for (int m = 0; m < service.method_count(); ++m) {
        methods.push_back(absl::StrCat(service.name(), ".", service.method(m)->name()));
      }
    }
  }
  return methods;
}

TEST(RequiredRoleTest, EveryRpcNamesItsRole) {
  const std::vector<std::string> methods = EveryMethod();
  EXPECT_EQ(methods.size(), 24u) << "a new RPC: give it a required_role and a case in "
                                    "tests/e2e/server_auth_test.cc";
  for (const std::string& method : methods) {
    const absl::StatusOr<Role> role = RequiredRole(method);
    ASSERT_TRUE(role.ok()) << method << ": " << role.status();
    EXPECT_EQ(RoleName(*role), RequiredRoleName(method)) << method;
  }
  EXPECT_EQ(*RequiredRole("SampleService.DeleteSample"), Role::kAdmin);
  EXPECT_EQ(*RequiredRole("SampleService.UploadSample"), Role::kTrainer);
  EXPECT_EQ(*RequiredRole("ProximityService.QueryNearest"), Role::kReader);
  const absl::Status missing = RequiredRole("SampleService.Rename").status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.message(), HasSubstr("no RPC latentspace.v1.SampleService.Rename"));
  EXPECT_EQ(RequiredRoleName("SampleService.Rename"), "");
}

TEST(RequiredRoleTest, TheOperationsGuidesTableSaysWhatTheOptionsSay) {
  std::map<std::string, std::set<std::string>> documented;  // role -> methods its row adds
  const std::string guide = testing::ReadFile(testing::SourcePath("docs/operations.md"));
  for (absl::string_view line : absl::StrSplit(guide, '\n')) {
    for (const char* role : {"reader", "trainer", "admin"}) {
      const std::string prefix = absl::StrCat("| `", role, "` | ");
      if (!absl::ConsumePrefix(&line, prefix)) continue;
      for (absl::string_view part : absl::StrSplit(line, '`')) {
        // Method names are the words in backticks that start with a capital letter.
        if (!part.empty() && part[0] >= 'A' && part[0] <= 'Z') {
          documented[role].insert(std::string(part));
        }
      }
    }
  }
  std::map<std::string, std::set<std::string>> options;
  for (const std::string& method : EveryMethod()) {
    const std::vector<std::string> parts = absl::StrSplit(method, '.');
    options[RequiredRoleName(method)].insert(parts[1]);
  }
  EXPECT_EQ(documented, options);
}

}  // namespace
}  // namespace latentspace::server
