// Embedding events and querying the known-model space of an encoder.
#include "server/handlers/encoder_queries.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/analysis/pairwise_classifier.h"
#include "core/status_macros.h"
#include "server/handlers/latent_proto.h"
#include "server/handlers/query_levels.h"
#include "server/models/batch_embedding.h"

namespace latentspace::server::handlers {
namespace {

constexpr int kDefaultGridSize = 256;
constexpr int kDefaultBins = 32;

// Every answer names the encoder version that gave it.
template <typename Response>
void SetEncoder(const LoadedEncoder& encoder, Response* out) {
  out->set_encoder(encoder.record.name);
  out->set_encoder_version(encoder.record.version);
}

// Sets embedded beforehand, checked: at least one, at most `max_points`, each finite.
absl::StatusOr<BatchEmbedding> PointsOf(const v1::LatentPoints& points, int64_t max_points) {
  if (points.points().empty()) {
    return absl::InvalidArgumentError("points: none; a query needs at least one set");
  }
  if (points.points_size() > max_points) {
    return absl::ResourceExhaustedError(
        absl::StrCat("points: ", points.points_size(), " sets; at most ", max_points,
                     " per request (the server's --max-events-per-request)"));
  }
  BatchEmbedding result;
  result.embedding.points.reserve(points.points_size());
  for (int i = 0; i < points.points_size(); ++i) {
    const v1::LatentPoint& p = points.points(i);
    if (!std::isfinite(p.x()) || !std::isfinite(p.y())) {
      return absl::InvalidArgumentError(
          absl::StrCat("points: point ", i, " (", p.x(), ", ", p.y(), ") is not finite"));
    }
    result.embedding.points.push_back({p.x(), p.y()});
  }
  return result;
}

absl::StatusOr<BatchEmbedding> EmbedQuerySample(const LoadedEncoder& encoder, store::Store& store,
                                                const v1::QueryNearestRequest& request,
                                                int64_t max_events,
                                                const std::function<bool()>& cancelled) {
  switch (request.sample_case()) {
    case v1::QueryNearestRequest::kSampleName:
      return EmbedStoredSample(encoder, store, request.sample_name(), cancelled);
    case v1::QueryNearestRequest::kEvents:
      return EmbedBatch(encoder, request.events(), max_events);
    case v1::QueryNearestRequest::kPoints:
      return PointsOf(request.points(), max_events);
    default:
      return absl::InvalidArgumentError("no sample: give sample_name, events or points");
  }
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

}  // namespace

absl::StatusOr<v1::EmbedResponse> Embed(EncoderRegistry& encoders, const v1::EmbedRequest& request,
                                        int64_t max_events) {
  LATENT_ASSIGN_OR_RETURN(std::shared_ptr<const LoadedEncoder> encoder,
                          encoders.Resolve(request.encoder()));
  LATENT_ASSIGN_OR_RETURN(BatchEmbedding result, EmbedBatch(*encoder, request.batch(), max_events));
  v1::EmbedResponse response;
  SetEncoder(*encoder, &response);
  response.mutable_points()->Reserve(static_cast<int>(result.embedding.points.size()));
  for (const LatentPoint& p : result.embedding.points) SetLatentPoint(p, response.add_points());
  response.set_accepted_events(result.counts.accepted);
  response.set_skipped_events(result.counts.skipped());
  response.set_leftover_events(result.embedding.leftover_rows);
  return response;
}

absl::StatusOr<NearestQuery> ReadNearestQuery(const KnownModelSpace& space,
                                              const v1::QueryNearestRequest& request) {
  NearestQuery query;
  if (!request.prior().empty()) {
    query.prior.assign(space.names().size(), 1.0);
    for (const auto& [model, weight] : request.prior()) {
      const auto found = std::find(space.names().begin(), space.names().end(), model);
      if (found == space.names().end()) {
        return absl::InvalidArgumentError(absl::StrCat("field 'prior' names '",
                                                       absl::CHexEscape(model),
                                                       "', which is not a known model of the "
                                                       "encoder"));
      }
      query.prior[found - space.names().begin()] = weight;  // checked by the ranking
    }
  }
  if (absl::Status nodes = CheckMapNodes(request.parameter_likelihood_nodes()); !nodes.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("parameter_likelihood_nodes: ", nodes.message()));
  }
  query.inference.map_nodes = request.parameter_likelihood_nodes();
  return query;
}

absl::Status AnswerNearest(const KnownModelSpace& space, const std::vector<LatentPoint>& points,
                           const NearestQuery& query, v1::QueryNearestResponse* out) {
  LATENT_ASSIGN_OR_RETURN(NearestModels nearest,
                          space.Nearest(points, query.prior, query.inference));
  const std::vector<ModelPoints>& models = space.models();
  for (const ModelProximity& match : nearest.ranking) {
    v1::ModelMatch* ranked = out->add_ranking();
    ranked->set_model(match.name);
    ranked->set_log_likelihood(match.log_likelihood);
    ranked->set_mean_log_likelihood(match.mean_log_likelihood);
    ranked->set_posterior(match.posterior);
    ranked->set_distance(match.centroid_distance);
    ranked->set_fraction(match.win_share);
    const auto& parameters = models[match.model].parameters;
    ranked->mutable_parameters()->insert(parameters.begin(), parameters.end());
    ranked->set_family(models[match.model].family);
  }
  if (nearest.fit.has_value()) {
    SetFit(*nearest.fit, nearest.ranking.front().name, out->mutable_fit());
  }
  out->set_fit_note(nearest.fit_note);
  out->set_inference_note(nearest.inference_note);
  for (const std::string& model : nearest.family_models) out->add_family_models(model);
  for (const ParameterEstimate& estimate : nearest.inferred) {
    v1::InferredParameter* inferred = out->add_inferred();
    inferred->set_name(estimate.name);
    inferred->set_value(estimate.value);
    inferred->set_uncertainty(estimate.uncertainty);
    inferred->set_models(estimate.models);
    inferred->set_statistical(estimate.statistical);
    inferred->set_interpolation(estimate.interpolation);
    inferred->set_extrapolated(estimate.extrapolated);
    inferred->set_note(estimate.status.ok() ? estimate.note
                                            : std::string(estimate.status.message()));
  }
  if (!nearest.likelihood_map.names.empty()) {
    SetParameterLikelihood(nearest.likelihood_map, out->mutable_parameter_likelihood());
  }
  for (const LatentPoint& p : points) SetLatentPoint(p, out->add_points());
  out->set_sets(static_cast<int64_t>(points.size()));
  return absl::OkStatus();
}

absl::StatusOr<v1::QueryNearestResponse> QueryNearest(EncoderRegistry& encoders,
                                                      store::Store& store,
                                                      const v1::QueryNearestRequest& request,
                                                      int64_t max_events,
                                                      const std::function<bool()>& cancelled) {
  LATENT_ASSIGN_OR_RETURN(std::shared_ptr<const LoadedEncoder> encoder,
                          encoders.Resolve(request.encoder()));
  LATENT_ASSIGN_OR_RETURN(NearestQuery query, ReadNearestQuery(encoder->space, request));
  LATENT_ASSIGN_OR_RETURN(
      std::string level,
      QueryEventLevel(store, request.sample_name(),
                      request.has_points() ? request.points().level() : request.events().level()));
  LATENT_ASSIGN_OR_RETURN(BatchEmbedding sample,
                          EmbedQuerySample(*encoder, store, request, max_events, cancelled));
  if (sample.embedding.points.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the sample gives no set: ", sample.counts.accepted, " events passed preset '",
        encoder->encoder->preset().name(), "' (", sample.counts.skipped(),
        " skipped), fewer than the ", encoder->encoder->metadata().k, " events of one set"));
  }
  v1::QueryNearestResponse response;
  SetEncoder(*encoder, &response);
  LATENT_RETURN_IF_ERROR(AnswerNearest(encoder->space, sample.embedding.points, query, &response));
  response.set_skipped_events(sample.counts.skipped());
  for (std::string& warning : LevelWarnings(level, EncoderModelLevels(encoder->record))) {
    response.add_warnings(std::move(warning));
  }
  return response;
}

absl::Status AnswerContours(const KnownModelSpace& space, const v1::GetContoursRequest& request,
                            v1::GetContoursResponse* out) {
  const std::vector<double> masses =
      request.masses().empty()
          ? std::vector<double>{0.5}
          : std::vector<double>(request.masses().begin(), request.masses().end());
  const int grid = request.grid_size() == 0 ? kDefaultGridSize : request.grid_size();
  LATENT_ASSIGN_OR_RETURN(ContourSet contours, space.Contours(masses, grid));
  ContourSetToProto(contours, space.names(), out);
  return absl::OkStatus();
}

absl::StatusOr<v1::GetContoursResponse> GetContours(EncoderRegistry& encoders,
                                                    const v1::GetContoursRequest& request) {
  LATENT_ASSIGN_OR_RETURN(std::shared_ptr<const LoadedEncoder> encoder,
                          encoders.Resolve(request.encoder()));
  v1::GetContoursResponse response;
  SetEncoder(*encoder, &response);
  LATENT_RETURN_IF_ERROR(AnswerContours(encoder->space, request, &response));
  return response;
}

absl::Status AnswerFeatureMap(const KnownModelSpace& space, const v1::GetFeatureMapRequest& request,
                              v1::GetFeatureMapResponse* out) {
  const int bins = request.bins() == 0 ? kDefaultBins : request.bins();
  LATENT_ASSIGN_OR_RETURN(FeatureMap map, space.MapFeature(request.feature(), bins));
  out->set_feature(request.feature());
  out->set_nx(map.range.nx);
  out->set_ny(map.range.ny);
  out->set_x_min(map.range.x_min);
  out->set_x_max(map.range.x_max);
  out->set_y_min(map.range.y_min);
  out->set_y_max(map.range.y_max);
  out->mutable_mean()->Add(map.mean.begin(), map.mean.end());
  out->mutable_count()->Add(map.count.begin(), map.count.end());
  return absl::OkStatus();
}

absl::StatusOr<v1::GetFeatureMapResponse> GetFeatureMap(EncoderRegistry& encoders,
                                                        const v1::GetFeatureMapRequest& request) {
  LATENT_ASSIGN_OR_RETURN(std::shared_ptr<const LoadedEncoder> encoder,
                          encoders.Resolve(request.encoder()));
  v1::GetFeatureMapResponse response;
  SetEncoder(*encoder, &response);
  LATENT_RETURN_IF_ERROR(AnswerFeatureMap(encoder->space, request, &response));
  return response;
}

absl::Status AnswerDistances(const KnownModelSpace& space, const ModelSeparation& separation,
                             v1::GetDistanceMatrixResponse* out) {
  LATENT_ASSIGN_OR_RETURN(ModelDistances distances, space.Distances());
  for (const std::string& name : distances.names) out->add_models(name);
  for (size_t a = 0; a < distances.names.size(); ++a) {
    out->mutable_centroid()->Add(distances.centroid[a].begin(), distances.centroid[a].end());
    out->mutable_sliced_wasserstein()->Add(distances.sliced_wasserstein[a].begin(),
                                           distances.sliced_wasserstein[a].end());
  }
  for (const std::vector<int64_t>& row : separation.validation_confusion) {
    out->mutable_validation_confusion()->Add(row.begin(), row.end());
  }
  for (const std::vector<int64_t>& row : separation.test_confusion) {
    out->mutable_test_confusion()->Add(row.begin(), row.end());
  }
  for (const std::vector<double>& row : separation.classifier_accuracy) {
    out->mutable_classifier_accuracy()->Add(row.begin(), row.end());
  }
  out->set_classifier_k(separation.classifier_k);
  absl::StatusOr<double> spearman = absl::FailedPreconditionError("no classifier matrix");
  if (!separation.classifier_accuracy.empty()) {
    spearman = UpperTriangleSpearman(separation.classifier_accuracy, distances.centroid);
  }
  out->set_classifier_centroid_spearman(spearman.ok() ? *spearman : std::nan(""));
  return absl::OkStatus();
}

absl::StatusOr<v1::GetDistanceMatrixResponse> GetDistanceMatrix(
    EncoderRegistry& encoders, const v1::GetDistanceMatrixRequest& request) {
  LATENT_ASSIGN_OR_RETURN(std::shared_ptr<const LoadedEncoder> encoder,
                          encoders.Resolve(request.encoder()));
  v1::GetDistanceMatrixResponse response;
  SetEncoder(*encoder, &response);
  LATENT_RETURN_IF_ERROR(
      AnswerDistances(encoder->space, encoder->encoder->metadata().separation, &response));
  return response;
}

}  // namespace latentspace::server::handlers
