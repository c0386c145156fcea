// Collider events for API tests: bundled event files read with the core reader and converted to
// the API's latentspace::v1::Event by latentctl's conversion or to columns by the SDK's builder,
// and a streamed UploadSample of such events in chunks, the last one marked complete.
#ifndef LATENTSPACE_TESTS_TESTING_PROTO_EVENTS_H_
#define LATENTSPACE_TESTS_TESTING_PROTO_EVENTS_H_

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/cli/file_events_to_proto.h"
#include "client/sdk/event_columns.h"
#include "core/events/event.h"
#include "core/events/event_reader.h"
#include "core/status_macros.h"
#include "latentspace/v1/events.pb.h"
#include "latentspace/v1/sample_service.grpc.pb.h"

namespace latentspace::testing {

// Every event of a Dark Machines file (.csv or .csv.gz), converted.
inline absl::StatusOr<std::vector<v1::Event>> ReadProtoEvents(const std::string& path) {
  LATENT_ASSIGN_OR_RETURN(std::vector<Event> events,
                          ReadEventFile(path, EventFormat::kDarkMachines));
  std::vector<v1::Event> out;
  out.reserve(events.size());
  for (const Event& event : events) cli::ToProtoEvent(event, &out.emplace_back());
  return out;
}

// events[begin, end) (end clamped to the size).
inline std::vector<v1::Event> Slice(const std::vector<v1::Event>& events, size_t begin,
                                    size_t end) {
  end = std::min(end, events.size());
  begin = std::min(begin, end);
  return std::vector<v1::Event>(events.begin() + static_cast<std::ptrdiff_t>(begin),
                                events.begin() + static_cast<std::ptrdiff_t>(end));
}

// `events` as columns (the SDK's EventColumnsBuilder): what a columnar upload or batch sends.
template <typename Events>
v1::EventColumns ColumnsOf(const Events& events) {
  v1::EventColumns columns;
  EventColumnsBuilder builder(&columns);
  for (const v1::Event& event : events) {
    builder.AddEvent(event);
  }
  return columns;
}

// `chunk` with its events sent as columns instead.
inline v1::UploadSampleRequest AsColumns(v1::UploadSampleRequest chunk) {
  *chunk.mutable_columns() = ColumnsOf(chunk.events());
  chunk.clear_events();
  return chunk;
}

struct UploadOptions {
  int events_per_chunk = 500;
  std::chrono::seconds deadline{120};
  // Called after each chunk the stream took, with the chunks and events written so far; `last`
  // for the chunk marked complete, before the client half-closes (the server may commit from then).
  std::function<void(size_t chunks, size_t events, bool last)> on_chunk_written;
};

// Uploads `events` as sample `header.name`: chunk 1 carries the header and the first events,
// every chunk at most `events_per_chunk` events, the last chunk `complete = true` (an empty
// `events` sends the header alone, marked complete). Returns the call's status; *sample gets the
// stored sample on success.
inline grpc::Status UploadSample(v1::SampleService::Stub& stub, const v1::SampleHeader& header,
                                 const std::vector<v1::Event>& events, v1::Sample* sample,
                                 const UploadOptions& options = {}) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + options.deadline);
  v1::Sample response;
  std::unique_ptr<grpc::ClientWriter<v1::UploadSampleRequest>> writer =
      stub.UploadSample(&context, &response);
  const size_t per_chunk = static_cast<size_t>(std::max(1, options.events_per_chunk));
  size_t next = 0;
  size_t chunks = 0;
  bool first = true;
  do {
    v1::UploadSampleRequest chunk;
    if (first) *chunk.mutable_header() = header;
    const size_t end = std::min(events.size(), next + per_chunk);
    for (; next < end; ++next) *chunk.add_events() = events[next];
    chunk.set_complete(next == events.size());
    first = false;
    if (!writer->Write(chunk)) break;  // the server ended the call; Finish says why
    ++chunks;
    if (options.on_chunk_written) options.on_chunk_written(chunks, next, chunk.complete());
  } while (next < events.size());
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  if (status.ok() && sample != nullptr) *sample = response;
  return status;
}

}  // namespace latentspace::testing

#endif  // LATENTSPACE_TESTS_TESTING_PROTO_EVENTS_H_
