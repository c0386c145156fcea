// ProximityService: nearest known models, contours, feature maps and model distances.
#include "server/proximity_service.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/analysis/pairwise_classifier.h"
#include "server/batch_embedding.h"
#include "server/encoder_service.h"
#include "server/latent_proto.h"
#include "server/unary_reactor.h"

namespace latentspace::server {
namespace {

constexpr int kDefaultGridSize = 256;
constexpr int kDefaultBins = 32;

absl::StatusOr<BatchEmbedding> EmbedQuerySample(const LoadedEncoder& encoder, store::Store& store,
                                                const v1::QueryNearestRequest& request,
                                                int64_t max_events,
                                                grpc::CallbackServerContext* context) {
  switch (request.sample_case()) {
    case v1::QueryNearestRequest::kSampleName:
      return EmbedStoredSample(encoder, store, request.sample_name(),
                               [context] { return context->IsCancelled(); });
    case v1::QueryNearestRequest::kEvents:
      return EmbedBatch(encoder, request.events(), max_events);
    default:
      return absl::InvalidArgumentError("no sample: give sample_name or events");
  }
}

// The request's prior as one weight per known model (1 for a model it leaves out); empty when it
// gives none. INVALID_ARGUMENT for a name that is not a known model (weights are checked by the
// ranking).
absl::StatusOr<std::vector<double>> PriorWeights(const v1::QueryNearestRequest& request,
                                                 const KnownModelSpace& space) {
  if (request.prior().empty()) return std::vector<double>{};
  std::vector<double> weights(space.names().size(), 1.0);
  for (const auto& [model, weight] : request.prior()) {
    const auto found = std::find(space.names().begin(), space.names().end(), model);
    if (found == space.names().end()) {
      return absl::InvalidArgumentError(absl::StrCat("field 'prior' names '",
                                                     absl::CHexEscape(model),
                                                     "', which is not a known model of the "
                                                     "encoder"));
    }
    weights[found - space.names().begin()] = weight;
  }
  return weights;
}

void SetFit(const FitTest& fit, const std::string& model, v1::GoodnessOfFit* out) {
  out->set_model(model);
  out->set_statistic(fit.statistic);
  out->set_reference_statistic(fit.reference_statistic);
  out->set_p_value(fit.p_value);
  out->set_reference_sets(fit.reference_sets);
  out->set_permutations(fit.permutations);
}

// The inference's Delta chi2 map, as the API carries it.
void SetParameterLikelihood(const ParameterLikelihoodMap& map, v1::ParameterLikelihood* out) {
  out->mutable_parameters()->Add(map.names.begin(), map.names.end());
  out->mutable_low()->Add(map.low.begin(), map.low.end());
  out->mutable_high()->Add(map.high.begin(), map.high.end());
  out->set_nodes(map.nodes);
  out->mutable_delta_chi2()->Add(map.delta_chi2.begin(), map.delta_chi2.end());
}

// The separation recorded at training: the confusion matrices, the classifier matrix and its rank
// correlation with the centroid distances.
void SetSeparation(const ModelSeparation& separation, const ModelDistances& distances,
                   v1::GetDistanceMatrixResponse* response) {
  for (const std::vector<int64_t>& row : separation.validation_confusion) {
    response->mutable_validation_confusion()->Add(row.begin(), row.end());
  }
  for (const std::vector<int64_t>& row : separation.test_confusion) {
    response->mutable_test_confusion()->Add(row.begin(), row.end());
  }
  for (const std::vector<double>& row : separation.classifier_accuracy) {
    response->mutable_classifier_accuracy()->Add(row.begin(), row.end());
  }
  response->set_classifier_k(separation.classifier_k);
  absl::StatusOr<double> spearman = absl::FailedPreconditionError("no classifier matrix");
  if (!separation.classifier_accuracy.empty()) {
    spearman = UpperTriangleSpearman(separation.classifier_accuracy, distances.centroid);
  }
  response->set_classifier_centroid_spearman(spearman.ok() ? *spearman : std::nan(""));
}

}  // namespace

grpc::ServerUnaryReactor* ProximityServiceImpl::QueryNearest(grpc::CallbackServerContext* context,
                                                             const v1::QueryNearestRequest* request,
                                                             v1::QueryNearestResponse* response) {
  return FinishUnary(context, *gate_, "ProximityService.QueryNearest", [&]() -> absl::Status {
    absl::StatusOr<std::shared_ptr<const LoadedEncoder>> encoder =
        ResolveEncoder(*encoders_, request->encoder());
    if (!encoder.ok()) return encoder.status();
    absl::StatusOr<std::vector<double>> prior = PriorWeights(*request, (*encoder)->space);
    if (!prior.ok()) return prior.status();
    if (absl::Status nodes = CheckMapNodes(request->parameter_likelihood_nodes()); !nodes.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("parameter_likelihood_nodes: ", nodes.message()));
    }
    absl::StatusOr<BatchEmbedding> sample =
        EmbedQuerySample(**encoder, *store_, *request, max_events_per_request_, context);
    if (!sample.ok()) return sample.status();
    const std::vector<LatentPoint>& points = sample->embedding.points;
    if (points.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the sample gives no set: ", sample->counts.accepted, " events passed preset '",
          (*encoder)->encoder->preset().name(), "' (", sample->counts.skipped(),
          " skipped), fewer than the ", (*encoder)->encoder->metadata().k, " events of one set"));
    }
    ParameterInferenceOptions inference;
    inference.map_nodes = request->parameter_likelihood_nodes();
    absl::StatusOr<NearestModels> nearest = (*encoder)->space.Nearest(points, *prior, inference);
    if (!nearest.ok()) return nearest.status();
    response->set_encoder((*encoder)->record.name);
    response->set_encoder_version((*encoder)->record.version);
    const std::vector<ModelPoints>& models = (*encoder)->space.models();
    for (const ModelProximity& match : nearest->ranking) {
      v1::ModelMatch* out = response->add_ranking();
      out->set_model(match.name);
      out->set_log_likelihood(match.log_likelihood);
      out->set_mean_log_likelihood(match.mean_log_likelihood);
      out->set_posterior(match.posterior);
      out->set_distance(match.centroid_distance);
      out->set_fraction(match.win_share);
      const auto& parameters = models[match.model].parameters;
      out->mutable_parameters()->insert(parameters.begin(), parameters.end());
      out->set_family(models[match.model].family);
    }
    if (nearest->fit.has_value()) {
      SetFit(*nearest->fit, nearest->ranking.front().name, response->mutable_fit());
    }
    response->set_fit_note(nearest->fit_note);
    response->set_inference_note(nearest->inference_note);
    for (const std::string& model : nearest->family_models) response->add_family_models(model);
    for (const ParameterEstimate& estimate : nearest->inferred) {
      v1::InferredParameter* out = response->add_inferred();
      out->set_name(estimate.name);
      out->set_value(estimate.value);
      out->set_uncertainty(estimate.uncertainty);
      out->set_models(estimate.models);
      out->set_statistical(estimate.statistical);
      out->set_interpolation(estimate.interpolation);
      out->set_extrapolated(estimate.extrapolated);
      out->set_note(estimate.status.ok() ? estimate.note : std::string(estimate.status.message()));
    }
    if (!nearest->likelihood_map.names.empty()) {
      SetParameterLikelihood(nearest->likelihood_map, response->mutable_parameter_likelihood());
    }
    for (const LatentPoint& p : points) SetLatentPoint(p, response->add_points());
    response->set_sets(static_cast<int64_t>(points.size()));
    response->set_skipped_events(sample->counts.skipped());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ProximityServiceImpl::GetContours(grpc::CallbackServerContext* context,
                                                            const v1::GetContoursRequest* request,
                                                            v1::GetContoursResponse* response) {
  return FinishUnary(context, *gate_, "ProximityService.GetContours", [&]() -> absl::Status {
    absl::StatusOr<std::shared_ptr<const LoadedEncoder>> encoder =
        ResolveEncoder(*encoders_, request->encoder());
    if (!encoder.ok()) return encoder.status();
    std::vector<double> masses(request->masses().begin(), request->masses().end());
    if (masses.empty()) masses = {0.5};
    const int grid = request->grid_size() == 0 ? kDefaultGridSize : request->grid_size();
    const KnownModelSpace& space = (*encoder)->space;
    absl::StatusOr<ContourSet> contours = space.Contours(masses, grid);
    if (!contours.ok()) return contours.status();
    response->set_encoder((*encoder)->record.name);
    response->set_encoder_version((*encoder)->record.version);
    ContourSetToProto(*contours, space.names(), response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ProximityServiceImpl::GetFeatureMap(
    grpc::CallbackServerContext* context, const v1::GetFeatureMapRequest* request,
    v1::GetFeatureMapResponse* response) {
  return FinishUnary(context, *gate_, "ProximityService.GetFeatureMap", [&]() -> absl::Status {
    absl::StatusOr<std::shared_ptr<const LoadedEncoder>> encoder =
        ResolveEncoder(*encoders_, request->encoder());
    if (!encoder.ok()) return encoder.status();
    const int bins = request->bins() == 0 ? kDefaultBins : request->bins();
    absl::StatusOr<FeatureMap> map = (*encoder)->space.MapFeature(request->feature(), bins);
    if (!map.ok()) return map.status();
    response->set_encoder((*encoder)->record.name);
    response->set_encoder_version((*encoder)->record.version);
    response->set_feature(request->feature());
    response->set_nx(map->range.nx);
    response->set_ny(map->range.ny);
    response->set_x_min(map->range.x_min);
    response->set_x_max(map->range.x_max);
    response->set_y_min(map->range.y_min);
    response->set_y_max(map->range.y_max);
    response->mutable_mean()->Add(map->mean.begin(), map->mean.end());
    response->mutable_count()->Add(map->count.begin(), map->count.end());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ProximityServiceImpl::GetDistanceMatrix(
    grpc::CallbackServerContext* context, const v1::GetDistanceMatrixRequest* request,
    v1::GetDistanceMatrixResponse* response) {
  return FinishUnary(context, *gate_, "ProximityService.GetDistanceMatrix", [&]() -> absl::Status {
    absl::StatusOr<std::shared_ptr<const LoadedEncoder>> encoder =
        ResolveEncoder(*encoders_, request->encoder());
    if (!encoder.ok()) return encoder.status();
    absl::StatusOr<ModelDistances> distances = (*encoder)->space.Distances();
    if (!distances.ok()) return distances.status();
    response->set_encoder((*encoder)->record.name);
    response->set_encoder_version((*encoder)->record.version);
    for (const std::string& name : distances->names) response->add_models(name);
    for (size_t a = 0; a < distances->names.size(); ++a) {
      response->mutable_centroid()->Add(distances->centroid[a].begin(),
                                        distances->centroid[a].end());
      response->mutable_sliced_wasserstein()->Add(distances->sliced_wasserstein[a].begin(),
                                                  distances->sliced_wasserstein[a].end());
    }
    SetSeparation((*encoder)->encoder->metadata().separation, *distances, response);
    return absl::OkStatus();
  });
}

}  // namespace latentspace::server
