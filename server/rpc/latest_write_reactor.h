// A server-streaming reactor that writes the latest of the messages it is offered, the idiom of the
// streams that show work as it goes (JobService.WatchJob, DetectorService.
// InterpretSelectionWithProgress): one write is in flight at a time; messages offered meanwhile
// are coalesced to the latest (a watcher wants the present, not every intermediate step), and the
// stream finishes OK after the message offered as the last is written. StartWrite and Finish are
// called outside the lock, so a reaction run inline cannot deadlock on it. Subclasses offer from
// any thread and implement OnDone.
#ifndef LATENTSPACE_SERVER_RPC_LATEST_WRITE_REACTOR_H_
#define LATENTSPACE_SERVER_RPC_LATEST_WRITE_REACTOR_H_

#include <grpcpp/support/server_callback.h>
#include <grpcpp/support/status.h>

#include <optional>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace latentspace::server {

template <typename Message>
class LatestWriteReactor : public grpc::ServerWriteReactor<Message> {
 public:
  void OnWriteDone(bool ok) override {
    bool finish = false;
    {
      absl::MutexLock lock(&mutex_);
      writing_ = false;
      if (!ok) return;  // the client went away; OnCancel and OnDone follow
      finish = writing_last_;
    }
    if (finish) {
      FinishOnce(grpc::Status::OK);
    } else {
      WriteLatest();
    }
  }

  void OnCancel() override { FinishOnce(grpc::Status::CANCELLED); }

 protected:
  // Offers `message`; with `last` the stream finishes once it is written. Offers after the last
  // one, or after the stream finished, are dropped.
  void Offer(Message message, bool last) {
    {
      absl::MutexLock lock(&mutex_);
      if (finished_ || last_offered_) return;
      pending_ = std::move(message);
      last_offered_ = last;
    }
    WriteLatest();
  }

  // Finishes the stream with `status`, unless it finished already.
  void FinishOnce(const grpc::Status& status) {
    {
      absl::MutexLock lock(&mutex_);
      if (finished_) return;
      finished_ = true;
    }
    this->Finish(status);
  }

 private:
  void WriteLatest() {
    {
      absl::MutexLock lock(&mutex_);
      if (writing_ || !pending_ || finished_) return;
      current_ = *std::move(pending_);
      pending_.reset();
      writing_last_ = last_offered_;
      writing_ = true;
    }
    this->StartWrite(&current_);  // current_ stays untouched until OnWriteDone
  }

  absl::Mutex mutex_;
  std::optional<Message> pending_ ABSL_GUARDED_BY(mutex_);
  Message current_;
  bool writing_ ABSL_GUARDED_BY(mutex_) = false;
  bool writing_last_ ABSL_GUARDED_BY(mutex_) = false;  // current_ is the last message
  bool last_offered_ ABSL_GUARDED_BY(mutex_) = false;
  bool finished_ ABSL_GUARDED_BY(mutex_) = false;
};

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_RPC_LATEST_WRITE_REACTOR_H_
