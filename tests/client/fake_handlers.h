// Canned FakeLatentd handlers shared by latentctl's tests: a GetEncoder that knows one encoder,
// and a WatchJob that streams a two-epoch job to its end.
#ifndef LATENTSPACE_TESTS_CLIENT_FAKE_HANDLERS_H_
#define LATENTSPACE_TESTS_CLIENT_FAKE_HANDLERS_H_

#include <cstdint>
#include <functional>
#include <string>

#include "tests/client/fake_latentd.h"

namespace latentspace::testing {

// GetEncoder of "enc" (any version asked) answering `version` with sets of `k`; NOT_FOUND
// "encoder 'x' not found" for any other name.
inline UnaryHandler<v1::GetEncoderRequest, v1::Encoder> KnownEncoder(int64_t version, int k) {
  return [version, k](grpc::ServerContext*, const v1::GetEncoderRequest& request,
                      v1::Encoder* encoder) {
    if (request.encoder().name() != "enc") {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "encoder 'x' not found");
    }
    encoder->set_name("enc");
    encoder->set_version(version);
    encoder->set_events_per_set(k);
    return grpc::Status::OK;
  };
}

// Makes `server` answer WatchJob with `job` (the id the request's) RUNNING at epoch 1 of 2 (half
// done), then at epoch 2 in *final_state (read at each watch): SUCCEEDED with
// register_result(&job) (what it trained), any other state with `error`.
inline void WatchTwoEpochs(FakeLatentd* server, const v1::Job& job, const v1::JobState* final_state,
                           const std::function<void(v1::Job*)>& register_result,
                           const std::string& error) {
  server->watch_job = [=](grpc::ServerContext*, const v1::WatchJobRequest& request,
                          grpc::ServerWriter<v1::Job>* writer) {
    v1::Job watched = job;
    watched.set_id(request.id());
    watched.set_state(v1::JOB_STATE_RUNNING);
    watched.mutable_progress()->set_epoch(1);
    watched.mutable_progress()->set_epochs(2);
    watched.mutable_progress()->set_ratio(0.5);
    writer->Write(watched);
    watched.set_state(*final_state);
    watched.mutable_progress()->set_epoch(2);
    watched.mutable_progress()->set_ratio(1);
    if (*final_state == v1::JOB_STATE_SUCCEEDED) {
      register_result(&watched);
    } else {
      watched.set_error(error);
    }
    writer->Write(watched);
    return grpc::Status::OK;
  };
}

}  // namespace latentspace::testing

#endif  // LATENTSPACE_TESTS_CLIENT_FAKE_HANDLERS_H_
