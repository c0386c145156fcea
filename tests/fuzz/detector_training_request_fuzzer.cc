// libFuzzer target: JobService.SubmitDetectorTraining's request from bytes
// (DetectorTrainingRequest), normalised (NormalizeDetectorTrainingRequest). Refusals are
// INVALID_ARGUMENT; an accepted request has valid names, a signal where its kind needs one and
// never the reference's, a known kind, preset and policy, numbers in their documented ranges,
// normalises to itself again, and translates into options the detector trainer accepts.
#include <cstddef>
#include <cstdint>

#include "core/features/preset.h"
#include "core/nn/detector_training.h"
#include "core/nn/detector_types.h"
#include "core/nn/training_types.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/util/message_differencer.h"
#include "latentspace/v1/detector_service.pb.h"
#include "server/jobs/detector_training_request.h"
#include "server/store/name_validation.h"
#include "tests/fuzz/fuzz_support.h"

namespace latentspace::fuzz {
namespace {

void CheckAccepted(const v1::DetectorTrainingRequest& request) {
  Require(store::ValidateName("detector name", request.detector()).ok(),
          "the detector name is valid");
  Require(store::ValidateName("sample name", request.reference()).ok(),
          "the reference name is valid");
  absl::StatusOr<DetectorKind> kind = ParseDetectorKind(request.kind());
  Require(kind.ok(), "the kind is known", request.kind());
  if (request.signal().empty()) {
    Require(!DetectorNeedsSignal(*kind), "a kind that needs a signal has one", request.kind());
  } else {
    Require(store::ValidateName("sample name", request.signal()).ok(), "the signal name is valid");
    Require(request.signal() != request.reference(), "the signal is not the reference");
  }
  Require(FeaturePreset::Get(request.preset()).ok(), "the preset is known", request.preset());
  Require(ParseMissingJetPolicy(request.missing_jets()).ok(), "the policy is known",
          request.missing_jets());
  Require(request.epochs() >= 1 && request.epochs() <= 10000, "epochs in 1..10000");
  Require(request.batch_size() >= 2 && request.batch_size() <= 65536, "batch_size in 2..65536");
  Require(request.learning_rate() > 0 && request.learning_rate() <= 1, "learning_rate in (0, 1]");
  Require(request.patience() >= -1 && request.patience() != 0, "patience -1 or 1..");
  Require(request.validation_fraction() > 0 && request.validation_fraction() <= 0.9,
          "validation_fraction in (0, 0.9]");
  Require(request.latent_dim() >= 1 && request.latent_dim() <= 64, "latent_dim in 1..64");
  Require(request.kl_weight() > 0 && request.kl_weight() <= 100, "kl_weight in (0, 100]");
  Require(request.significance_keep() > 0 && request.significance_keep() < 1,
          "significance_keep in (0, 1)");
  Require(request.max_events_per_sample() >= 0, "max_events_per_sample >= 0");

  absl::StatusOr<v1::DetectorTrainingRequest> again =
      server::NormalizeDetectorTrainingRequest(request);
  Require(again.ok() && google::protobuf::util::MessageDifferencer::Equals(*again, request),
          "a normalised request normalises to itself");
  const DetectorTrainingOptions options =
      server::DetectorOptionsFromRequest(request, DeviceChoice::kCpu, 1);
  const absl::Status architecture = ValidateDetectorArchitecture(options.architecture);
  Require(architecture.ok(), "the architecture is accepted", architecture.ToString());
  const absl::Status trainer = ValidateDetectorTrainerConfig(options.trainer);
  Require(trainer.ok(), "the trainer accepts the request's configuration", trainer.ToString());
  Require(options.kind == *kind && options.preset == request.preset() &&
              options.validation_fraction == request.validation_fraction(),
          "the options are the request's");
}

void Run(const uint8_t* data, size_t size) {
  const google::protobuf::LogSilencer quiet;  // about bytes gRPC would refuse anyway
  v1::DetectorTrainingRequest request;
  if (!request.ParseFromArray(data, static_cast<int>(size))) return;
  absl::StatusOr<v1::DetectorTrainingRequest> normalized =
      server::NormalizeDetectorTrainingRequest(request);
  if (!normalized.ok()) {
    RequireInvalidArgument(normalized.status(), "a bad request is INVALID_ARGUMENT");
    return;
  }
  CheckAccepted(*normalized);
}

}  // namespace
}  // namespace latentspace::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  latentspace::fuzz::Run(data, size);
  return 0;
}
