// latentspace::Client: the streaming RPCs, UploadSample (client stream), WatchJob and
// InterpretSelectionWithProgress (server streams), with cancellation.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "client/sdk/client.h"
#include "client/sdk/event_columns.h"
#include "client/sdk/feature_table.h"

namespace latentspace {
namespace {

// Cancels `context` once *flag becomes true, checking every 50 ms until destroyed.
class CancelOnFlag {
 public:
  CancelOnFlag(const std::atomic<bool>* flag, grpc::ClientContext* context) {
    if (flag == nullptr) return;
    thread_ = std::thread([this, flag, context] {
      std::unique_lock<std::mutex> lock(mutex_);
      while (!stopped_) {
        if (flag->load()) {
          context->TryCancel();
          return;
        }
        wake_.wait_for(lock, std::chrono::milliseconds(50));
      }
    });
  }
  ~CancelOnFlag() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopped_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  CancelOnFlag(const CancelOnFlag&) = delete;
  CancelOnFlag& operator=(const CancelOnFlag&) = delete;

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopped_ = false;
  std::thread thread_;
};

bool IsFinal(v1::JobState state) {
  return state == v1::JOB_STATE_SUCCEEDED || state == v1::JOB_STATE_FAILED ||
         state == v1::JOB_STATE_CANCELLED;
}

}  // namespace

absl::StatusOr<v1::Sample> Client::UploadSample(const v1::SampleHeader& header,
                                                const EventChunkSource& next_chunk,
                                                const UploadProgress& progress) {
  std::vector<v1::Event> chunk;
  return Upload(
      header,
      [&](v1::UploadSampleRequest* request) -> absl::StatusOr<bool> {
        chunk.clear();
        absl::StatusOr<bool> more = next_chunk(&chunk);
        if (!more.ok()) return more;
        request->mutable_events()->Reserve(static_cast<int>(chunk.size()));
        for (v1::Event& event : chunk) request->add_events()->Swap(&event);
        return more;
      },
      progress);
}

absl::StatusOr<v1::Sample> Client::UploadSampleColumns(const v1::SampleHeader& header,
                                                       const EventColumnsSource& next_chunk,
                                                       const UploadProgress& progress) {
  return Upload(
      header,
      [&](v1::UploadSampleRequest* request) -> absl::StatusOr<bool> {
        absl::StatusOr<bool> more = next_chunk(request->mutable_columns());
        if (more.ok() && request->columns().object_counts().empty()) request->clear_columns();
        return more;
      },
      progress);
}

absl::StatusOr<v1::Sample> Client::UploadSampleTable(const v1::SampleHeader& header,
                                                     const FeatureTableSource& next_chunk,
                                                     const UploadProgress& progress) {
  return Upload(
      header,
      [&](v1::UploadSampleRequest* request) -> absl::StatusOr<bool> {
        absl::StatusOr<bool> more = next_chunk(request->mutable_table());
        if (more.ok() && FeatureTableRows(request->table()) == 0) request->clear_table();
        return more;
      },
      progress);
}

absl::StatusOr<v1::Sample> Client::Upload(const v1::SampleHeader& header,
                                          const UploadChunkFill& fill,
                                          const UploadProgress& progress) {
  grpc::ClientContext context;
  PrepareContext(&context, /*with_deadline=*/false);
  v1::Sample sample;
  std::unique_ptr<grpc::ClientWriter<v1::UploadSampleRequest>> writer =
      samples_->UploadSample(&context, &sample);
  v1::UploadSampleRequest request;
  *request.mutable_header() = header;
  int64_t sent = 0;
  bool written = true;
  for (bool last = false; !last;) {
    absl::StatusOr<bool> more = fill(&request);
    if (!more.ok()) {
      // Without the chunk marked complete (and without a clean end of stream) the server stores
      // nothing.
      context.TryCancel();
      writer->Finish();
      return more.status();
    }
    last = !*more;
    const int64_t events = request.events_size() + EventColumnsSize(request.columns()) +
                           FeatureTableRows(request.table());
    if (events == 0 && !last && !request.has_header()) continue;
    request.set_complete(last);
    if (!writer->Write(request)) {
      written = false;  // the server ended the call early: Finish says why
      break;
    }
    sent += events;
    if (progress) progress(sent);
    request.Clear();
  }
  if (written) writer->WritesDone();
  const grpc::Status status = writer->Finish();
  if (!status.ok()) return CallStatus(status);
  return sample;
}

absl::StatusOr<v1::Job> Client::WatchJob(absl::string_view id, const JobUpdate& on_update,
                                         const std::atomic<bool>* cancel) {
  v1::WatchJobRequest request;
  request.set_id(std::string(id));
  for (int retry = 0;; ++retry) {
    bool received = false;
    absl::StatusOr<v1::Job> job = WatchJobOnce(request, on_update, cancel, &received);
    if (job.ok() || !IsRetryable(job.status())) return job;
    if (received) retry = 0;  // the watch made progress before the connection broke
    if (retry >= retry_.max_retries) return job;
    absl::SleepFor(BackoffDelay(retry_, retry));
  }
}

absl::StatusOr<v1::Job> Client::WatchJobOnce(const v1::WatchJobRequest& request,
                                             const JobUpdate& on_update,
                                             const std::atomic<bool>* cancel, bool* received) {
  grpc::ClientContext context;
  PrepareContext(&context, /*with_deadline=*/false);
  CancelOnFlag canceller(cancel, &context);
  std::unique_ptr<grpc::ClientReader<v1::Job>> reader = jobs_->WatchJob(&context, request);
  v1::Job job;
  v1::Job last;
  while (reader->Read(&job)) {
    *received = true;
    last = job;
    if (on_update) on_update(last);
  }
  const grpc::Status status = reader->Finish();
  if (cancel != nullptr && cancel->load()) {
    return absl::CancelledError(absl::StrCat("stopped watching job ", request.id()));
  }
  if (!status.ok()) return CallStatus(status);
  if (!*received || !IsFinal(last.state())) {
    return absl::UnavailableError(
        absl::StrCat("the watch of job ", request.id(), " ended before the job finished"));
  }
  return last;
}

absl::StatusOr<v1::InterpretSelectionResponse> Client::InterpretSelectionWithProgress(
    const v1::InterpretSelectionRequest& request, const SelectionProgressUpdate& on_progress,
    const std::atomic<bool>* cancel) {
  grpc::ClientContext context;
  PrepareContext(&context, /*with_deadline=*/false);
  CancelOnFlag canceller(cancel, &context);
  std::unique_ptr<grpc::ClientReader<v1::InterpretSelectionUpdate>> reader =
      detectors_->InterpretSelectionWithProgress(&context, request);
  v1::InterpretSelectionUpdate update;
  std::optional<v1::InterpretSelectionResponse> answer;
  while (reader->Read(&update)) {
    if (update.has_answer()) {
      answer = std::move(*update.mutable_answer());
    } else if (update.has_progress() && on_progress) {
      on_progress(update.progress());
    }
  }
  const grpc::Status status = reader->Finish();
  if (cancel != nullptr && cancel->load()) {
    return absl::CancelledError("stopped the interpretation");
  }
  if (!status.ok()) return CallStatus(status);
  if (!answer) {
    return absl::UnavailableError("the interpretation's stream ended without its answer");
  }
  return *std::move(answer);
}

}  // namespace latentspace
