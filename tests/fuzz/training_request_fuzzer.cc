// libFuzzer target: JobService.SubmitTraining's request from bytes (TrainingRequest), normalised
// (NormalizeTrainingRequest). Refusals are INVALID_ARGUMENT; an accepted request has valid names,
// known preset, variant and policy, numbers in their documented ranges, normalises to itself
// again, and translates into options the trainer accepts.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "core/features/preset.h"
#include "core/nn/encoder_training.h"
#include "core/nn/training_types.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/util/message_differencer.h"
#include "latentspace/v1/job_service.pb.h"
#include "server/jobs/encoder_training_request.h"
#include "server/store/name_validation.h"
#include "tests/fuzz/fuzz_support.h"

namespace latentspace::fuzz {
namespace {

void CheckAccepted(const v1::TrainingRequest& request) {
  Require(store::ValidateName("encoder name", request.encoder()).ok(), "the encoder name is valid");
  Require(request.samples_size() >= 2, "at least two samples");
  std::set<std::string> samples;
  for (const std::string& sample : request.samples()) {
    Require(store::ValidateName("sample name", sample).ok(), "sample names are valid", sample);
    Require(samples.insert(sample).second, "samples do not repeat", sample);
  }
  Require(FeaturePreset::Get(request.preset()).ok(), "the preset is known", request.preset());
  Require(ParseModelVariant(request.variant()).ok(), "the variant is known", request.variant());
  Require(ParseMissingJetPolicy(request.missing_jets()).ok(), "the policy is known",
          request.missing_jets());
  Require(request.epochs() >= 1 && request.epochs() <= 10000, "epochs in 1..10000");
  Require(request.batch_size() >= 2 && request.batch_size() <= 65536, "batch_size in 2..65536");
  Require(request.learning_rate() > 0 && request.learning_rate() <= 1, "learning_rate in (0, 1]");
  Require(request.patience() >= -1 && request.patience() != 0, "patience -1 or 1..");
  Require(request.events_per_set() >= 1 && request.events_per_set() <= 1000,
          "events_per_set in 1..1000");
  Require(request.validation_fraction() > 0 && request.validation_fraction() <= 0.9,
          "validation_fraction in (0, 0.9]");
  Require(request.test_fraction() > 0 && request.test_fraction() <= 0.5 &&
              request.validation_fraction() + request.test_fraction() <= 0.9,
          "test_fraction in (0, 0.5], with validation_fraction at most 0.9");
  Require(request.final_learning_rate_fraction() > 0 && request.final_learning_rate_fraction() <= 1,
          "final_learning_rate_fraction in (0, 1]");
  Require(request.initialisations() >= 1 && request.initialisations() <= 16,
          "initialisations in 1..16");
  Require(request.max_events_per_sample() >= 0, "max_events_per_sample >= 0");

  absl::StatusOr<v1::TrainingRequest> again = server::NormalizeTrainingRequest(request);
  Require(again.ok() && google::protobuf::util::MessageDifferencer::Equals(*again, request),
          "a normalised request normalises to itself");
  const EncoderTrainingOptions options =
      server::TrainingOptionsFromRequest(request, DeviceChoice::kCpu, 1);
  const absl::Status trainer = ValidateTrainerConfig(options.trainer);
  Require(trainer.ok(), "the trainer accepts the request's configuration", trainer.ToString());
  Require(options.preset == request.preset() && options.k == request.events_per_set() &&
              options.validation_fraction == request.validation_fraction() &&
              options.test_fraction == request.test_fraction(),
          "the options are the request's");
}

void Run(const uint8_t* data, size_t size) {
  const google::protobuf::LogSilencer quiet;  // about bytes gRPC would refuse anyway
  v1::TrainingRequest request;
  if (!request.ParseFromArray(data, static_cast<int>(size))) return;
  absl::StatusOr<v1::TrainingRequest> normalized = server::NormalizeTrainingRequest(request);
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
