// The server's metric families (names and labels as the dashboards and alerts expect them), in
// one place, registered on a metrics::Registry.
#ifndef LATENTSPACE_SERVER_SERVER_METRICS_H_
#define LATENTSPACE_SERVER_SERVER_METRICS_H_

#include "server/metrics/counter.h"
#include "server/metrics/gauge.h"
#include "server/metrics/histogram.h"
#include "server/metrics/registry.h"
#include "server/store/records.h"

namespace latentspace::server {

struct ServerMetrics {
  explicit ServerMetrics(metrics::Registry& registry);

  metrics::Family<metrics::Counter>& rpc_requests;     // {method, code}
  metrics::Family<metrics::Histogram>& rpc_duration;   // {method}, seconds
  metrics::Family<metrics::Gauge>& rpc_in_flight;      // {method}: calls not yet done
  metrics::Family<metrics::Counter>& embedded_events;  // {encoder}
  metrics::Family<metrics::Gauge>& jobs;               // {state}
  metrics::Family<metrics::Gauge>& job_progress;       // {job, encoder}, 0..1
  metrics::Family<metrics::Gauge>& job_loss;           // {job, split}
  metrics::Gauge& encoders_loaded;
  metrics::Gauge& samples_stored;
  metrics::Gauge& streams_open;                      // uploads and job watches
  metrics::Gauge& tokens_loaded;                     // in the token file in force
  metrics::Family<metrics::Counter>& token_reloads;  // {result}: ok, error
  metrics::Family<metrics::Counter>& scored_events;  // {detector}
  // {job, detector}, 0..1; the loss of a detector job is in job_loss like an encoder job's.
  metrics::Family<metrics::Gauge>& detector_job_progress;
  metrics::Gauge& detectors_loaded;

  // The progress family of a job that trains a model of `kind` (job_progress, or
  // detector_job_progress).
  metrics::Family<metrics::Gauge>& JobProgress(store::ModelKind kind);
};

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_SERVER_METRICS_H_
