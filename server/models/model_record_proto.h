// What the API's view of every kind of trained model (v1::Encoder, v1::Detector) takes from its
// store record: name, version, the job that trained it, preset, creation time and stored size,
// and whether it is in memory. Each kind adds what its training summary says.
#ifndef LATENTSPACE_SERVER_MODELS_MODEL_RECORD_PROTO_H_
#define LATENTSPACE_SERVER_MODELS_MODEL_RECORD_PROTO_H_

#include "server/store/records.h"

namespace latentspace::server {

// `ModelProto` is any message with these fields (protobuf setters of the same names).
template <typename ModelProto>
void SetModelRecordFields(const store::ModelRecord& record, bool loaded, ModelProto* out) {
  out->set_name(record.name);
  out->set_version(record.version);
  out->set_job_id(record.job_id);
  out->set_preset(record.preset);
  out->set_created_unix_ms(record.created_unix_ms);
  out->set_stored_bytes(record.blob_bytes);
  out->set_loaded(loaded);
}

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_MODELS_MODEL_RECORD_PROTO_H_
