// End to end: latentd's standard services (grpc.health.v1, server reflection) and its process
// lifecycle (SIGTERM exits 0, the data directory can be opened again, and only by one server).
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/unknown_field_set.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>

#include <set>

#include "tests/e2e/server_e2e.h"

namespace latentspace::e2e {
namespace {

using ::testing::IsSupersetOf;

// grpc.reflection.v1alpha.ServerReflection over a generic stream, its messages encoded by hand:
// Debian's libgrpc++-dev (1.51) ships neither reflection.proto nor a generated header for it, nor
// grpc::ProtoReflectionDescriptorDatabase (<grpcpp/ext/proto_reflection_descriptor_database.h> is
// part of grpc's test utilities, not installed). Field numbers are those of
// src/proto/grpc/reflection/v1alpha/reflection.proto.
class RawReflectionClient {
 public:
  explicit RawReflectionClient(std::shared_ptr<grpc::Channel> channel)
      : stub_(std::move(channel)) {}

  // ServerReflectionRequest.list_services (7) -> ListServiceResponse (6) .service (1) .name (1).
  grpc::Status ListServices(std::vector<std::string>* services) {
    google::protobuf::UnknownFieldSet response;
    grpc::Status status = Exchange(EncodeString(7, "*"), &response);
    if (!status.ok()) return status;
    const google::protobuf::UnknownFieldSet* list = Submessage(response, 6);
    if (list == nullptr) return ErrorOf(response, "no list_services_response");
    for (int i = 0; i < list->field_count(); ++i) {
      if (list->field(i).number() != 1) continue;
      google::protobuf::UnknownFieldSet service;
      if (!service.ParseFromString(list->field(i).length_delimited())) {
        return grpc::Status(grpc::StatusCode::INTERNAL, "bad ServiceResponse");
      }
      for (int j = 0; j < service.field_count(); ++j) {
        if (service.field(j).number() == 1)
          services->push_back(service.field(j).length_delimited());
      }
    }
    return grpc::Status::OK;
  }

  // ServerReflectionRequest.file_containing_symbol (4) -> FileDescriptorResponse (4)
  // .file_descriptor_proto (1), the file first and then its dependencies.
  grpc::Status FileContainingSymbol(const std::string& symbol,
                                    std::vector<google::protobuf::FileDescriptorProto>* files) {
    google::protobuf::UnknownFieldSet response;
    grpc::Status status = Exchange(EncodeString(4, symbol), &response);
    if (!status.ok()) return status;
    const google::protobuf::UnknownFieldSet* found = Submessage(response, 4);
    if (found == nullptr) return ErrorOf(response, "no file_descriptor_response");
    for (int i = 0; i < found->field_count(); ++i) {
      if (found->field(i).number() != 1) continue;
      google::protobuf::FileDescriptorProto file;
      if (!file.ParseFromString(found->field(i).length_delimited())) {
        return grpc::Status(grpc::StatusCode::INTERNAL, "bad FileDescriptorProto");
      }
      files->push_back(file);
    }
    return grpc::Status::OK;
  }

 private:
  static std::string EncodeString(int field, const std::string& value) {
    std::string bytes;
    {
      google::protobuf::io::StringOutputStream stream(&bytes);
      google::protobuf::io::CodedOutputStream out(&stream);
      out.WriteTag((static_cast<uint32_t>(field) << 3) | 2);
      out.WriteVarint32(static_cast<uint32_t>(value.size()));
      out.WriteString(value);
    }
    return bytes;
  }

  // The submessage in length-delimited field `number`, parsed into storage owned by this client.
  const google::protobuf::UnknownFieldSet* Submessage(const google::protobuf::UnknownFieldSet& set,
                                                      int number) {
    for (int i = 0; i < set.field_count(); ++i) {
      if (set.field(i).number() != number ||
          set.field(i).type() != google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED) {
        continue;
      }
      auto parsed = std::make_unique<google::protobuf::UnknownFieldSet>();
      if (!parsed->ParseFromString(set.field(i).length_delimited())) return nullptr;
      parsed_.push_back(std::move(parsed));
      return parsed_.back().get();
    }
    return nullptr;
  }

  // ErrorResponse (7): error_code (1), error_message (2).
  grpc::Status ErrorOf(const google::protobuf::UnknownFieldSet& response, const char* what) {
    if (const google::protobuf::UnknownFieldSet* error = Submessage(response, 7)) {
      int code = 0;
      std::string message;
      for (int i = 0; i < error->field_count(); ++i) {
        if (error->field(i).number() == 1) code = static_cast<int>(error->field(i).varint());
        if (error->field(i).number() == 2) message = error->field(i).length_delimited();
      }
      return grpc::Status(static_cast<grpc::StatusCode>(code), message);
    }
    return grpc::Status(grpc::StatusCode::INTERNAL, what);
  }

  // One request and its response on a new ServerReflectionInfo stream.
  grpc::Status Exchange(const std::string& request, google::protobuf::UnknownFieldSet* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + seconds(10));
    grpc::CompletionQueue queue;
    std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call = stub_.PrepareCall(
        &context, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &queue);
    auto step = [&queue](int tag) {
      void* got = nullptr;
      bool ok = false;
      return queue.Next(&got, &ok) && got == reinterpret_cast<void*>(tag) && ok;
    };
    grpc::Slice slice(request);
    grpc::ByteBuffer out(&slice, 1);
    grpc::ByteBuffer in;
    call->StartCall(reinterpret_cast<void*>(1));
    bool exchanged = step(1);
    if (exchanged) {
      call->Write(out, reinterpret_cast<void*>(2));
      exchanged = step(2);
    }
    if (exchanged) {
      call->Read(&in, reinterpret_cast<void*>(3));
      exchanged = step(3);
    }
    call->WritesDone(reinterpret_cast<void*>(4));
    step(4);
    grpc::Status status;
    call->Finish(&status, reinterpret_cast<void*>(5));
    step(5);
    queue.Shutdown();
    void* ignored_tag;
    bool ignored_ok;
    while (queue.Next(&ignored_tag, &ignored_ok)) {
    }
    if (!status.ok()) return status;
    if (!exchanged) return grpc::Status(grpc::StatusCode::INTERNAL, "no reflection response");
    std::vector<grpc::Slice> slices;
    if (!in.Dump(&slices).ok()) return grpc::Status(grpc::StatusCode::INTERNAL, "bad buffer");
    std::string bytes;
    for (const grpc::Slice& s : slices) {
      bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
    }
    if (!response->ParseFromString(bytes)) {
      return grpc::Status(grpc::StatusCode::INTERNAL, "bad ServerReflectionResponse");
    }
    return grpc::Status::OK;
  }

  grpc::GenericStub stub_;
  std::vector<std::unique_ptr<google::protobuf::UnknownFieldSet>> parsed_;
};

class ServerHealth : public LatentdTest {};

TEST_F(ServerHealth, CheckIsServing) {
  ASSERT_TRUE(StartServer());
  grpc::Status status;
  EXPECT_EQ(api().CheckHealth("", &status), grpc::health::v1::HealthCheckResponse::SERVING);
  EXPECT_TRUE(IsOk(status));
  // The default health service knows only the server as a whole ("").
  api().CheckHealth("no.such.Service", &status);
  EXPECT_TRUE(HasStatus(status, grpc::StatusCode::NOT_FOUND));
}

TEST_F(ServerHealth, ReflectionListsTheServices) {
  ASSERT_TRUE(StartServer());
  RawReflectionClient reflection(api().channel());
  std::vector<std::string> services;
  ASSERT_TRUE(IsOk(reflection.ListServices(&services)));
  EXPECT_THAT(services,
              IsSupersetOf({"latentspace.v1.SampleService", "latentspace.v1.JobService",
                            "latentspace.v1.EncoderService", "latentspace.v1.EmbeddingService",
                            "latentspace.v1.ProximityService", "grpc.health.v1.Health",
                            "grpc.reflection.v1alpha.ServerReflection"}));

  // A client can build requests from what reflection serves: the file of a service, with its
  // methods and their message types, followed by the files it imports.
  std::vector<google::protobuf::FileDescriptorProto> files;
  ASSERT_TRUE(IsOk(reflection.FileContainingSymbol("latentspace.v1.ProximityService", &files)));
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(files[0].name(), "latentspace/v1/proximity_service.proto");
  EXPECT_EQ(files[0].package(), "latentspace.v1");
  ASSERT_EQ(files[0].service_size(), 1);
  std::set<std::string> methods;
  for (const auto& method : files[0].service(0).method()) methods.insert(method.name());
  EXPECT_EQ(methods, (std::set<std::string>{"QueryNearest", "GetContours", "GetFeatureMap",
                                            "GetDistanceMatrix"}));
  std::set<std::string> names;
  for (const auto& file : files) names.insert(file.name());
  EXPECT_TRUE(names.count("latentspace/v1/events.proto") == 1 &&
              names.count("latentspace/v1/encoder_service.proto") == 1)
      << "the imported files come with it";

  files.clear();
  EXPECT_TRUE(HasStatus(reflection.FileContainingSymbol("latentspace.v1.NoSuchService", &files),
                        grpc::StatusCode::NOT_FOUND));
}

TEST_F(ServerHealth, SigtermExitsZeroAndTheDataDirOpensAgain) {
  ASSERT_TRUE(StartServer());
  Clock::time_point stop = Clock::now();
  EXPECT_EQ(StopServer(), 0) << "latentd's exit status after SIGTERM";
  double stop_seconds = std::chrono::duration<double>(Clock::now() - stop).count();
  EXPECT_LT(stop_seconds, 2) << "an idle latentd without clients stops at once";
  EXPECT_THAT(server().log(), ::testing::HasSubstr("received SIGTERM"));
  std::cout << "[ timing ] SIGTERM to exit, no client connected: " << stop_seconds << " s"
            << std::endl;

  ASSERT_TRUE(StartServer()) << "a second start on the same data directory";
  grpc::Status status;
  EXPECT_EQ(api().CheckHealth("", &status), grpc::health::v1::HealthCheckResponse::SERVING);
  EXPECT_TRUE(IsOk(status));
  // With a client still connected (idle, nothing in flight), gRPC's graceful shutdown waits for the
  // connection to go until latentd's grace (5 s) runs out: slower, but still exit status 0.
  stop = Clock::now();
  EXPECT_EQ(server().Terminate(), 0);
  stop_seconds = std::chrono::duration<double>(Clock::now() - stop).count();
  EXPECT_LT(stop_seconds, 10) << "within the 5 s grace (and some)";
  std::cout << "[ timing ] SIGTERM to exit, one idle client connected: " << stop_seconds << " s"
            << std::endl;
}

TEST_F(ServerHealth, SecondServerOnTheSameDataDirRefusesToStart) {
  ASSERT_TRUE(StartServer());
  testing::LatentdProcess second(data_dir());
  EXPECT_FALSE(second.Start(seconds(30))) << "two servers on one data directory";
  EXPECT_THAT(second.log(), ::testing::HasSubstr("latentd cannot start"));
  // The first one is undisturbed.
  grpc::Status status;
  EXPECT_EQ(api().CheckHealth("", &status), grpc::health::v1::HealthCheckResponse::SERVING);
  EXPECT_EQ(StopServer(), 0);
}

}  // namespace
}  // namespace latentspace::e2e
