// Tests of proto/tools/api_reference: the committed docs/api.md is what the build generates from
// the current protos; the reference has a section for every RPC (streaming marked), message and
// enum, its links all land on anchors, its tables keep their columns, and comments render as
// written.
#include "proto/tools/api_reference.h"

#include <memory>
#include <regex>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "proto/access_role.h"
#include "tests/testing/paths.h"

namespace latentspace::api_reference {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::FileDescriptor;
using google::protobuf::FileDescriptorSet;
using ::testing::HasSubstr;
using ::testing::Not;

// The API's descriptor set as the build wrote it (proto/tools/CMakeLists.txt), and its reference
// rendered here.
class ApiReferenceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<FileDescriptorSet> set = ReadDescriptorSet(LATENT_API_DESCRIPTOR_SET);
    ASSERT_TRUE(set.ok()) << set.status();
    pool_ = std::make_unique<DescriptorPool>();
    absl::StatusOr<std::vector<const FileDescriptor*>> files = BuildFiles(*set, pool_.get());
    ASSERT_TRUE(files.ok()) << files.status();
    files_ = *files;
    reference_ = RenderApiReference(files_);
  }

  // The text from the anchor `id` to the next anchor.
  static std::string Section(const std::string& id) {
    const std::string anchor = absl::StrCat("<a id=\"", id, "\"></a>\n");
    const size_t begin = reference_.find(anchor);
    if (begin == std::string::npos) {
      return "";
    }
    const size_t end = reference_.find("<a id=", begin + anchor.size());
    return reference_.substr(begin, end == std::string::npos ? end : end - begin);
  }

  template <typename TypeT>
  static std::string LinkFrom(const TypeT& type, const FileDescriptor& file) {
    std::string name = type.full_name();
    if (type.file()->package() == file.package()) {
      name = name.substr(file.package().size() + 1);
    }
    return absl::StrCat("[`", name, "`](#", type.full_name(), ")");
  }

  static inline std::unique_ptr<DescriptorPool> pool_;
  static inline std::vector<const FileDescriptor*> files_;
  static inline std::string reference_;
};

TEST_F(ApiReferenceTest, CommittedReferenceIsWhatTheProtosGive) {
  const std::string built = testing::ReadFile(LATENT_API_REFERENCE);
  ASSERT_FALSE(built.empty()) << LATENT_API_REFERENCE;
  EXPECT_EQ(built, reference_) << "the generator's output differs from the in-process rendering";
  const std::string committed = testing::ReadFile(testing::SourcePath("docs/api.md"));
  if (committed == built) {
    return;
  }
  const std::vector<std::string> built_lines = absl::StrSplit(built, '\n');
  const std::vector<std::string> committed_lines = absl::StrSplit(committed, '\n');
  size_t line = 0;
  while (line < built_lines.size() && line < committed_lines.size() &&
         built_lines[line] == committed_lines[line]) {
    ++line;
  }
  ADD_FAILURE() << "docs/api.md is out of date with the .proto files (first difference at line "
                << line + 1 << ": committed \""
                << (line < committed_lines.size() ? committed_lines[line] : "<end of file>")
                << "\", generated \""
                << (line < built_lines.size() ? built_lines[line] : "<end of file>")
                << "\"). Regenerate it with `cmake --build <build-dir> --target api_reference` "
                   "and commit docs/api.md.";
}

TEST_F(ApiReferenceTest, DocumentsTheWholeApiIncludingHealth) {
  std::set<std::string> names;
  for (const FileDescriptor* file : files_) {
    names.insert(file->name());
  }
  EXPECT_EQ(names,
            (std::set<std::string>{
                "grpc/health/v1/health.proto", "latentspace/v1/access.proto",
                "latentspace/v1/detector_service.proto", "latentspace/v1/embedding_service.proto",
                "latentspace/v1/encoder_service.proto", "latentspace/v1/events.proto",
                "latentspace/v1/job_service.proto", "latentspace/v1/proximity_service.proto",
                "latentspace/v1/sample_service.proto"}));
  EXPECT_THAT(reference_, HasSubstr("- [`grpc/health/v1/health.proto`]"
                                    "(#grpc/health/v1/health.proto): [Health]"
                                    "(#grpc.health.v1.Health)\n"));
}

TEST_F(ApiReferenceTest, EveryRpcHasASectionWithItsTypesAndStreaming) {
  int methods = 0;
  for (const FileDescriptor* file : files_) {
    for (int s = 0; s < file->service_count(); ++s) {
      const google::protobuf::ServiceDescriptor& service = *file->service(s);
      for (int m = 0; m < service.method_count(); ++m) {
        const google::protobuf::MethodDescriptor& method = *service.method(m);
        ++methods;
        EXPECT_THAT(
            Section(method.full_name()),
            HasSubstr(absl::StrCat("#### ", service.name(), ".", method.name(),
                                   "\n\n- Request: ", method.client_streaming() ? "stream " : "",
                                   LinkFrom(*method.input_type(), *file),
                                   "\n- Response: ", method.server_streaming() ? "stream " : "",
                                   LinkFrom(*method.output_type(), *file), "\n")))
            << method.full_name();
        // Every RPC of the API names its role (the standard health service needs none).
        if (file->package() == "latentspace.v1") {
          EXPECT_THAT(Section(method.full_name()),
                      HasSubstr(absl::StrCat("- Needs role: `", RequiredRoleName(method), "` (")))
              << method.full_name();
          EXPECT_FALSE(RequiredRoleName(method).empty()) << method.full_name();
        }
      }
    }
  }
  // At least the RPCs the API has today: 4 samples, 5 jobs, 3 encoders, 1 embedding, 4 proximity,
  // 2 health.
  EXPECT_GE(methods, 19);
  size_t headings = 0;
  for (size_t at = reference_.find("\n#### "); at != std::string::npos;
       at = reference_.find("\n#### ", at + 1)) {
    ++headings;
  }
  EXPECT_EQ(headings, static_cast<size_t>(methods));
  EXPECT_THAT(Section("latentspace.v1.SampleService.UploadSample"),
              HasSubstr("- Request: stream [`UploadSampleRequest`]"));
  EXPECT_THAT(Section("latentspace.v1.JobService.WatchJob"),
              HasSubstr("- Response: stream [`Job`](#latentspace.v1.Job)"));
  EXPECT_THAT(Section("latentspace.v1.JobService.SubmitTraining"),
              HasSubstr("Queues a training job and returns it at once (state QUEUED). Errors: "
                        "INVALID_ARGUMENT (bad encoder name,"));
}

TEST_F(ApiReferenceTest, FieldAndValueRowsCarryTheirComments) {
  EXPECT_THAT(Section("latentspace.v1.TrainingRequest"),
              HasSubstr("\n| `epochs` | 5 | `int32` |  | per initialisation, default 600, at "
                        "most 10000 |\n"));
  EXPECT_THAT(Section("latentspace.v1.TrainingRequest"),
              HasSubstr("\nWhat to train. Zero values take the defaults given.\n"));
  // A map, a oneof member, a repeated message and a comment above and after its field.
  EXPECT_THAT(Section("latentspace.v1.SampleHeader"),
              HasSubstr("\n| `parameters` | 2 | `string` → `double` | map | The model's theory "
                        "parameters (e.g. mgluino = 1600 GeV), finite values. |\n"));
  EXPECT_THAT(Section("latentspace.v1.EventBatch"),
              HasSubstr("\n| `events` | 1 | [`Events`](#latentspace.v1.Events) | oneof `payload` "
                        "| events; the server computes the preset's features from them |\n"));
  EXPECT_THAT(Section("latentspace.v1.Event"),
              HasSubstr("\n| `objects` | 1 | [`PhysicsObject`](#latentspace.v1.PhysicsObject) | "
                        "repeated | any order;"));
  EXPECT_THAT(Section("latentspace.v1.GetContoursResponse"),
              HasSubstr("a margin of 3.5 of its kernel sigmas.<br>x of the grid's first node "
                        "column |\n"));
  EXPECT_THAT(Section("latentspace.v1.JobState"),
              HasSubstr("\n| `JOB_STATE_FAILED` | 4 | Job.error says why |\n"));
  EXPECT_THAT(Section("grpc.health.v1.HealthCheckResponse"),
              HasSubstr("| `status` | 1 | [`HealthCheckResponse.ServingStatus`]"
                        "(#grpc.health.v1.HealthCheckResponse.ServingStatus) |"));
  EXPECT_THAT(Section("grpc.health.v1.HealthCheckResponse.ServingStatus"),
              HasSubstr("\n| `SERVICE_UNKNOWN` | 3 | Used only by the Watch method. |\n"));
  EXPECT_THAT(Section("latentspace/v1/events.proto"),
              HasSubstr("Package `latentspace.v1`.\n\nCollider events as they travel over the "
                        "API:"));
  // Map entries are not messages of their own.
  EXPECT_THAT(reference_, Not(HasSubstr("ParametersEntry")));
}

TEST_F(ApiReferenceTest, EveryMessageAndEnumHasOneAnchorAndEveryLinkLandsOnOne) {
  std::multiset<std::string> anchors;
  const std::regex anchor_pattern("<a id=\"([^\"]+)\"></a>");
  for (std::sregex_iterator it(reference_.begin(), reference_.end(), anchor_pattern), end;
       it != end; ++it) {
    anchors.insert((*it)[1].str());
  }
  for (const std::string& anchor : anchors) {
    EXPECT_EQ(anchors.count(anchor), 1u) << anchor;
  }

  std::vector<std::string> types;
  std::vector<const Descriptor*> messages;
  for (const FileDescriptor* file : files_) {
    for (int i = 0; i < file->enum_type_count(); ++i) {
      types.push_back(file->enum_type(i)->full_name());
    }
    for (int i = 0; i < file->message_type_count(); ++i) {
      messages.push_back(file->message_type(i));
    }
  }
  while (!messages.empty()) {
    const Descriptor* message = messages.back();
    messages.pop_back();
    if (message->options().map_entry()) {
      continue;
    }
    types.push_back(message->full_name());
    for (int i = 0; i < message->enum_type_count(); ++i) {
      types.push_back(message->enum_type(i)->full_name());
    }
    for (int i = 0; i < message->nested_type_count(); ++i) {
      messages.push_back(message->nested_type(i));
    }
  }
  EXPECT_GT(types.size(), 40u);
  for (const std::string& type : types) {
    EXPECT_EQ(anchors.count(type), 1u) << type;
  }

  const std::regex link_pattern("\\]\\(#([^)]+)\\)");
  int links = 0;
  for (std::sregex_iterator it(reference_.begin(), reference_.end(), link_pattern), end; it != end;
       ++it) {
    ++links;
    EXPECT_EQ(anchors.count((*it)[1].str()), 1u) << "link to a missing anchor: " << it->str();
  }
  EXPECT_GT(links, 50);
}

// The number of cell separators of a table line: the '|' not escaped by a backslash.
size_t Separators(absl::string_view line) {
  size_t count = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) {
      ++count;
    }
  }
  return count;
}

TEST_F(ApiReferenceTest, TableRowsHaveTheirHeadersColumns) {
  size_t header_separators = 0;
  int rows = 0;
  for (absl::string_view line : absl::StrSplit(reference_, '\n')) {
    if (!absl::StartsWith(line, "|")) {
      header_separators = 0;
      continue;
    }
    if (header_separators == 0) {
      header_separators = Separators(line);
      continue;
    }
    ++rows;
    EXPECT_EQ(Separators(line), header_separators) << line;
  }
  EXPECT_GT(rows, 100);
}

// A file whose comments hold Markdown and HTML: the reference shows them as text.
TEST(ApiReferenceEscapingTest, CommentsRenderAsWritten) {
  FileDescriptorSet set;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(
        file {
          name: "escaping.proto"
          package: "escaping"
          syntax: "proto3"
          message_type {
            name: "Text"
            field { name: "note" number: 1 type: TYPE_STRING label: LABEL_OPTIONAL }
          }
          source_code_info {
            location {
              path: [ 4, 0 ]
              span: [ 1, 0, 3 ]
              leading_comments: " # not a heading: a | b, <b>not html</b>, *not emphasis*,\n"
                                " snake_case and _not emphasis_.\n\n 2. not a list\n"
            }
            location {
              path: [ 4, 0, 2, 0 ]
              span: [ 2, 2, 20 ]
              trailing_comments: " a | b with `code`, [not a link](x) and &amp; e >= 0"
            }
          }
        }
      )pb",
      &set));
  DescriptorPool pool;
  absl::StatusOr<std::vector<const FileDescriptor*>> files = BuildFiles(set, &pool);
  ASSERT_TRUE(files.ok()) << files.status();
  const std::string reference = RenderApiReference(*files);
  EXPECT_THAT(reference, HasSubstr("\n\\# not a heading: a | b, \\<b>not html\\</b>, \\*not "
                                   "emphasis\\*, snake_case and \\_not emphasis\\_.\n\n"
                                   "2\\. not a list\n\n"));
  EXPECT_THAT(reference, HasSubstr("\n| `note` | 1 | `string` |  | a \\| b with \\`code\\`, [not a "
                                   "link\\](x) and \\&amp; e >= 0 |\n"));
}

TEST(ApiReferenceBuildTest, ReportsAFileThatDoesNotBuild) {
  FileDescriptorSet set;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(file { name: "lonely.proto" dependency: "missing.proto" })pb", &set));
  DescriptorPool pool;
  const absl::StatusOr<std::vector<const FileDescriptor*>> files = BuildFiles(set, &pool);
  ASSERT_FALSE(files.ok());
  EXPECT_THAT(files.status().message(), HasSubstr("lonely.proto: does not build"));
  EXPECT_THAT(files.status().message(), HasSubstr("missing.proto"));
}

}  // namespace
}  // namespace latentspace::api_reference
