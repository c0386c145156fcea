// What the end-to-end benchmarks share: client channels with a connection of their own, a small
// encoder trained on bundled samples uploaded to a running latentd, and latency percentiles.
#ifndef LATENTSPACE_TESTS_BENCH_BENCH_SERVER_H_
#define LATENTSPACE_TESTS_BENCH_BENCH_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/status_macros.h"
#include "latentspace/v1/job_service.grpc.pb.h"
#include "latentspace/v1/sample_service.grpc.pb.h"
#include "tests/testing/paths.h"
#include "tests/testing/proto_events.h"

namespace latentspace::bench {

// A channel to `address` on a connection of its own: gRPC shares one connection between channels
// with equal arguments, so every `id` gives different ones.
inline std::shared_ptr<grpc::Channel> OwnChannel(const std::string& address, int id) {
  grpc::ChannelArguments args;
  args.SetInt("latentspace.bench_client", id);
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

// A file of the bundled data directory, uploaded as sample `name` with theory `parameters`.
struct BundledSample {
  std::string name;
  std::string file;
  std::map<std::string, double> parameters;
};

// Uploads `samples` to the latentd at `address`, then trains `training` (encoder name and settings;
// its sample list is set to `samples`) and waits until the job succeeds. On success
// (*events)[i] holds the events of samples[i].
inline absl::Status UploadAndTrain(const std::string& address,
                                   const std::vector<BundledSample>& samples,
                                   v1::TrainingRequest training,
                                   std::vector<std::vector<v1::Event>>* events) {
  auto channel = OwnChannel(address, -1);
  auto sample_stub = v1::SampleService::NewStub(channel);
  training.clear_samples();
  events->clear();
  for (const BundledSample& sample : samples) {
    LATENT_ASSIGN_OR_RETURN(
        std::vector<v1::Event> read,
        testing::ReadProtoEvents(testing::BundledDataDir() + "/" + sample.file));
    v1::SampleHeader header;
    header.set_name(sample.name);
    header.mutable_parameters()->insert(sample.parameters.begin(), sample.parameters.end());
    if (grpc::Status status = testing::UploadSample(*sample_stub, header, read, nullptr);
        !status.ok()) {
      return absl::UnknownError("upload " + sample.name + ": " + status.error_message());
    }
    events->push_back(std::move(read));
    training.add_samples(sample.name);
  }
  auto jobs = v1::JobService::NewStub(channel);
  grpc::ClientContext submit_context;
  v1::Job job;
  if (grpc::Status status = jobs->SubmitTraining(&submit_context, training, &job); !status.ok()) {
    return absl::UnknownError("submit: " + status.error_message());
  }
  while (job.state() != v1::JOB_STATE_SUCCEEDED) {
    if (job.state() == v1::JOB_STATE_FAILED || job.state() == v1::JOB_STATE_CANCELLED) {
      return absl::UnknownError("training failed: " + job.error());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    grpc::ClientContext context;
    v1::GetJobRequest get;
    get.set_id(job.id());
    if (grpc::Status status = jobs->GetJob(&context, get, &job); !status.ok()) {
      return absl::UnknownError("get job: " + status.error_message());
    }
  }
  return absl::OkStatus();
}

// The q-quantile (0..1) of `values`, 0 when empty.
inline double Percentile(std::vector<double> values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<size_t>(q * values.size()))];
}

}  // namespace latentspace::bench

#endif  // LATENTSPACE_TESTS_BENCH_BENCH_SERVER_H_
