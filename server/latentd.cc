// latentd assembled and started in order.
#include "server/latentd.h"

#include <glog/logging.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/server_builder.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

#include "absl/strings/str_cat.h"
#include "core/nn/cpu_threads.h"
#include "core/status_macros.h"
#include "server/auth/authenticator.h"
#include "server/auth/call_gate.h"
#include "server/demo_bootstrap.h"
#include "server/jobs/job_manager.h"
#include "server/jobs/training_kind.h"
#include "server/metrics/build_info.h"
#include "server/metrics/http_server.h"
#include "server/metrics/process_metrics.h"
#include "server/metrics/registry.h"
#include "server/models/detector_registry.h"
#include "server/models/encoder_registry.h"
#include "server/rpc/detector_service.h"
#include "server/rpc/embedding_service.h"
#include "server/rpc/encoder_service.h"
#include "server/rpc/job_service.h"
#include "server/rpc/proximity_service.h"
#include "server/rpc/rpc_metrics_interceptor.h"
#include "server/rpc/sample_service.h"
#include "server/server_metrics.h"
#include "server/store/store.h"

namespace latentspace::server {

struct Latentd::Parts {
  LatentdOptions options;
  metrics::Registry registry;
  std::unique_ptr<ServerMetrics> metrics;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<EncoderRegistry> encoders;
  std::unique_ptr<DetectorRegistry> detectors;
  std::unique_ptr<JobManager> jobs;
  std::unique_ptr<Authenticator> authenticator;
  std::unique_ptr<CallGate> gate;
  std::unique_ptr<SampleServiceImpl> samples_service;
  std::unique_ptr<JobServiceImpl> job_service;
  std::unique_ptr<EncoderServiceImpl> encoder_service;
  std::unique_ptr<EmbeddingServiceImpl> embedding_service;
  std::unique_ptr<ProximityServiceImpl> proximity_service;
  std::unique_ptr<DetectorServiceImpl> detector_service;
  std::unique_ptr<grpc::Server> grpc_server;
  std::unique_ptr<metrics::MetricsHttpServer> metrics_server;
  std::string grpc_address;
  std::string metrics_address;
  bool stopped = false;

  // Progress series of the jobs running at the last scrape (id -> the family and labels of their
  // progress gauge), dropped when they end.
  std::map<std::string, std::pair<metrics::Family<metrics::Gauge>*, metrics::Labels>> job_series;

  // Refreshes the gauges computed from the store and the running jobs (before every scrape).
  void RefreshGauges() {
    if (absl::StatusOr<std::map<store::JobState, int64_t>> counts = store->CountJobsByState();
        counts.ok()) {
      for (store::JobState state : store::kAllJobStates) {
        metrics->jobs.Add({{"state", std::string(store::JobStateName(state))}})
            .Set(static_cast<double>((*counts)[state]));
      }
    }
    if (absl::StatusOr<int64_t> samples = store->CountSamples(); samples.ok()) {
      metrics->samples_stored.Set(static_cast<double>(*samples));
    }
    std::map<std::string, std::pair<metrics::Family<metrics::Gauge>*, metrics::Labels>> running;
    for (const v1::Job& job : jobs->Running()) {
      const TrainingKind* kind = KindOfJob(job);
      if (kind == nullptr) continue;
      auto& [family, labels] = running[job.id()];
      family = &metrics->JobProgress(kind->names.model_kind);
      labels = {{"job", job.id()},
                {std::string(kind->names.model_field), RequestedModel(*kind, job)}};
      family->Add(labels).Set(job.progress().ratio());
      metrics->job_loss.Add({{"job", job.id()}, {"split", "train"}})
          .Set(job.progress().train_loss());
      metrics->job_loss.Add({{"job", job.id()}, {"split", "validation"}})
          .Set(job.progress().validation_loss());
    }
    for (const auto& [id, series] : job_series) {
      if (running.count(id) > 0) continue;
      for (const char* split : {"train", "validation"}) {
        if (metrics->job_loss.Has({{"job", id}, {"split", split}})) {
          metrics->job_loss.Remove(&metrics->job_loss.Add({{"job", id}, {"split", split}}));
        }
      }
      const auto& [family, labels] = series;
      if (family->Has(labels)) family->Remove(&family->Add(labels));
    }
    job_series = std::move(running);
  }
};

namespace {

// The options' authentication, with the defaults filled in: without a token file, anonymous
// callers are admin on loopback, and beyond loopback the server must be told explicitly.
absl::StatusOr<AuthPolicy> ResolveAuthPolicy(const LatentdOptions& options) {
  AuthPolicy policy{options.tokens_file, options.anonymous_role};
  if (policy.tokens_path.empty() && !policy.anonymous_role) {
    if (!IsLoopbackAddress(options.listen)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "latentd would listen on ", options.listen,
          ", beyond loopback, without authentication: give it a token file (--tokens FILE; "
          "latentd --add-token NAME --role ROLE --tokens FILE makes one), or allow anonymous "
          "callers explicitly (--anonymous-role reader|trainer|admin)"));
    }
    policy.anonymous_role = Role::kAdmin;
  }
  return policy;
}

// One line for the log: how callers are authenticated and the transport.
std::string DescribeAccess(const LatentdOptions& options, const Authenticator& authenticator) {
  const AuthPolicy& policy = authenticator.policy();
  std::string line = policy.tokens_path.empty() ? "no token file"
                                                : absl::StrCat(authenticator.tokens(),
                                                               " tokens from ", policy.tokens_path);
  absl::StrAppend(&line, "; anonymous callers: ",
                  policy.anonymous_role ? RoleName(*policy.anonymous_role) : "refused");
  absl::StrAppend(&line, "; ",
                  !UsesTls(options.tls)           ? "plaintext"
                  : options.tls.client_ca.empty() ? "TLS"
                                                  : "mutual TLS (client certificates required)");
  return line;
}

// Logs a job's progress at every tenth of its epochs and its end (the demo training's log).
void LogProgress(JobManager& jobs, const std::string& id) {
  auto last_logged = std::make_shared<int64_t>(0);
  (void)jobs.Watch(id, [id, last_logged](const v1::Job& job) {
    const v1::JobProgress& p = job.progress();
    const int64_t step = std::max<int64_t>(1, p.epochs() / 10);
    // Counts on through the initialisations (each restarts at epoch 1).
    const int64_t epoch = p.initialisation() * p.epochs() + p.epoch();
    if (job.state() == v1::JOB_STATE_RUNNING && p.step() == p.steps_per_epoch() &&
        epoch >= *last_logged + step) {
      *last_logged = epoch;
      LOG(INFO) << "job " << id << ": initialisation " << p.initialisation() + 1 << "/"
                << p.initialisations() << ", epoch " << p.epoch() << "/" << p.epochs()
                << ", train loss " << p.train_loss() << ", validation loss " << p.validation_loss()
                << ", " << static_cast<int64_t>(p.sets_per_second()) << " sets/s, ETA "
                << static_cast<int64_t>(p.eta_seconds()) << " s";
    }
  });
}

}  // namespace

Latentd::Latentd(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Latentd::~Latentd() { Shutdown(); }

const std::string& Latentd::grpc_address() const { return parts_->grpc_address; }
const std::string& Latentd::metrics_address() const { return parts_->metrics_address; }

absl::StatusOr<std::unique_ptr<Latentd>> Latentd::Start(const LatentdOptions& options) {
  // Before anything runs an encoder: the same threads for inference as for training.
  ConfigureCpuThreads(options.threads);
  auto parts = std::make_unique<Parts>();
  Parts& p = *parts;
  p.options = options;
  p.metrics = std::make_unique<ServerMetrics>(p.registry);
  metrics::RegisterProcessMetrics(p.registry);
  metrics::RegisterBuildInfo(p.registry);

  // Access before anything touches the data directory: a mistake there changes nothing.
  LATENT_ASSIGN_OR_RETURN(AuthPolicy policy, ResolveAuthPolicy(options));
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<Authenticator> authenticator,
                          Authenticator::Create(std::move(policy)));
  p.authenticator = std::move(authenticator);
  p.metrics->tokens_loaded.Set(p.authenticator->tokens());
  LATENT_ASSIGN_OR_RETURN(std::shared_ptr<grpc::ServerCredentials> credentials,
                          MakeServerCredentials(options.tls));
  if (!UsesTls(options.tls) && !options.tokens_file.empty() && !IsLoopbackAddress(options.listen)) {
    LOG(WARNING) << "bearer tokens travel in plaintext beyond loopback: give latentd a TLS "
                    "certificate (--tls-cert, --tls-key) or put it behind a TLS proxy";
  }
  p.gate = std::make_unique<CallGate>(
      p.authenticator.get(),
      CallGateOptions{options.rate_limit, options.rate_burst, options.max_concurrent_streams},
      &p.metrics->streams_open);
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                          store::Store::Open(options.data_dir));
  p.store = std::move(store);
  LOG(INFO) << "store " << options.data_dir << ": " << p.store->recovery_report().ToString();

  p.encoders = std::make_unique<EncoderRegistry>(
      p.store.get(), options.device, options.max_loaded_encoders,
      [&p](int loaded) { p.metrics->encoders_loaded.Set(loaded); });
  p.detectors = std::make_unique<DetectorRegistry>(
      p.store.get(), options.device, options.max_loaded_encoders,
      [&p](int loaded) { p.metrics->detectors_loaded.Set(loaded); });
  // Checkpoints in the making; what a crash left there is of no use.
  const std::string scratch_dir = options.data_dir + "/scratch";
  std::error_code error;
  std::filesystem::remove_all(scratch_dir, error);
  if (!std::filesystem::create_directories(scratch_dir, error) && error) {
    return absl::UnavailableError(
        absl::StrCat("cannot create ", scratch_dir, ": ", error.message()));
  }
  const TrainingRunnerOptions runner_options{options.device, options.threads, scratch_dir};
  store::Store* store_ptr = p.store.get();
  JobRunner runner = [store_ptr, runner_options](
                         const v1::Job& job, const TrainingProgressCallback& progress,
                         const CancellationToken& cancel) -> absl::StatusOr<store::ModelRecord> {
    const TrainingKind* kind = KindOfJob(job);
    if (kind == nullptr) {
      return absl::InternalError(absl::StrCat("job ", job.id(), " has no training kind"));
    }
    return kind->run(*store_ptr, job.id(), JobRequest(*kind, job), runner_options, progress,
                     cancel);
  };
  const std::vector<ModelRegistry*> registries = {p.encoders.get(), p.detectors.get()};
  p.jobs = std::make_unique<JobManager>(
      p.store.get(), std::move(runner),
      JobManagerOptions{options.max_concurrent_jobs, options.max_queued_jobs},
      [registries](const v1::Job& job) {
        LOG(INFO) << "job " << job.id() << " " << v1::JobState_Name(job.state())
                  << (job.error().empty() ? "" : ": " + job.error());
        const TrainingKind* kind = KindOfJob(job);
        if (job.state() != v1::JOB_STATE_SUCCEEDED || kind == nullptr) return;
        // Loads the new model at once, so that its first use is fast.
        const auto [name, version] = TrainedModel(*kind, job);
        for (ModelRegistry* registry : registries) {
          if (registry->kind() != kind->names.model_kind) continue;
          if (absl::Status loaded = registry->Load(name, version); !loaded.ok()) {
            LOG(WARNING) << "loading " << kind->names.model_field << " " << name << ": " << loaded;
          }
        }
      });
  p.registry.AddCollectable([&p] { p.RefreshGauges(); });

  CallGate* gate = p.gate.get();
  p.samples_service =
      std::make_unique<SampleServiceImpl>(gate, p.store.get(), options.max_events_per_sample);
  p.job_service = std::make_unique<JobServiceImpl>(gate, p.store.get(), p.jobs.get());
  p.encoder_service = std::make_unique<EncoderServiceImpl>(gate, p.encoders.get());
  p.embedding_service = std::make_unique<EmbeddingServiceImpl>(
      gate, p.encoders.get(), p.metrics.get(), options.max_events_per_request);
  p.proximity_service = std::make_unique<ProximityServiceImpl>(
      gate, p.store.get(), p.encoders.get(), options.max_events_per_request);
  p.detector_service = std::make_unique<DetectorServiceImpl>(gate, p.store.get(), p.detectors.get(),
                                                             p.encoders.get(), p.metrics.get(),
                                                             options.max_events_per_request);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options.listen, credentials, &port);
  builder.SetMaxReceiveMessageSize(options.max_message_mb * 1024 * 1024);
  builder.SetMaxSendMessageSize(options.max_message_mb * 1024 * 1024);
  builder.RegisterService(p.samples_service.get());
  builder.RegisterService(p.job_service.get());
  builder.RegisterService(p.encoder_service.get());
  builder.RegisterService(p.embedding_service.get());
  builder.RegisterService(p.proximity_service.get());
  builder.RegisterService(p.detector_service.get());
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<RpcMetricsInterceptorFactory>(p.metrics.get()));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  p.grpc_server = builder.BuildAndStart();
  if (p.grpc_server == nullptr || port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen, " (in use, or not a local address)"));
  }
  p.grpc_address = absl::StrCat(options.listen.substr(0, options.listen.rfind(':')), ":", port);
  // Health by service name too, so probes can ask for the service they use.
  for (const char* service :
       {"latentspace.v1.SampleService", "latentspace.v1.JobService",
        "latentspace.v1.EncoderService", "latentspace.v1.EmbeddingService",
        "latentspace.v1.ProximityService", "latentspace.v1.DetectorService"}) {
    p.grpc_server->GetHealthCheckService()->SetServingStatus(service, true);
  }

  p.metrics_server =
      std::make_unique<metrics::MetricsHttpServer>(p.registry, options.metrics_listen);
  if (absl::Status status = p.metrics_server->Start(); !status.ok()) {
    p.grpc_server->Shutdown();
    return status;
  }
  p.metrics_address = p.metrics_server->bound_address();

  LATENT_RETURN_IF_ERROR(p.jobs->Start());
  if (!options.demo_samples.empty()) {
    absl::StatusOr<DemoReport> demo =
        BootstrapDemo(options.demo_samples, options.demo_encoder, *p.store, *p.jobs);
    if (!demo.ok()) {
      LOG(ERROR) << "demo bootstrap: " << demo.status();
    } else {
      LOG(INFO) << "demo: " << demo->samples_imported << " bundled samples imported"
                << (demo->job_id.empty()
                        ? ""
                        : "; training encoder '" + options.demo_encoder + "' as " + demo->job_id);
      if (!demo->job_id.empty()) LogProgress(*p.jobs, demo->job_id);
    }
  }
  LOG(INFO) << "latentd serving gRPC on " << p.grpc_address << " ("
            << DescribeAccess(options, *p.authenticator) << "), metrics on http://"
            << p.metrics_address << "/metrics";
  return std::unique_ptr<Latentd>(new Latentd(std::move(parts)));
}

absl::Status Latentd::ReloadTokens() {
  Parts& p = *parts_;
  absl::Status status = p.authenticator->Reload();
  p.metrics->token_reloads.Add({{"result", status.ok() ? "ok" : "error"}}).Increment();
  p.metrics->tokens_loaded.Set(p.authenticator->tokens());
  return status;
}

void Latentd::Shutdown(double grace_seconds) {
  Parts& p = *parts_;
  if (p.stopped) return;
  p.stopped = true;
  LOG(INFO) << "latentd shutting down";
  if (grpc::HealthCheckServiceInterface* health = p.grpc_server->GetHealthCheckService()) {
    health->Shutdown();
  }
  p.jobs->Shutdown();
  p.grpc_server->Shutdown(std::chrono::system_clock::now() +
                          std::chrono::milliseconds(static_cast<int64_t>(grace_seconds * 1000)));
  p.metrics_server->Stop();
}

}  // namespace latentspace::server
