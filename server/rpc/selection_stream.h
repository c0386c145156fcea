// DetectorService.InterpretSelectionWithProgress's stream: the interpretation runs on a thread of
// its own; each report of its progress is offered to the stream (LatestWriteReactor: the latest
// while the client reads) and its answer last, or its error ends the stream with that status.
// OnCancel (the client's cancel, or its deadline) stops the work at its next check.
#ifndef LATENTSPACE_SERVER_RPC_SELECTION_STREAM_H_
#define LATENTSPACE_SERVER_RPC_SELECTION_STREAM_H_

#include <grpcpp/support/server_callback.h>

#include <functional>
#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "core/analysis/selection_interpretation.h"
#include "latentspace/v1/detector_service.pb.h"
#include "server/auth/call_gate.h"

namespace latentspace::server {

// The threads the streams started and have not ended, so that what they use can outlive them:
// the owner of the work's store and registries waits with AwaitNone before it goes.
class RunningThreads {
 public:
  void Add();
  void Remove();
  void AwaitNone();

 private:
  absl::Mutex mutex_;
  int running_ ABSL_GUARDED_BY(mutex_) = 0;
};

// The interpretation: the answer, or the error the stream ends with. It asks `cancelled` as it
// goes and tells `progress` each step's units done.
using SelectionWork = std::function<absl::StatusOr<v1::InterpretSelectionResponse>(
    const std::function<bool()>& cancelled, const SelectionProgress& progress)>;

// The stream's reactor, which deletes itself when the call and the work are both done. A call that
// was not admitted (`slot` an error) finishes at once with that error and runs nothing.
grpc::ServerWriteReactor<v1::InterpretSelectionUpdate>* StreamSelectionInterpretation(
    absl::StatusOr<CallGate::StreamSlot> slot, SelectionWork work,
    std::shared_ptr<RunningThreads> running);

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_RPC_SELECTION_STREAM_H_
