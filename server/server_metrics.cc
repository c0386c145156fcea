// The server's metric families.
#include "server/server_metrics.h"

namespace latentspace::server {

ServerMetrics::ServerMetrics(metrics::Registry& registry)
    : rpc_requests(metrics::BuildCounter()
                       .Name("latent_rpc_requests_total")
                       .Help("gRPC requests handled, by method and status code")
                       .Register(registry)),
      rpc_duration(metrics::BuildHistogram()
                       .Name("latent_rpc_duration_seconds")
                       .Help("gRPC request duration in seconds, by method")
                       .Register(registry)),
      rpc_in_flight(metrics::BuildGauge()
                        .Name("latent_rpc_in_flight")
                        .Help("gRPC calls received and not yet done, by method")
                        .Register(registry)),
      embedded_events(metrics::BuildCounter()
                          .Name("latent_embedded_events_total")
                          .Help("Events embedded into the latent space, by encoder")
                          .Register(registry)),
      jobs(metrics::BuildGauge()
               .Name("latent_jobs")
               .Help("Training jobs by state")
               .Register(registry)),
      job_progress(metrics::BuildGauge()
                       .Name("latent_job_progress_ratio")
                       .Help("Fraction of a running training job done (0..1)")
                       .Register(registry)),
      job_loss(metrics::BuildGauge()
                   .Name("latent_job_loss")
                   .Help("Latest loss of a running training job, by split (train, validation)")
                   .Register(registry)),
      encoders_loaded(metrics::BuildGauge()
                          .Name("latent_encoders_loaded")
                          .Help("Encoders held in memory")
                          .Register(registry)
                          .Add({})),
      samples_stored(metrics::BuildGauge()
                         .Name("latent_samples_stored")
                         .Help("Samples in the store")
                         .Register(registry)
                         .Add({})),
      streams_open(metrics::BuildGauge()
                       .Name("latent_streams_open")
                       .Help("Streaming calls open (uploads and job watches), of "
                             "--max-concurrent-streams")
                       .Register(registry)
                       .Add({})),
      tokens_loaded(metrics::BuildGauge()
                        .Name("latent_tokens_loaded")
                        .Help("Bearer tokens in the token file in force")
                        .Register(registry)
                        .Add({})),
      token_reloads(metrics::BuildCounter()
                        .Name("latent_token_reloads_total")
                        .Help("Reloads of the token file (SIGHUP), by result (ok, error)")
                        .Register(registry)),
      scored_events(metrics::BuildCounter()
                        .Name("latent_scored_events_total")
                        .Help("Events scored by an anomaly detector, by detector")
                        .Register(registry)),
      detector_job_progress(metrics::BuildGauge()
                                .Name("latent_detector_job_progress_ratio")
                                .Help("Fraction of a running detector training job done (0..1)")
                                .Register(registry)),
      detectors_loaded(metrics::BuildGauge()
                           .Name("latent_detectors_loaded")
                           .Help("Anomaly detectors held in memory")
                           .Register(registry)
                           .Add({})) {
  // Both results from the start, so that a rate or an alert sees the first reload.
  for (const char* result : {"ok", "error"}) token_reloads.Add({{"result", result}});
}

metrics::Family<metrics::Gauge>& ServerMetrics::JobProgress(store::ModelKind kind) {
  switch (kind) {
    case store::ModelKind::kEncoder:
      return job_progress;
    case store::ModelKind::kDetector:
      return detector_job_progress;
  }
  return job_progress;
}

}  // namespace latentspace::server
