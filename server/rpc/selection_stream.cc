// The interpretation's stream: a thread for the work, LatestWriteReactor for the writes.
#include "server/rpc/selection_stream.h"

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <utility>

#include "server/rpc/latest_write_reactor.h"
#include "server/rpc/status_mapping.h"

namespace latentspace::server {
namespace {

class SelectionStream final : public LatestWriteReactor<v1::InterpretSelectionUpdate> {
 public:
  SelectionStream(absl::StatusOr<CallGate::StreamSlot> slot, SelectionWork work,
                  std::shared_ptr<RunningThreads> running) {
    if (!slot.ok()) {
      FinishOnce(ToGrpcStatus(slot.status()));
      return;
    }
    slot_ = *std::move(slot);
    references_ = 2;  // the call (OnDone) and the work's thread
    running->Add();
    std::thread([this, work = std::move(work), running = std::move(running)] {
      Run(work);
      Release();          // may delete this: nothing of it is touched below
      running->Remove();  // the lambda's own reference keeps `running` alive
    }).detach();
  }

  void OnCancel() override {
    cancelled_ = true;
    LatestWriteReactor::OnCancel();
  }

  void OnDone() override { Release(); }

 private:
  void Run(const SelectionWork& work) {
    const std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    absl::StatusOr<v1::InterpretSelectionResponse> answer =
        work([this] { return cancelled_.load(); },
             [this, start](absl::string_view step, int64_t done, int64_t total) {
               v1::InterpretSelectionUpdate update;
               v1::InterpretSelectionProgress* progress = update.mutable_progress();
               progress->set_step(std::string(step));
               progress->set_done(done);
               progress->set_total(total);
               progress->set_elapsed_seconds(
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
               Offer(std::move(update), /*last=*/false);
             });
    if (!answer.ok()) {
      FinishOnce(ToGrpcStatus(answer.status()));
      return;
    }
    v1::InterpretSelectionUpdate update;
    *update.mutable_answer() = *std::move(answer);
    Offer(std::move(update), /*last=*/true);
  }

  void Release() {
    if (references_.fetch_sub(1) == 1) delete this;
  }

  CallGate::StreamSlot slot_;
  std::atomic<bool> cancelled_{false};
  std::atomic<int> references_{1};
};

}  // namespace

void RunningThreads::Add() {
  absl::MutexLock lock(&mutex_);
  ++running_;
}

void RunningThreads::Remove() {
  absl::MutexLock lock(&mutex_);
  --running_;
}

void RunningThreads::AwaitNone() {
  absl::MutexLock lock(&mutex_);
  mutex_.Await(absl::Condition(
      +[](int* running) { return *running == 0; }, &running_));
}

grpc::ServerWriteReactor<v1::InterpretSelectionUpdate>* StreamSelectionInterpretation(
    absl::StatusOr<CallGate::StreamSlot> slot, SelectionWork work,
    std::shared_ptr<RunningThreads> running) {
  return new SelectionStream(std::move(slot), std::move(work), std::move(running));
}

}  // namespace latentspace::server
