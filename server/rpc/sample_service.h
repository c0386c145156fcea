// SampleService: uploads (a client stream committed atomically once complete and valid), listing,
// lookup and deletion of samples. Events are stored as Dark Machines CSV blobs.
#ifndef LATENTSPACE_SERVER_RPC_SAMPLE_SERVICE_H_
#define LATENTSPACE_SERVER_RPC_SAMPLE_SERVICE_H_

#include <cstdint>

#include "latentspace/v1/sample_service.grpc.pb.h"
#include "server/auth/call_gate.h"
#include "server/store/store.h"

namespace latentspace::server {

class SampleServiceImpl final : public v1::SampleService::CallbackService {
 public:
  SampleServiceImpl(CallGate* gate, store::Store* store, int64_t max_events_per_sample)
      : gate_(gate), store_(store), max_events_per_sample_(max_events_per_sample) {}

  grpc::ServerReadReactor<v1::UploadSampleRequest>* UploadSample(
      grpc::CallbackServerContext* context, v1::Sample* response) override;
  grpc::ServerUnaryReactor* ListSamples(grpc::CallbackServerContext* context,
                                        const v1::ListSamplesRequest* request,
                                        v1::ListSamplesResponse* response) override;
  grpc::ServerUnaryReactor* GetSample(grpc::CallbackServerContext* context,
                                      const v1::GetSampleRequest* request,
                                      v1::Sample* response) override;
  grpc::ServerUnaryReactor* DeleteSample(grpc::CallbackServerContext* context,
                                         const v1::DeleteSampleRequest* request,
                                         v1::DeleteSampleResponse* response) override;

 private:
  CallGate* const gate_;
  store::Store* const store_;
  const int64_t max_events_per_sample_;
};

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_RPC_SAMPLE_SERVICE_H_
