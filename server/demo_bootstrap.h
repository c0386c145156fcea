// The demo a new user gets on first start: the bundled real samples (listed with their theory
// parameters in DIR/samples.json) imported into the store, and a demo encoder trained on them
// through the ordinary job queue. Idempotent: what is already there is left alone.
#ifndef LATENTSPACE_SERVER_DEMO_BOOTSTRAP_H_
#define LATENTSPACE_SERVER_DEMO_BOOTSTRAP_H_

#include <string>

#include "absl/status/statusor.h"
#include "server/jobs/job_manager.h"
#include "server/store/store.h"

namespace latentspace::server {

struct DemoReport {
  int samples_imported = 0;
  std::string job_id;  // the demo training job submitted now, or ""
};

// Imports the listed samples that are not stored yet, then submits the training of encoder
// `encoder_name` on all of them unless it exists or a job for it is queued or running.
// INVALID_ARGUMENT naming the file and entry for a bad manifest or event file.
absl::StatusOr<DemoReport> BootstrapDemo(const std::string& dir, const std::string& encoder_name,
                                         store::Store& store, JobManager& jobs);

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_DEMO_BOOTSTRAP_H_
