// An EventReader that stops when the RPC reading a stored sample is cancelled or its deadline
// passes, so that a call over millions of events releases its work (embedding, scoring).
#ifndef LATENTSPACE_SERVER_MODELS_CANCELLABLE_READER_H_
#define LATENTSPACE_SERVER_MODELS_CANCELLABLE_READER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "core/events/event_reader.h"

namespace latentspace::server {

// Events read between two questions to `cancelled`.
inline constexpr int64_t kEventsBetweenChecks = 4096;

// Passes on the events of `inner` until `cancelled` (asked every kEventsBetweenChecks events) says
// the call is gone; then Next fails with CANCELLED naming the sample and the events read.
class CancellableReader : public EventReader {
 public:
  CancellableReader(std::unique_ptr<EventReader> inner, const std::function<bool()>& cancelled,
                    absl::string_view sample)
      : inner_(std::move(inner)), cancelled_(cancelled), sample_(sample) {}

  absl::StatusOr<bool> Next(Event* event) override {
    if (++events_ % kEventsBetweenChecks == 0 && cancelled_()) {
      return absl::CancelledError(
          absl::StrCat("the call was cancelled or its deadline passed after ", events_ - 1,
                       " events of sample '", sample_, "'"));
    }
    return inner_->Next(event);
  }
  int64_t bytes_consumed() const override { return inner_->bytes_consumed(); }
  int64_t file_bytes() const override { return inner_->file_bytes(); }

 private:
  const std::unique_ptr<EventReader> inner_;
  const std::function<bool()>& cancelled_;
  const std::string sample_;
  int64_t events_ = 0;
};

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_MODELS_CANCELLABLE_READER_H_
