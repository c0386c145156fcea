// Tests of `latentctl samples` against a fake latentd: uploads stream the file's events as columns
// with the header; a malformed file (even mid-stream) cancels the upload so that nothing is
// committed and exits 1 naming the line; bad --param values exit 2; list/show/delete print the
// server's answers and its errors.
#include <cstring>
#include <filesystem>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "client/sdk/event_columns.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/fake_latentd.h"
#include "tests/client/latentctl_runner.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;
using testing::LatentctlResult;
using testing::RunLatentctl;
using testing::ServerFlag;

// What the fake UploadSample saw; it commits only on a clean end of stream.
struct Upload {
  std::mutex mutex;
  int calls = 0;
  v1::SampleHeader header;
  int headers = 0;
  int64_t events = 0;
  int messages = 0;
  bool complete = false;           // the last chunk was marked complete
  v1::EventColumns first_columns;  // latentctl sends columns
  bool committed = false;
  bool cancelled = false;
};

void FakeUpload(testing::FakeLatentd& server, Upload& upload) {
  server.upload_sample = [&upload](grpc::ServerContext* context, auto* reader, v1::Sample* sample) {
    std::lock_guard<std::mutex> lock(upload.mutex);
    ++upload.calls;
    v1::UploadSampleRequest request;
    while (reader->Read(&request)) {
      if (request.has_header()) {
        ++upload.headers;
        upload.header = request.header();
      }
      if (upload.events == 0) upload.first_columns = request.columns();
      upload.events += request.events_size() + EventColumnsSize(request.columns());
      ++upload.messages;
      upload.complete = request.complete();
    }
    for (int i = 0; i < 50 && !context->IsCancelled(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (context->IsCancelled()) {
      upload.cancelled = true;
      return grpc::Status(grpc::StatusCode::CANCELLED, "client went away");
    }
    if (!upload.complete) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "no chunk marked complete");
    }
    upload.committed = true;
    sample->set_name(upload.header.name());
    *sample->mutable_parameters() = upload.header.parameters();
    sample->set_source_format(upload.header.source_format());
    sample->set_num_events(upload.events);
    sample->set_created_unix_ms(1714564800000);
    return grpc::Status::OK;
  };
}

std::string GoodLine(int i) {
  return absl::StrCat(i, ";p;1;300000;0.5;j,250000,250000,0.1,1;j,120000,120000,0,-1;\n");
}

TEST(SamplesCommandTest, UploadStreamsTheFileWithItsHeader) {
  testing::FakeLatentd server;
  Upload upload;
  FakeUpload(server, upload);
  ASSERT_TRUE(server.Start());
  const std::string file = testing::BundledDataDir() + "/monojet_Zp2000.0_DM_50.0_chan1.csv.gz";
  const LatentctlResult result =
      RunLatentctl(ServerFlag(server.address()) + "samples upload " + file +
                   " --name zp2000 --param mzp=2000 --param mdm=50 --json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json json = result.json();
  EXPECT_EQ(json["name"], "zp2000");
  EXPECT_EQ(json["num_events"], 791);
  EXPECT_EQ(json["parameters"]["mzp"], 2000);
  EXPECT_EQ(json["created_at"], "2024-05-01T12:00:00.000Z");
  server.Stop();
  EXPECT_TRUE(upload.committed);
  EXPECT_EQ(upload.headers, 1);
  EXPECT_EQ(upload.header.name(), "zp2000");
  EXPECT_EQ(upload.header.parameters().at("mdm"), 50);
  EXPECT_EQ(upload.header.source_format(), "darkmachines");
  EXPECT_EQ(upload.header.level(), v1::EVENT_LEVEL_DETECTOR);
  EXPECT_FALSE(upload.header.overwrite());
  EXPECT_EQ(upload.events, 791);
  const v1::EventColumns& first = upload.first_columns;
  ASSERT_EQ(EventColumnsSize(first), 791);  // in one chunk
  double met = 0;
  std::memcpy(&met, first.met().data(), sizeof(met));
  EXPECT_GE(met, 200.0);  // GeV
  EXPECT_LT(met, 14000.0);
  ASSERT_FALSE(first.object_types().empty());
  EXPECT_NE(first.object_types()[0], v1::OBJECT_TYPE_UNSPECIFIED);
}

// --smear sends truth-level events through the simulator's detector response: reproducible with
// its seed, different from the unsmeared events, stored as detector level (the plain file as parton
// level), and refused for detector-level files.
TEST(SamplesCommandTest, SmearAppliesTheDetectorResponseToTruthLevelInput) {
  const std::string lhe = testing::SourcePath("tests/core/events/testdata/lhe/gluino_3events.lhe");
  std::vector<v1::EventLevel> levels;  // of each upload's header, in order
  const auto upload_with = [&](const std::string& flags, LatentctlResult* result) {
    testing::FakeLatentd server;
    Upload upload;
    FakeUpload(server, upload);
    EXPECT_TRUE(server.Start());
    *result = RunLatentctl(ServerFlag(server.address()) + "samples upload " + lhe +
                           " --name g --json " + flags);
    server.Stop();
    levels.push_back(upload.header.level());
    return upload.first_columns.SerializeAsString();
  };
  LatentctlResult plain;
  LatentctlResult smeared;
  LatentctlResult again;
  LatentctlResult other_seed;
  const std::string plain_columns = upload_with("", &plain);
  const std::string smeared_columns = upload_with("--smear --smear-seed 5", &smeared);
  const std::string again_columns = upload_with("--smear --smear-seed 5", &again);
  const std::string other_columns = upload_with("--smear --smear-seed 6", &other_seed);
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  ASSERT_EQ(smeared.exit_code, 0) << smeared.err;
  EXPECT_THAT(plain.err, HasSubstr("parton level"));
  EXPECT_THAT(smeared.err, HasSubstr("smeared with the built-in simulator's detector response"));
  EXPECT_THAT(smeared.err, HasSubstr("seed 5"));
  EXPECT_NE(smeared_columns, plain_columns);
  EXPECT_EQ(again_columns, smeared_columns);
  EXPECT_NE(other_columns, smeared_columns);
  EXPECT_THAT(levels, ::testing::ElementsAre(v1::EVENT_LEVEL_PARTON, v1::EVENT_LEVEL_DETECTOR,
                                             v1::EVENT_LEVEL_DETECTOR, v1::EVENT_LEVEL_DETECTOR));

  const std::string csv = testing::BundledDataDir() + "/monojet_Zp2000.0_DM_50.0_chan1.csv.gz";
  const LatentctlResult refused =
      RunLatentctl(ServerFlag("127.0.0.1:1") + "samples upload " + csv + " --name z --smear");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("--smear is for truth- or parton-level input"));
}

// A file as `latentctl simulate` writes it: its process id carries the theory parameters.
std::string SimulatedLine(int i, const std::string& process_id) {
  return absl::StrCat(i, ";", process_id, ";1;300000;0.5;j,250000,250000,0.1,1;\n");
}

TEST(SamplesCommandTest, SimulatedFilesBringTheParametersOfTheirProcessId) {
  testing::FakeLatentd server;
  Upload upload;
  FakeUpload(server, upload);
  ASSERT_TRUE(server.Start());
  const std::string file =
      testing::WriteFile(testing::ScratchDir() + "/gluino.csv",
                         SimulatedLine(1, "gluino_mgluino1830_mneutralino800.5") +
                             SimulatedLine(2, "gluino_mgluino1830_mneutralino800.5"));
  const LatentctlResult result =
      RunLatentctl(ServerFlag(server.address()) + "samples upload " + file + " --name g");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("parameters from the file's process id: mgluino=1830, "
                                    "mneutralino=800.5"));
  EXPECT_THAT(result.out, HasSubstr("mneutralino=800.5"));
  EXPECT_EQ(upload.header.parameters().size(), 2u);
  EXPECT_EQ(upload.header.parameters().at("mgluino"), 1830);
  // Parameters given on the command line win, all of them.
  ASSERT_EQ(RunLatentctl(ServerFlag(server.address()) + "samples upload " + file +
                         " --name g --param mgluino=1000 --json")
                .exit_code,
            0);
  EXPECT_EQ(upload.header.parameters().size(), 1u);
  EXPECT_EQ(upload.header.parameters().at("mgluino"), 1000);
  // Any other process id brings none.
  const std::string other = testing::WriteFile(testing::ScratchDir() + "/other.csv",
                                               SimulatedLine(1, "glgl1600_neutralino800"));
  const LatentctlResult plain =
      RunLatentctl(ServerFlag(server.address()) + "samples upload " + other + " --name o");
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_TRUE(upload.header.parameters().empty());
  EXPECT_THAT(plain.err, ::testing::Not(HasSubstr("process id")));
  server.Stop();
}

TEST(SamplesCommandTest, LargeFilesGoInChunks) {
  testing::FakeLatentd server;
  Upload upload;
  FakeUpload(server, upload);
  ASSERT_TRUE(server.Start());
  std::string text;
  for (int i = 1; i <= 4500; ++i) text += GoodLine(i);
  const std::string file = testing::WriteFile(testing::ScratchDir() + "/big.csv", text);
  const LatentctlResult result = RunLatentctl(ServerFlag(server.address()) + "samples upload " +
                                              file + " --name big --overwrite");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("big"));
  EXPECT_THAT(result.out, HasSubstr("4500"));
  server.Stop();
  EXPECT_EQ(upload.events, 4500);
  EXPECT_EQ(upload.messages, 3);  // 2000 + 2000 + 500, the last marked complete
  EXPECT_TRUE(upload.header.overwrite());
}

TEST(SamplesCommandTest, MalformedLineMidStreamCancelsTheUpload) {
  testing::FakeLatentd server;
  Upload upload;
  FakeUpload(server, upload);
  ASSERT_TRUE(server.Start());
  std::string text;
  for (int i = 1; i <= 2500; ++i) text += GoodLine(i);
  text += "2501;p;1;300000;0.5;x,1,1,0,0;\n";
  for (int i = 2502; i <= 2600; ++i) text += GoodLine(i);
  const std::string file = testing::WriteFile(testing::ScratchDir() + "/bad.csv", text);
  const LatentctlResult result =
      RunLatentctl(ServerFlag(server.address()) + "samples upload " + file + " --name bad");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr(file + ":2501:"));
  EXPECT_THAT(result.err, HasSubstr("unknown object code 'x'"));
  EXPECT_EQ(result.out, "");
  server.Stop();
  EXPECT_FALSE(upload.committed);
  EXPECT_FALSE(upload.complete);
  EXPECT_LE(upload.events, 2000);  // the first chunk at most, never a complete one
}

TEST(SamplesCommandTest, EveryMalformedTestFileExitsOneAndCommitsNothing) {
  testing::FakeLatentd server;
  Upload upload;
  FakeUpload(server, upload);
  ASSERT_TRUE(server.Start());
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(
           testing::SourcePath("tests/core/events/testdata/malformed"))) {
    ++files;
    const std::string path = entry.path().string();
    const LatentctlResult result = RunLatentctl(ServerFlag(server.address()) + "samples upload '" +
                                                path + "' --name m --format darkmachines");
    EXPECT_EQ(result.exit_code, 1) << path << "\n" << result.err;
    EXPECT_THAT(result.err, HasSubstr(path)) << path;
  }
  EXPECT_GE(files, 20);
  server.Stop();
  EXPECT_FALSE(upload.committed);
}

TEST(SamplesCommandTest, BadParamsExitTwoNamingTheValue) {
  testing::FakeLatentd server;
  Upload upload;
  FakeUpload(server, upload);
  ASSERT_TRUE(server.Start());
  const std::string file = testing::BundledDataDir() + "/monojet_Zp2000.0_DM_50.0_chan1.csv.gz";
  for (const char* param : {"mzp=abc", "mzp=inf", "mzp", "=5", "mzp=1e400"}) {
    const LatentctlResult result = RunLatentctl(ServerFlag(server.address()) + "samples upload " +
                                                file + " --name zp --param '" + param + "'");
    EXPECT_EQ(result.exit_code, 2) << param;
    EXPECT_THAT(result.err, HasSubstr(std::string("'") + param + "'")) << param;
  }
  EXPECT_EQ(RunLatentctl("samples upload " + file + " --name zp --format root").exit_code, 2);
  EXPECT_EQ(RunLatentctl("samples upload " + file).exit_code, 2);  // no --name
  server.Stop();
  EXPECT_EQ(upload.calls, 0);
}

TEST(SamplesCommandTest, MissingFileExitsOne) {
  const LatentctlResult result = RunLatentctl("samples upload /nonexistent.csv --name zp");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("/nonexistent.csv"));
}

TEST(SamplesCommandTest, ServerRejectionExitsOneWithTheCode) {
  testing::FakeLatentd server;
  server.upload_sample = [](grpc::ServerContext*, auto* reader, auto*) {
    v1::UploadSampleRequest request;
    reader->Read(&request);
    return grpc::Status(grpc::StatusCode::ALREADY_EXISTS,
                        "sample '" + request.header().name() + "' already exists");
  };
  ASSERT_TRUE(server.Start());
  const LatentctlResult result =
      RunLatentctl(ServerFlag(server.address()) + "samples upload " + testing::BundledDataDir() +
                   "/monojet_Zp2000.0_DM_50.0_chan1.csv.gz --name zp");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "error: sample 'zp' already exists (ALREADY_EXISTS)\n");
}

TEST(SamplesCommandTest, ListShowDelete) {
  testing::FakeLatentd server;
  std::string deleted;
  server.list_samples = [](grpc::ServerContext*, const auto&, v1::ListSamplesResponse* response) {
    v1::Sample* sample = response->add_samples();
    sample->set_name("zp2000");
    sample->set_num_events(791);
    (*sample->mutable_parameters())["mzp"] = 2000;
    sample->set_created_unix_ms(1714564800000);
    response->add_samples()->set_name("sq1800");
    return grpc::Status::OK;
  };
  server.get_sample = [](grpc::ServerContext*, const v1::GetSampleRequest& request,
                         v1::Sample* sample) {
    if (request.name() != "zp2000") {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "sample '" + request.name() + "' not found");
    }
    sample->set_name("zp2000");
    sample->set_num_events(791);
    return grpc::Status::OK;
  };
  server.delete_sample = [&deleted](grpc::ServerContext*, const v1::DeleteSampleRequest& request,
                                    auto*) {
    deleted = request.name();
    return grpc::Status::OK;
  };
  ASSERT_TRUE(server.Start());
  const std::string flag = ServerFlag(server.address());

  LatentctlResult result = RunLatentctl(flag + "samples list");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("NAME"));
  EXPECT_THAT(result.out, HasSubstr("PARAMETERS"));
  EXPECT_THAT(result.out, HasSubstr("zp2000"));
  EXPECT_THAT(result.out, HasSubstr("mzp=2000"));
  EXPECT_THAT(result.out, HasSubstr("2024-05-01T12:00:00.000Z"));
  result = RunLatentctl(flag + "samples list --json");
  EXPECT_EQ(result.json()["samples"].size(), 2u);
  EXPECT_EQ(result.json()["samples"][1]["name"], "sq1800");

  result = RunLatentctl(flag + "samples show zp2000 --json");
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.json()["num_events"], 791);
  result = RunLatentctl(flag + "samples show nope");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "error: sample 'nope' not found (NOT_FOUND)\n");

  result = RunLatentctl(flag + "samples delete zp2000");
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, "deleted sample zp2000\n");
  EXPECT_EQ(deleted, "zp2000");
}

}  // namespace
}  // namespace latentspace
