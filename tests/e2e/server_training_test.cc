// End to end: training jobs and everything a trained encoder answers, over real gRPC. Bundled
// samples are uploaded, an encoder is trained while WatchJob streams its progress, and then the
// job, encoder, embedding and proximity services are read back; plus the error paths, cancelling a
// running and a queued job, concurrent watchers and encoder deletion, and a checkpoint write that
// meets a full disk.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <numeric>
#include <set>
#include <thread>

#include "tests/e2e/server_e2e.h"

namespace latentspace::e2e {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kSquark[] = "squark_1800_800";
constexpr char kZprime[] = "zprime_monojet_2000_50";
constexpr char kBackground[] = "background";
constexpr int kK = 10;  // the default events per set
// The squark file's last events are held out of training, to be recognised afterwards.
constexpr size_t kHeldOut = 405;

std::map<std::string, double> ToMap(const google::protobuf::Map<std::string, double>& map) {
  return {map.begin(), map.end()};
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// One feature row of the darkmachines preset: (E, pt, eta, phi) of four jets, then met.
v1::FeatureRow DarkMachinesRow(double scale) {
  v1::FeatureRow row;
  for (double v : {500.0, 400.0, 0.5, 1.0, 300.0, 250.0, -0.3, -2.0, 200.0, 150.0, 1.2, 0.3, 100.0,
                   80.0, -0.8, 2.5, 600.0}) {
    row.add_values(v * scale);
  }
  return row;
}

// An event with a single jet: the darkmachines preset needs four, so it is skipped.
v1::Event OneJetEvent() {
  v1::Event event = BundledEvents(kSquark).front();
  event.mutable_objects()->DeleteSubrange(1, event.objects_size() - 1);
  return event;
}

class ServerTraining : public LatentdTest {
 protected:
  // Uploads a sample of bundled `name`: its first `events` events (all by default).
  void Upload(const std::string& name, size_t events = SIZE_MAX) {
    v1::Sample sample;
    ASSERT_TRUE(IsOk(UploadBundled(api(), name, &sample, events))) << name;
    uploaded_[name] = sample;
  }

  // Two small samples: enough for quick trainings.
  void UploadSmallPair() {
    ASSERT_NO_FATAL_FAILURE(Upload(kSquark, 600));
    ASSERT_NO_FATAL_FAILURE(Upload(kZprime, 600));
  }

  // Submits a training and waits for it to end; the final job.
  v1::Job Train(const v1::TrainingRequest& request) {
    v1::Job job;
    grpc::Status status = api().Submit(request, &job);
    EXPECT_TRUE(IsOk(status));
    if (!status.ok()) return job;
    return api().AwaitJob(job.id(), seconds(120));
  }

  std::map<std::string, v1::Sample> uploaded_;
};

// ---- One trained encoder, every read path.

TEST_F(ServerTraining, TrainWatchThenQueryTheEncoder) {
  ASSERT_TRUE(StartServer());
  const std::vector<v1::Event>& squark = BundledEvents(kSquark);
  ASSERT_GT(squark.size(), kHeldOut + 1000);
  ASSERT_NO_FATAL_FAILURE(Upload(kSquark, squark.size() - kHeldOut));
  ASSERT_NO_FATAL_FAILURE(Upload(kZprime));
  ASSERT_NO_FATAL_FAILURE(Upload(kBackground));
  const std::vector<std::string> models = {kSquark, kZprime, kBackground};
  const std::vector<v1::Event> held_out =
      testing::Slice(squark, squark.size() - kHeldOut, squark.size());

  // Submit returns at once, before any training.
  const Clock::time_point submit_start = Clock::now();
  v1::Job submitted;
  ASSERT_TRUE(IsOk(api().Submit(TrainingRequest("e2e", models, 4), &submitted)));
  const double submit_seconds = Seconds(Clock::now() - submit_start);
  EXPECT_LT(submit_seconds, 2.0);
  EXPECT_THAT(submitted.id(), ::testing::StartsWith("job-"));
  EXPECT_TRUE(submitted.state() == v1::JOB_STATE_QUEUED ||
              submitted.state() == v1::JOB_STATE_RUNNING)
      << v1::JobState_Name(submitted.state());
  EXPECT_GT(submitted.created_unix_ms(), 0);
  EXPECT_EQ(submitted.finished_unix_ms(), 0);
  // The request comes back with the defaults filled in.
  EXPECT_EQ(submitted.request().preset(), "darkmachines");
  EXPECT_EQ(submitted.request().variant(), "contrastive");
  EXPECT_EQ(submitted.request().events_per_set(), kK);
  EXPECT_EQ(submitted.request().epochs(), 4);
  EXPECT_EQ(submitted.request().seed(), 7u);
  EXPECT_GT(submitted.request().batch_size(), 0);
  EXPECT_GT(submitted.request().learning_rate(), 0);
  EXPECT_THAT(submitted.request().samples(), ElementsAre(kSquark, kZprime, kBackground));

  // WatchJob: snapshots with rising progress, ending with the final state.
  grpc::Status watch_status;
  const std::vector<v1::Job> snapshots = api().WatchJob(submitted.id(), &watch_status);
  ASSERT_TRUE(IsOk(watch_status));
  ASSERT_GE(snapshots.size(), 3u) << "the job now, progress reports, the end";
  double ratio = -1;
  std::set<double> ratios;
  for (size_t i = 0; i < snapshots.size(); ++i) {
    const v1::Job& s = snapshots[i];
    EXPECT_EQ(s.id(), submitted.id());
    EXPECT_EQ(IsFinal(s.state()), i + 1 == snapshots.size())
        << "only the last snapshot is final; #" << i << " is " << v1::JobState_Name(s.state());
    EXPECT_GE(s.progress().ratio(), ratio) << "progress never goes back (snapshot " << i << ")";
    EXPECT_LE(s.progress().ratio(), 1.0);
    ratio = s.progress().ratio();
    if (s.state() == v1::JOB_STATE_RUNNING) ratios.insert(s.progress().ratio());
  }
  EXPECT_GE(ratios.size(), 2u) << "several distinct progress reports while RUNNING";
  const v1::Job& done = snapshots.back();
  ASSERT_EQ(done.state(), v1::JOB_STATE_SUCCEEDED) << done.error();
  EXPECT_EQ(done.encoder(), "e2e");
  EXPECT_EQ(done.encoder_version(), 1);
  EXPECT_TRUE(done.error().empty()) << done.error();
  EXPECT_GE(done.started_unix_ms(), done.created_unix_ms());
  EXPECT_GE(done.finished_unix_ms(), done.started_unix_ms());
  EXPECT_GT(done.sets_per_second(), 0);
  EXPECT_DOUBLE_EQ(done.progress().ratio(), 1.0);
  EXPECT_EQ(done.progress().epoch(), 4);
  EXPECT_EQ(done.progress().epochs(), 4);
  EXPECT_TRUE(std::isfinite(done.progress().validation_loss()));

  // GetJob and ListJobs agree with the last snapshot.
  v1::Job got;
  ASSERT_TRUE(IsOk(api().GetJob(submitted.id(), &got)));
  EXPECT_TRUE(ProtoEquals(done, got));
  v1::ListJobsResponse all, succeeded, running, queued;
  ASSERT_TRUE(IsOk(api().ListJobs(v1::JOB_STATE_UNSPECIFIED, &all)));
  ASSERT_TRUE(IsOk(api().ListJobs(v1::JOB_STATE_SUCCEEDED, &succeeded)));
  ASSERT_TRUE(IsOk(api().ListJobs(v1::JOB_STATE_RUNNING, &running)));
  ASSERT_TRUE(IsOk(api().ListJobs(v1::JOB_STATE_QUEUED, &queued)));
  ASSERT_EQ(all.jobs_size(), 1);
  EXPECT_TRUE(ProtoEquals(got, all.jobs(0)));
  ASSERT_EQ(succeeded.jobs_size(), 1);
  EXPECT_TRUE(ProtoEquals(got, succeeded.jobs(0)));
  EXPECT_EQ(running.jobs_size(), 0);
  EXPECT_EQ(queued.jobs_size(), 0);

  // Embed events: the preset's selection, then sets of k in order.
  {
    std::vector<v1::Event> events = held_out;
    events.insert(events.begin() + 100, OneJetEvent());
    events.insert(events.begin() + 200, OneJetEvent());
    events.push_back(OneJetEvent());
    v1::EmbedRequest request;
    request.mutable_encoder()->set_name("e2e");
    *request.mutable_batch() = EventBatchOf(events);
    v1::EmbedResponse embedded;
    ASSERT_TRUE(IsOk(api().Embed(request, &embedded)));
    EXPECT_EQ(embedded.encoder(), "e2e");
    EXPECT_EQ(embedded.encoder_version(), 1);
    EXPECT_EQ(embedded.skipped_events(), 3) << "single-jet events fail the 4-jet preset";
    EXPECT_EQ(embedded.accepted_events(), static_cast<int64_t>(kHeldOut));
    EXPECT_EQ(embedded.accepted_events() + embedded.skipped_events(),
              static_cast<int64_t>(events.size()));
    EXPECT_EQ(embedded.leftover_events(), embedded.accepted_events() % kK);
    EXPECT_EQ(embedded.points_size(), embedded.accepted_events() / kK);
    for (const v1::LatentPoint& p : embedded.points()) {
      EXPECT_TRUE(std::isfinite(p.x()) && std::isfinite(p.y()));
    }
    v1::EmbedResponse again;
    ASSERT_TRUE(IsOk(api().Embed(request, &again)));
    EXPECT_TRUE(ProtoEquals(embedded, again)) << "embedding is deterministic";
  }

  // Embed feature rows: no selection; a row of the wrong width or a non-finite value is named.
  {
    v1::EmbedRequest request;
    request.mutable_encoder()->set_name("e2e");
    for (int r = 0; r < 25; ++r) {
      *request.mutable_batch()->mutable_feature_rows()->add_rows() = DarkMachinesRow(1 + r * 0.01);
    }
    v1::EmbedResponse embedded;
    ASSERT_TRUE(IsOk(api().Embed(request, &embedded)));
    EXPECT_EQ(embedded.accepted_events(), 25);
    EXPECT_EQ(embedded.skipped_events(), 0);
    EXPECT_EQ(embedded.leftover_events(), 5);
    EXPECT_EQ(embedded.points_size(), 2);

    v1::EmbedRequest narrow = request;
    narrow.mutable_batch()->mutable_feature_rows()->mutable_rows(3)->mutable_values()->RemoveLast();
    EXPECT_TRUE(HasStatus(api().Embed(narrow, &embedded), grpc::StatusCode::INVALID_ARGUMENT,
                          {"feature row 3", "16", "17"}));
    v1::EmbedRequest not_finite = request;
    not_finite.mutable_batch()->mutable_feature_rows()->mutable_rows(7)->set_values(
        16, std::numeric_limits<double>::quiet_NaN());
    EXPECT_TRUE(HasStatus(api().Embed(not_finite, &embedded), grpc::StatusCode::INVALID_ARGUMENT,
                          {"feature row 7", "met"}));
    v1::EmbedRequest empty;
    empty.mutable_encoder()->set_name("e2e");
    empty.mutable_batch()->mutable_events();
    EXPECT_TRUE(HasStatus(api().Embed(empty, &embedded), grpc::StatusCode::INVALID_ARGUMENT));
    v1::EmbedRequest bad_event;
    bad_event.mutable_encoder()->set_name("e2e");
    *bad_event.mutable_batch() = EventBatchOf(testing::Slice(held_out, 0, 20));
    bad_event.mutable_batch()->mutable_events()->mutable_events(12)->mutable_objects(0)->set_phi(7);
    EXPECT_TRUE(HasStatus(api().Embed(bad_event, &embedded), grpc::StatusCode::INVALID_ARGUMENT,
                          {"event 12", "phi"}));
  }

  // QueryNearest with held-out squark events: squark first.
  {
    v1::QueryNearestRequest request;
    request.mutable_encoder()->set_name("e2e");
    *request.mutable_events() = EventBatchOf(held_out);
    v1::QueryNearestResponse nearest;
    ASSERT_TRUE(IsOk(api().QueryNearest(request, &nearest)));
    EXPECT_EQ(nearest.encoder(), "e2e");
    EXPECT_EQ(nearest.encoder_version(), 1);
    EXPECT_EQ(nearest.sets(), static_cast<int64_t>(kHeldOut / kK));
    EXPECT_EQ(nearest.points_size(), nearest.sets());
    EXPECT_EQ(nearest.skipped_events(), 0);
    ASSERT_EQ(nearest.ranking_size(), 3);
    EXPECT_EQ(nearest.ranking(0).model(), kSquark) << nearest.DebugString();
    double fractions = 0, posteriors = 0;
    std::set<std::string> ranked;
    for (const v1::ModelMatch& match : nearest.ranking()) {
      SCOPED_TRACE(match.model());
      ranked.insert(match.model());
      fractions += match.fraction();
      posteriors += match.posterior();
      EXPECT_GE(match.fraction(), 0);
      EXPECT_GE(match.distance(), 0);
      EXPECT_NEAR(match.mean_log_likelihood() * nearest.sets(), match.log_likelihood(),
                  1e-6 * std::max(1.0, std::abs(match.log_likelihood())));
      ASSERT_EQ(uploaded_.count(match.model()), 1u);
      EXPECT_EQ(ToMap(match.parameters()), ToMap(uploaded_[match.model()].parameters()));
    }
    EXPECT_EQ(ranked, std::set<std::string>(models.begin(), models.end()));
    EXPECT_NEAR(fractions, 1.0, 1e-9);
    EXPECT_NEAR(posteriors, 1.0, 1e-9);
    EXPECT_GT(nearest.ranking(0).fraction(), 0.5) << nearest.DebugString();
    EXPECT_GT(nearest.ranking(0).posterior(), 0.5) << nearest.DebugString();
    for (int i = 1; i < nearest.ranking_size(); ++i) {
      EXPECT_GE(nearest.ranking(i - 1).posterior(), nearest.ranking(i).posterior())
          << "most probable first";
    }
    // Held-out squark events fit the squark model (its own held-out test sets are the reference).
    ASSERT_TRUE(nearest.has_fit()) << nearest.fit_note();
    EXPECT_EQ(nearest.fit().model(), kSquark);
    EXPECT_GT(nearest.fit().reference_sets(), 0);
    EXPECT_GT(nearest.fit().p_value(), 0.01) << nearest.fit().DebugString();
    // Detector-level events against detector-level models: no warning.
    EXPECT_THAT(nearest.warnings(), ::testing::IsEmpty());
    // Uploaded without a family: nothing is inferred, and the note says why.
    EXPECT_EQ(nearest.inferred_size(), 0);
    EXPECT_THAT(nearest.inference_note(), HasSubstr("has no family label"));
    EXPECT_FALSE(nearest.has_parameter_likelihood()) << "not asked for";
    // Asked for, but nothing to map; and a map of one node per axis is refused.
    request.set_parameter_likelihood_nodes(32);
    ASSERT_TRUE(IsOk(api().QueryNearest(request, &nearest)));
    EXPECT_FALSE(nearest.has_parameter_likelihood());
    request.set_parameter_likelihood_nodes(1);
    v1::QueryNearestResponse refused;
    const grpc::Status one_node = api().QueryNearest(request, &refused);
    EXPECT_EQ(one_node.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(one_node.error_message(),
                HasSubstr("parameter_likelihood_nodes: 1 likelihood-map"));
    request.clear_parameter_likelihood_nodes();

    // The same events said to be truth level: the same answer, with a warning naming the levels;
    // a level outside the enum is refused.
    request.mutable_events()->set_level(v1::EVENT_LEVEL_TRUTH);
    v1::QueryNearestResponse as_truth;
    ASSERT_TRUE(IsOk(api().QueryNearest(request, &as_truth)));
    EXPECT_EQ(as_truth.ranking(0).model(), kSquark);
    ASSERT_EQ(as_truth.warnings_size(), 1);
    EXPECT_THAT(as_truth.warnings(0),
                AllOf(HasSubstr("the query's events are truth level"),
                      HasSubstr("3 of the 3 known models are not: 3 detector level")));
    request.mutable_events()->set_level(static_cast<v1::EventLevel>(7));
    EXPECT_TRUE(HasStatus(api().QueryNearest(request, &refused), grpc::StatusCode::INVALID_ARGUMENT,
                          {"field 'level': 7 is not an EventLevel"}));
    request.mutable_events()->clear_level();

    // The same sets, embedded by Embed, are the query's points.
    v1::EmbedRequest embed;
    embed.mutable_encoder()->set_name("e2e");
    *embed.mutable_batch() = request.events();
    v1::EmbedResponse embedded;
    ASSERT_TRUE(IsOk(api().Embed(embed, &embedded)));
    ASSERT_EQ(embedded.points_size(), nearest.points_size());
    for (int i = 0; i < embedded.points_size(); ++i) {
      EXPECT_DOUBLE_EQ(embedded.points(i).x(), nearest.points(i).x());
      EXPECT_DOUBLE_EQ(embedded.points(i).y(), nearest.points(i).y());
    }

    // Those points as the query: the same answer, but for the events the server did not see.
    v1::QueryNearestRequest by_points = request;
    by_points.mutable_points()->mutable_points()->CopyFrom(embedded.points());
    v1::QueryNearestResponse from_points;
    ASSERT_TRUE(IsOk(api().QueryNearest(by_points, &from_points)));
    nearest.set_skipped_events(0);
    EXPECT_TRUE(ProtoEquals(nearest, from_points)) << from_points.ShortDebugString();
    (*by_points.mutable_points()->mutable_points())[3].set_y(std::nan(""));
    EXPECT_TRUE(HasStatus(api().QueryNearest(by_points, &from_points),
                          grpc::StatusCode::INVALID_ARGUMENT, {"points: point 3", "not finite"}));
    by_points.mutable_points()->clear_points();
    EXPECT_TRUE(HasStatus(api().QueryNearest(by_points, &from_points),
                          grpc::StatusCode::INVALID_ARGUMENT, {"points: none"}));
  }

  // QueryNearest by stored sample name.
  {
    v1::QueryNearestRequest request;
    request.mutable_encoder()->set_name("e2e");
    request.set_sample_name(kZprime);
    v1::QueryNearestResponse nearest;
    ASSERT_TRUE(IsOk(api().QueryNearest(request, &nearest)));
    EXPECT_EQ(nearest.sets(), uploaded_[kZprime].num_events() / kK);
    ASSERT_EQ(nearest.ranking_size(), 3);
    EXPECT_EQ(nearest.ranking(0).model(), kZprime) << nearest.DebugString();
    double fractions = 0;
    for (const v1::ModelMatch& match : nearest.ranking()) fractions += match.fraction();
    EXPECT_NEAR(fractions, 1.0, 1e-9);

    request.set_sample_name("no_such_sample");
    EXPECT_TRUE(HasStatus(api().QueryNearest(request, &nearest), grpc::StatusCode::NOT_FOUND,
                          {"no_such_sample"}));
    request.clear_sample();
    EXPECT_TRUE(HasStatus(api().QueryNearest(request, &nearest), grpc::StatusCode::INVALID_ARGUMENT,
                          {"sample"}));
    *request.mutable_events() = EventBatchOf(testing::Slice(held_out, 0, kK - 1));
    EXPECT_TRUE(HasStatus(api().QueryNearest(request, &nearest), grpc::StatusCode::INVALID_ARGUMENT,
                          {"fewer than"}));
  }

  // Contours: one entry per model and mass, closed, the wider contour at the lower density.
  {
    v1::GetContoursRequest request;
    request.mutable_encoder()->set_name("e2e");
    request.add_masses(0.5);
    request.add_masses(0.9);
    request.set_grid_size(64);
    v1::GetContoursResponse contours;
    ASSERT_TRUE(IsOk(api().GetContours(request, &contours)));
    EXPECT_EQ(contours.encoder(), "e2e");
    ASSERT_EQ(contours.contours_size(), 6) << "3 models x 2 masses";
    EXPECT_LT(contours.x_min(), contours.x_max());
    EXPECT_LT(contours.y_min(), contours.y_max());
    for (int m = 0; m < 3; ++m) {
      SCOPED_TRACE(models[m]);
      const v1::ModelContours& half = contours.contours(2 * m);
      const v1::ModelContours& most = contours.contours(2 * m + 1);
      EXPECT_EQ(half.model(), models[m]);
      EXPECT_EQ(most.model(), models[m]);
      EXPECT_DOUBLE_EQ(half.mass(), 0.5);
      EXPECT_DOUBLE_EQ(most.mass(), 0.9);
      EXPECT_GT(most.level(), 0);
      EXPECT_LT(most.level(), half.level()) << "the 0.9 contour lies at a lower density";
      for (const v1::ModelContours* c : {&half, &most}) {
        ASSERT_GE(c->polylines_size(), 1);
        for (const v1::Polyline& line : c->polylines()) {
          EXPECT_TRUE(line.closed());
          for (const v1::LatentPoint& p : line.points()) {
            EXPECT_GE(p.x(), contours.x_min());
            EXPECT_LE(p.x(), contours.x_max());
            EXPECT_GE(p.y(), contours.y_min());
            EXPECT_LE(p.y(), contours.y_max());
          }
        }
      }
      EXPECT_DOUBLE_EQ(half.centroid().x(), most.centroid().x());
    }
    request.set_masses(1, 1.5);
    EXPECT_TRUE(HasStatus(api().GetContours(request, &contours), grpc::StatusCode::INVALID_ARGUMENT,
                          {"1.5"}));
    request.set_masses(1, 0);
    EXPECT_TRUE(
        HasStatus(api().GetContours(request, &contours), grpc::StatusCode::INVALID_ARGUMENT));
    request.set_masses(1, 0.9);
    request.set_grid_size(8);
    EXPECT_TRUE(HasStatus(api().GetContours(request, &contours), grpc::StatusCode::INVALID_ARGUMENT,
                          {"8"}));
  }

  // Feature map of met: nx * ny bins over the known models' sets.
  {
    v1::GetFeatureMapRequest request;
    request.mutable_encoder()->set_name("e2e");
    request.set_feature("met");
    request.set_bins(16);
    v1::GetFeatureMapResponse map;
    ASSERT_TRUE(IsOk(api().GetFeatureMap(request, &map)));
    EXPECT_EQ(map.feature(), "met");
    EXPECT_EQ(map.nx(), 16);
    EXPECT_EQ(map.ny(), 16);
    ASSERT_EQ(map.mean_size(), map.nx() * map.ny());
    ASSERT_EQ(map.count_size(), map.nx() * map.ny());
    int non_empty = 0;
    int64_t sets = 0;
    for (int i = 0; i < map.mean_size(); ++i) {
      sets += map.count(i);
      if (map.count(i) > 0) {
        ++non_empty;
        EXPECT_TRUE(std::isfinite(map.mean(i)));
        EXPECT_GT(map.mean(i), 0) << "met is positive, GeV";
      } else {
        EXPECT_TRUE(std::isnan(map.mean(i))) << "an empty bin is NaN";
      }
    }
    EXPECT_GE(non_empty, 3);
    EXPECT_GT(sets, 0);

    request.set_feature("nope");
    EXPECT_TRUE(HasStatus(api().GetFeatureMap(request, &map), grpc::StatusCode::INVALID_ARGUMENT,
                          {"nope", "met", "jet1_"}))
        << "the message lists the preset's features";
  }

  // Distances between the known models.
  {
    v1::GetDistanceMatrixRequest request;
    request.mutable_encoder()->set_name("e2e");
    v1::GetDistanceMatrixResponse distances;
    ASSERT_TRUE(IsOk(api().GetDistanceMatrix(request, &distances)));
    EXPECT_THAT(distances.models(), ElementsAre(kSquark, kZprime, kBackground));
    const int n = distances.models_size();
    for (const auto* matrix : {&distances.centroid(), &distances.sliced_wasserstein()}) {
      ASSERT_EQ(matrix->size(), n * n);
      for (int a = 0; a < n; ++a) {
        EXPECT_EQ(matrix->Get(a * n + a), 0) << "zero diagonal";
        for (int b = 0; b < n; ++b) {
          EXPECT_NEAR(matrix->Get(a * n + b), matrix->Get(b * n + a), 1e-9) << "symmetric";
          if (a != b) {
            EXPECT_GT(matrix->Get(a * n + b), 0);
          }
        }
      }
    }
    // What the job recorded about the models' separation.
    ASSERT_EQ(distances.classifier_accuracy_size(), n * n);
    ASSERT_EQ(distances.validation_confusion_size(), n * n);
    EXPECT_EQ(distances.classifier_k(), 15);
    int64_t validation_sets = 0;
    for (int a = 0; a < n; ++a) {
      EXPECT_EQ(distances.classifier_accuracy(a * n + a), 0.5);
      for (int b = 0; b < n; ++b) {
        validation_sets += distances.validation_confusion(a * n + b);
        if (a != b) {
          EXPECT_GT(distances.classifier_accuracy(a * n + b), 0.6);
        }
      }
    }
    EXPECT_GT(validation_sets, 0);
    EXPECT_GE(distances.classifier_centroid_spearman(), -1);
    EXPECT_LE(distances.classifier_centroid_spearman(), 1);
  }
}

// A closed polyline of fewer than 3 points encloses nothing: a client drawing it draws nothing,
// and one computing its area or winding gets nonsense. The encoder of TrainWatchThenQueryTheEncoder
// (same samples, epochs and seed) has such a contour at mass 0.5.
TEST_F(ServerTraining, ContoursHaveNoDegeneratePolylines) {
  ASSERT_TRUE(StartServer());
  const std::vector<v1::Event>& squark = BundledEvents(kSquark);
  ASSERT_NO_FATAL_FAILURE(Upload(kSquark, squark.size() - kHeldOut));
  ASSERT_NO_FATAL_FAILURE(Upload(kZprime));
  ASSERT_NO_FATAL_FAILURE(Upload(kBackground));
  const v1::Job done = Train(TrainingRequest("e2e", {kSquark, kZprime, kBackground}, 4));
  ASSERT_EQ(done.state(), v1::JOB_STATE_SUCCEEDED) << done.DebugString();
  for (int grid : {64, 256}) {
    v1::GetContoursRequest request;
    request.mutable_encoder()->set_name("e2e");
    request.add_masses(0.5);
    request.add_masses(0.9);
    request.set_grid_size(grid);
    v1::GetContoursResponse contours;
    ASSERT_TRUE(IsOk(api().GetContours(request, &contours)));
    std::vector<std::string> degenerate;
    for (const v1::ModelContours& c : contours.contours()) {
      for (const v1::Polyline& line : c.polylines()) {
        if (line.points_size() < (line.closed() ? 3 : 2)) {
          degenerate.push_back(c.model() + " mass " + std::to_string(c.mass()) + ": " +
                               (line.closed() ? "closed, " : "open, ") +
                               std::to_string(line.points_size()) + " point(s)");
        }
      }
    }
    EXPECT_THAT(degenerate, ::testing::IsEmpty()) << "grid " << grid;
  }
}

// ---- The encoder registry's view of a trained encoder.

TEST_F(ServerTraining, TrainedEncoderIsListedAndDescribed) {
  ASSERT_TRUE(StartServer());
  ASSERT_NO_FATAL_FAILURE(Upload(kSquark, 600));
  ASSERT_NO_FATAL_FAILURE(Upload(kZprime));
  ASSERT_NO_FATAL_FAILURE(Upload(kBackground));
  const std::vector<std::string> models = {kSquark, kZprime, kBackground};
  v1::Job submitted;
  ASSERT_TRUE(IsOk(api().Submit(TrainingRequest("e2e", models, 4), &submitted)));
  const v1::Job done = api().AwaitJob(submitted.id());
  ASSERT_EQ(done.state(), v1::JOB_STATE_SUCCEEDED) << done.DebugString();

  // The encoder: listed (without history) and described in full. A finished job's encoder is
  // loaded into memory right after the job ends (not before SUCCEEDED shows), so wait for it.
  v1::ListEncodersResponse listed;
  EXPECT_TRUE(WaitFor(
      [&] {
        return api().ListEncoders(false, &listed).ok() && listed.encoders_size() == 1 &&
               listed.encoders(0).loaded();
      },
      seconds(10)))
      << "a finished job's encoder is loaded without waiting for a first query";
  ASSERT_TRUE(IsOk(api().ListEncoders(false, &listed)));
  ASSERT_EQ(listed.encoders_size(), 1);
  const v1::Encoder& brief = listed.encoders(0);
  EXPECT_EQ(brief.name(), "e2e");
  EXPECT_EQ(brief.version(), 1);
  EXPECT_EQ(brief.job_id(), submitted.id());
  EXPECT_EQ(brief.preset(), "darkmachines");
  EXPECT_EQ(brief.events_per_set(), kK);
  EXPECT_EQ(brief.history_size(), 0) << "listings leave the history out";
  EXPECT_GT(brief.stored_bytes(), 0);

  v1::Encoder encoder;
  ASSERT_TRUE(IsOk(api().GetEncoder("e2e", 0, &encoder)));
  EXPECT_EQ(encoder.name(), "e2e");
  EXPECT_EQ(encoder.version(), 1);
  EXPECT_EQ(encoder.job_id(), submitted.id());
  EXPECT_EQ(encoder.preset(), "darkmachines");
  EXPECT_EQ(encoder.feature_names_size(), 17) << "darkmachines: (E, pt, eta, phi) x 4 jets, met";
  EXPECT_THAT(encoder.feature_names(), Contains("met"));
  EXPECT_EQ(encoder.events_per_set(), kK);
  EXPECT_EQ(encoder.latent_dim(), 2);
  EXPECT_EQ(encoder.variant(), "contrastive");
  EXPECT_EQ(encoder.seed(), 7u);
  EXPECT_GT(encoder.validation_accuracy(), 0);
  EXPECT_LE(encoder.validation_accuracy(), 1);
  EXPECT_GE(encoder.best_epoch(), 1);  // 1-based, as the progress counts
  EXPECT_LE(encoder.best_epoch(), 4);
  EXPECT_TRUE(std::isfinite(encoder.best_validation_loss()));
  EXPECT_GE(encoder.history_size(), 4) << "every epoch of every attempt";
  ASSERT_GT(encoder.history_size(), 0);
  EXPECT_EQ(encoder.history(0).epoch(), 1) << "the history counts epochs as the progress does";
  // best_epoch names the history's epoch whose validation loss is the best one.
  EXPECT_TRUE(std::any_of(encoder.history().begin(), encoder.history().end(),
                          [&](const v1::EpochSummary& epoch) {
                            return epoch.epoch() == encoder.best_epoch() &&
                                   epoch.validation_loss() == encoder.best_validation_loss();
                          }));
  for (const v1::EpochSummary& epoch : encoder.history()) {
    EXPECT_TRUE(std::isfinite(epoch.train_loss()));
    EXPECT_GT(epoch.sets_per_second(), 0);
  }
  EXPECT_GT(encoder.stored_bytes(), 0);
  EXPECT_TRUE(encoder.loaded());
  ASSERT_EQ(encoder.models_size(), 3);
  int64_t kde_points = 0;
  for (int m = 0; m < 3; ++m) {
    SCOPED_TRACE(models[m]);
    EXPECT_EQ(encoder.models(m).name(), models[m]) << "known models in training order";
    EXPECT_EQ(ToMap(encoder.models(m).parameters()), ToMap(uploaded_[models[m]].parameters()));
    EXPECT_GT(encoder.models(m).num_points(), 0);
    EXPECT_EQ(encoder.models(m).num_points(), brief.models(m).num_points());
    kde_points += encoder.models(m).num_points();
  }
  v1::Encoder by_version;
  ASSERT_TRUE(IsOk(api().GetEncoder("e2e", 1, &by_version)));
  EXPECT_TRUE(ProtoEquals(encoder, by_version)) << "version 0 is the latest, here 1";
  EXPECT_TRUE(HasStatus(api().GetEncoder("e2e", 2, &by_version), grpc::StatusCode::NOT_FOUND));

  // The feature map bins every known model's validation set once.
  v1::GetFeatureMapRequest request;
  request.mutable_encoder()->set_name("e2e");
  request.set_feature("met");
  v1::GetFeatureMapResponse map;
  ASSERT_TRUE(IsOk(api().GetFeatureMap(request, &map)));
  EXPECT_EQ(std::accumulate(map.count().begin(), map.count().end(), int64_t{0}), kde_points);
  request.set_feature("nope");
  EXPECT_TRUE(HasStatus(api().GetFeatureMap(request, &map), grpc::StatusCode::INVALID_ARGUMENT,
                        {"nope", encoder.feature_names(0), encoder.feature_names(16)}))
      << "the message lists the preset's features";

  // After a restart the encoder is listed but not loaded until first used, then the same.
  server().Kill();
  ASSERT_TRUE(StartServer());
  ASSERT_TRUE(IsOk(api().ListEncoders(false, &listed)));
  ASSERT_EQ(listed.encoders_size(), 1);
  EXPECT_FALSE(listed.encoders(0).loaded());
  v1::Encoder reloaded;
  ASSERT_TRUE(IsOk(api().GetEncoder("e2e", 0, &reloaded)));
  EXPECT_TRUE(ProtoEquals(encoder, reloaded));
}

// ---- Errors.

TEST_F(ServerTraining, SubmitErrorsNameTheField) {
  ASSERT_TRUE(StartServer());
  ASSERT_NO_FATAL_FAILURE(UploadSmallPair());
  const v1::TrainingRequest good = TrainingRequest("e2e", {kSquark, kZprime}, 2);
  v1::Job job;
  struct Case {
    std::string what;
    std::function<void(v1::TrainingRequest&)> change;
    grpc::StatusCode code;
    std::vector<std::string> fragments;
  };
  const std::vector<Case> cases = {
      {"unknown sample",
       [](auto& r) { r.add_samples("no_such_sample"); },
       grpc::StatusCode::NOT_FOUND,
       {"no_such_sample"}},
      {"one sample",
       [](auto& r) { r.mutable_samples()->RemoveLast(); },
       grpc::StatusCode::INVALID_ARGUMENT,
       {"samples", "at least 2"}},
      {"repeated sample",
       [](auto& r) { r.add_samples(kSquark); },
       grpc::StatusCode::INVALID_ARGUMENT,
       {"samples", kSquark}},
      {"bad preset",
       [](auto& r) { r.set_preset("bogus"); },
       grpc::StatusCode::INVALID_ARGUMENT,
       {"preset", "bogus"}},
      {"bad variant",
       [](auto& r) { r.set_variant("bogus"); },
       grpc::StatusCode::INVALID_ARGUMENT,
       {"variant", "bogus"}},
      {"negative epochs",
       [](auto& r) { r.set_epochs(-3); },
       grpc::StatusCode::INVALID_ARGUMENT,
       {"epochs", "-3"}},
      {"too many epochs",
       [](auto& r) { r.set_epochs(10001); },
       grpc::StatusCode::INVALID_ARGUMENT,
       {"epochs", "10001"}},
      {"batch of one",
       [](auto& r) { r.set_batch_size(1); },
       grpc::StatusCode::INVALID_ARGUMENT,
       {"batch_size"}},
      {"learning rate",
       [](auto& r) { r.set_learning_rate(2); },
       grpc::StatusCode::INVALID_ARGUMENT,
       {"learning_rate"}},
      {"patience",
       [](auto& r) { r.set_patience(-2); },
       grpc::StatusCode::INVALID_ARGUMENT,
       {"patience"}},
      {"events per set",
       [](auto& r) { r.set_events_per_set(1001); },
       grpc::StatusCode::INVALID_ARGUMENT,
       {"events_per_set"}},
      {"validation fraction",
       [](auto& r) { r.set_validation_fraction(0.95); },
       grpc::StatusCode::INVALID_ARGUMENT,
       {"validation_fraction"}},
      {"missing jets",
       [](auto& r) { r.set_missing_jets("maybe"); },
       grpc::StatusCode::INVALID_ARGUMENT,
       {"missing_jets"}},
      {"max events",
       [](auto& r) { r.set_max_events_per_sample(-1); },
       grpc::StatusCode::INVALID_ARGUMENT,
       {"max_events_per_sample"}},
      {"encoder name",
       [](auto& r) { r.set_encoder("../e2e"); },
       grpc::StatusCode::INVALID_ARGUMENT,
       {"encoder name"}},
      {"no encoder name",
       [](auto& r) { r.clear_encoder(); },
       grpc::StatusCode::INVALID_ARGUMENT,
       {"encoder name"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    v1::TrainingRequest request = good;
    c.change(request);
    EXPECT_TRUE(HasStatus(api().Submit(request, &job), c.code, c.fragments));
  }
  v1::ListJobsResponse jobs;
  ASSERT_TRUE(IsOk(api().ListJobs(v1::JOB_STATE_UNSPECIFIED, &jobs)));
  EXPECT_EQ(jobs.jobs_size(), 0) << "a refused request queues nothing";
}

TEST_F(ServerTraining, UnknownJobsAndEncodersAreNotFound) {
  ASSERT_TRUE(StartServer());
  v1::Job job;
  EXPECT_TRUE(
      HasStatus(api().GetJob("job-999999", &job), grpc::StatusCode::NOT_FOUND, {"job-999999"}));
  EXPECT_TRUE(
      HasStatus(api().CancelJob("job-999999", &job), grpc::StatusCode::NOT_FOUND, {"job-999999"}));
  grpc::Status watch;
  EXPECT_TRUE(api().WatchJob("job-999999", &watch).empty());
  EXPECT_TRUE(HasStatus(watch, grpc::StatusCode::NOT_FOUND, {"job-999999"}));

  v1::Encoder encoder;
  EXPECT_TRUE(
      HasStatus(api().GetEncoder("nope", 0, &encoder), grpc::StatusCode::NOT_FOUND, {"nope"}));
  EXPECT_TRUE(HasStatus(api().DeleteEncoder("nope", 0), grpc::StatusCode::NOT_FOUND, {"nope"}));
  EXPECT_TRUE(HasStatus(api().GetEncoder("", 0, &encoder), grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_TRUE(HasStatus(api().GetEncoder("nope", -1, &encoder), grpc::StatusCode::INVALID_ARGUMENT,
                        {"version"}));

  v1::EmbedRequest embed;
  embed.mutable_encoder()->set_name("nope");
  embed.mutable_batch()->mutable_feature_rows()->add_rows()->add_values(1);
  v1::EmbedResponse embedded;
  EXPECT_TRUE(HasStatus(api().Embed(embed, &embedded), grpc::StatusCode::NOT_FOUND, {"nope"}));
  v1::QueryNearestRequest nearest;
  nearest.mutable_encoder()->set_name("nope");
  nearest.set_sample_name("whatever");
  v1::QueryNearestResponse nearest_response;
  EXPECT_TRUE(HasStatus(api().QueryNearest(nearest, &nearest_response), grpc::StatusCode::NOT_FOUND,
                        {"nope"}));
  v1::GetContoursRequest contours;
  contours.mutable_encoder()->set_name("nope");
  v1::GetContoursResponse contours_response;
  EXPECT_TRUE(HasStatus(api().GetContours(contours, &contours_response),
                        grpc::StatusCode::NOT_FOUND, {"nope"}));
  v1::GetFeatureMapRequest map;
  map.mutable_encoder()->set_name("nope");
  map.set_feature("met");
  v1::GetFeatureMapResponse map_response;
  EXPECT_TRUE(
      HasStatus(api().GetFeatureMap(map, &map_response), grpc::StatusCode::NOT_FOUND, {"nope"}));
  v1::GetDistanceMatrixRequest distances;
  distances.mutable_encoder()->set_name("nope");
  v1::GetDistanceMatrixResponse distances_response;
  EXPECT_TRUE(HasStatus(api().GetDistanceMatrix(distances, &distances_response),
                        grpc::StatusCode::NOT_FOUND, {"nope"}));
}

// ---- Cancellation.

TEST_F(ServerTraining, CancelRunningAndQueuedJobs) {
  ASSERT_TRUE(StartServer({"--max-concurrent-jobs", "1"}));
  ASSERT_NO_FATAL_FAILURE(UploadSmallPair());
  v1::TrainingRequest long_request = TrainingRequest("long", {kSquark, kZprime}, 2000);
  long_request.set_patience(-1);  // no early stop: it runs until cancelled
  v1::Job running, queued;
  ASSERT_TRUE(IsOk(api().Submit(long_request, &running)));
  ASSERT_TRUE(IsOk(api().Submit(long_request, &queued)));

  const v1::Job progressing = api().AwaitJobUntil(running.id(), [](const v1::Job& job) {
    return job.state() == v1::JOB_STATE_RUNNING && job.progress().ratio() > 0;
  });
  ASSERT_EQ(progressing.state(), v1::JOB_STATE_RUNNING) << progressing.DebugString();
  ASSERT_GT(progressing.progress().ratio(), 0);
  v1::Job waiting;
  ASSERT_TRUE(IsOk(api().GetJob(queued.id(), &waiting)));
  EXPECT_EQ(waiting.state(), v1::JOB_STATE_QUEUED) << "one job at a time";

  // A queued job is cancelled at once and never runs.
  v1::Job cancelled_queued;
  ASSERT_TRUE(IsOk(api().CancelJob(queued.id(), &cancelled_queued)));
  EXPECT_EQ(cancelled_queued.state(), v1::JOB_STATE_CANCELLED);
  EXPECT_EQ(cancelled_queued.started_unix_ms(), 0);

  // A running one stops within a second or two.
  const Clock::time_point cancel_start = Clock::now();
  v1::Job cancelled;
  ASSERT_TRUE(IsOk(api().CancelJob(running.id(), &cancelled)));
  v1::Job ended = api().AwaitJob(running.id(), seconds(10));
  const double cancel_seconds = Seconds(Clock::now() - cancel_start);
  EXPECT_EQ(ended.state(), v1::JOB_STATE_CANCELLED) << ended.DebugString();
  EXPECT_LT(cancel_seconds, 3.0) << "a running job stops within a second (proto)";
  std::cout << "[ timing ] CancelJob of a running job: " << cancel_seconds << " s until CANCELLED"
            << std::endl;
  EXPECT_EQ(cancelled.state(), v1::JOB_STATE_CANCELLED)
      << "CancelJob waits for the running job to end";
  EXPECT_GT(ended.finished_unix_ms(), 0);
  EXPECT_TRUE(ended.encoder().empty()) << "a cancelled job registers no encoder";
  EXPECT_LT(ended.progress().ratio(), 0.5);

  // Watching an ended job gives its final state and ends.
  grpc::Status watch_status;
  const std::vector<v1::Job> watched = api().WatchJob(running.id(), &watch_status);
  EXPECT_TRUE(IsOk(watch_status));
  ASSERT_EQ(watched.size(), 1u);
  EXPECT_EQ(watched[0].state(), v1::JOB_STATE_CANCELLED);

  // Nothing runs afterwards, and no encoder appeared.
  std::this_thread::sleep_for(milliseconds(300));
  v1::ListJobsResponse running_now;
  ASSERT_TRUE(IsOk(api().ListJobs(v1::JOB_STATE_RUNNING, &running_now)));
  EXPECT_EQ(running_now.jobs_size(), 0);
  ASSERT_TRUE(IsOk(api().GetJob(queued.id(), &waiting)));
  EXPECT_EQ(waiting.state(), v1::JOB_STATE_CANCELLED);
  EXPECT_EQ(waiting.started_unix_ms(), 0);
  v1::ListEncodersResponse encoders;
  ASSERT_TRUE(IsOk(api().ListEncoders(true, &encoders)));
  EXPECT_EQ(encoders.encoders_size(), 0);
}

TEST_F(ServerTraining, ACheckpointWriteOnAFullDiskFailsTheJobAsResourceExhaustedAndNextTimeWorks) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full here";
  ASSERT_TRUE(StartServer());
  ASSERT_NO_FATAL_FAILURE(UploadSmallPair());
  // The first job's checkpoint is written to scratch/job-000001.ckpt.partial, then renamed: a
  // link to /dev/full there makes its write fail with ENOSPC, as a full disk would.
  const std::string partial = data_dir() + "/scratch/job-000001.ckpt.partial";
  std::filesystem::create_symlink("/dev/full", partial);
  const v1::Job failed = Train(TrainingRequest("full_disk", {kSquark, kZprime}, 3));
  EXPECT_EQ(failed.id(), "job-000001");
  EXPECT_EQ(failed.state(), v1::JOB_STATE_FAILED) << failed.DebugString();
  EXPECT_THAT(failed.error(), HasSubstr("RESOURCE_EXHAUSTED: ")) << failed.error();
  EXPECT_THAT(failed.error(), HasSubstr("No space left on device")) << failed.error();
  EXPECT_TRUE(failed.encoder().empty());
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(partial)))
      << "the failed write leaves no partial file";
  // Space again: the same training succeeds.
  const v1::Job next = Train(TrainingRequest("full_disk", {kSquark, kZprime}, 3));
  EXPECT_EQ(next.state(), v1::JOB_STATE_SUCCEEDED) << next.DebugString();
  EXPECT_EQ(next.encoder(), "full_disk");
}

TEST_F(ServerTraining, CancellingAFinishedJobIsFailedPrecondition) {
  ASSERT_TRUE(StartServer({"--max-concurrent-jobs", "1"}));
  ASSERT_NO_FATAL_FAILURE(UploadSmallPair());
  const v1::Job succeeded = Train(TrainingRequest("short", {kSquark, kZprime}, 1));
  ASSERT_EQ(succeeded.state(), v1::JOB_STATE_SUCCEEDED) << succeeded.DebugString();
  v1::Job job;
  EXPECT_TRUE(HasStatus(api().CancelJob(succeeded.id(), &job),
                        grpc::StatusCode::FAILED_PRECONDITION, {succeeded.id(), "SUCCEEDED"}));

  v1::TrainingRequest long_request = TrainingRequest("long", {kSquark, kZprime}, 2000);
  long_request.set_patience(-1);
  v1::Job running, queued;
  ASSERT_TRUE(IsOk(api().Submit(long_request, &running)));
  ASSERT_TRUE(IsOk(api().Submit(long_request, &queued)));
  ASSERT_EQ(api()
                .AwaitJobUntil(running.id(),
                               [](const v1::Job& j) { return j.state() == v1::JOB_STATE_RUNNING; })
                .state(),
            v1::JOB_STATE_RUNNING);
  ASSERT_TRUE(IsOk(api().CancelJob(queued.id(), &job)));
  ASSERT_EQ(job.state(), v1::JOB_STATE_CANCELLED);
  ASSERT_TRUE(IsOk(api().CancelJob(running.id(), &job)));
  ASSERT_EQ(job.state(), v1::JOB_STATE_CANCELLED);
  // CANCELLED is a final state like SUCCEEDED: job_service.proto says "Cancelling a finished job
  // is FAILED_PRECONDITION".
  EXPECT_TRUE(HasStatus(api().CancelJob(queued.id(), &job), grpc::StatusCode::FAILED_PRECONDITION,
                        {queued.id()}))
      << "second CancelJob of a job cancelled while QUEUED";
  EXPECT_TRUE(HasStatus(api().CancelJob(running.id(), &job), grpc::StatusCode::FAILED_PRECONDITION,
                        {running.id()}))
      << "second CancelJob of a job cancelled while RUNNING";
}

// ---- Watchers.

TEST_F(ServerTraining, ConcurrentWatchersAllSeeTheFinalState) {
  ASSERT_TRUE(StartServer());
  ASSERT_NO_FATAL_FAILURE(UploadSmallPair());
  v1::Job job;
  ASSERT_TRUE(IsOk(api().Submit(TrainingRequest("watched", {kSquark, kZprime}, 3), &job)));

  std::vector<v1::Job> seen[2];
  grpc::Status status[2];
  std::vector<std::thread> watchers;
  for (int w = 0; w < 2; ++w) {
    watchers.emplace_back([&, w] { seen[w] = api().WatchJob(job.id(), &status[w]); });
  }
  // A third watcher leaves after the first snapshot; the others must not notice.
  {
    grpc::ClientContext context;
    v1::WatchJobRequest request;
    request.set_id(job.id());
    auto reader = api().jobs->WatchJob(&context, request);
    v1::Job first;
    EXPECT_TRUE(reader->Read(&first));
    context.TryCancel();
    while (reader->Read(&first)) {
    }
    EXPECT_TRUE(HasStatus(reader->Finish(), grpc::StatusCode::CANCELLED));
  }
  for (std::thread& t : watchers) t.join();

  v1::Job final_job;
  ASSERT_TRUE(IsOk(api().GetJob(job.id(), &final_job)));
  ASSERT_EQ(final_job.state(), v1::JOB_STATE_SUCCEEDED) << final_job.error();
  for (int w = 0; w < 2; ++w) {
    SCOPED_TRACE("watcher " + std::to_string(w));
    EXPECT_TRUE(IsOk(status[w]));
    ASSERT_FALSE(seen[w].empty());
    EXPECT_TRUE(ProtoEquals(final_job, seen[w].back()));
  }
}

// ---- Encoder versions and deletion.

TEST_F(ServerTraining, EncoderVersionsAndDeletion) {
  ASSERT_TRUE(StartServer());
  // Samples without theory parameters (the other tests have them): known models with an empty
  // parameter map are listed too.
  for (const char* name : {kSquark, kZprime}) {
    v1::SampleHeader header = HeaderOf(Bundled(name));
    header.clear_parameters();
    ASSERT_TRUE(IsOk(api().Upload(header, testing::Slice(BundledEvents(name), 0, 600))));
  }
  const v1::TrainingRequest request = TrainingRequest("doomed", {kSquark, kZprime}, 2);
  for (int version = 1; version <= 2; ++version) {
    const v1::Job job = Train(request);
    ASSERT_EQ(job.state(), v1::JOB_STATE_SUCCEEDED) << job.DebugString();
    EXPECT_EQ(job.encoder_version(), version);
  }
  v1::ListEncodersResponse latest, all;
  ASSERT_TRUE(IsOk(api().ListEncoders(false, &latest)));
  ASSERT_TRUE(IsOk(api().ListEncoders(true, &all)));
  ASSERT_EQ(latest.encoders_size(), 1);
  EXPECT_EQ(latest.encoders(0).version(), 2);
  ASSERT_EQ(all.encoders_size(), 2);
  EXPECT_EQ(all.encoders(0).version(), 1);
  EXPECT_EQ(all.encoders(1).version(), 2);

  v1::EmbedRequest embed;
  embed.mutable_encoder()->set_name("doomed");
  embed.mutable_encoder()->set_version(1);
  *embed.mutable_batch() = EventBatchOf(testing::Slice(BundledEvents(kSquark), 1000, 1020));
  v1::EmbedResponse embedded;
  ASSERT_TRUE(IsOk(api().Embed(embed, &embedded)));
  EXPECT_EQ(embedded.encoder_version(), 1);

  // A negative version is refused and deletes nothing.
  EXPECT_TRUE(HasStatus(api().DeleteEncoder("doomed", -1), grpc::StatusCode::INVALID_ARGUMENT,
                        {"encoder.version = -1"}));
  ASSERT_TRUE(IsOk(api().ListEncoders(true, &all)));
  EXPECT_EQ(all.encoders_size(), 2);

  // One version, then all of them.
  ASSERT_TRUE(IsOk(api().DeleteEncoder("doomed", 1)));
  v1::Encoder encoder;
  EXPECT_TRUE(HasStatus(api().GetEncoder("doomed", 1, &encoder), grpc::StatusCode::NOT_FOUND));
  EXPECT_TRUE(HasStatus(api().Embed(embed, &embedded), grpc::StatusCode::NOT_FOUND))
      << "a deleted version is evicted from memory too";
  ASSERT_TRUE(IsOk(api().GetEncoder("doomed", 0, &encoder)));
  EXPECT_EQ(encoder.version(), 2);
  ASSERT_TRUE(IsOk(api().DeleteEncoder("doomed", 0)));
  EXPECT_TRUE(
      HasStatus(api().GetEncoder("doomed", 0, &encoder), grpc::StatusCode::NOT_FOUND, {"doomed"}));
  embed.mutable_encoder()->set_version(0);
  EXPECT_TRUE(HasStatus(api().Embed(embed, &embedded), grpc::StatusCode::NOT_FOUND));
  EXPECT_TRUE(HasStatus(api().DeleteEncoder("doomed", 0), grpc::StatusCode::NOT_FOUND));
  ASSERT_TRUE(IsOk(api().ListEncoders(true, &all)));
  EXPECT_EQ(all.encoders_size(), 0);

  // Version numbers are never reused.
  const v1::Job job = Train(request);
  ASSERT_EQ(job.state(), v1::JOB_STATE_SUCCEEDED) << job.DebugString();
  EXPECT_EQ(job.encoder_version(), 3);
  // The samples an encoder was trained on can go; the encoder keeps its own points.
  ASSERT_TRUE(IsOk(api().DeleteSample(kZprime)));
  v1::GetContoursRequest contours;
  contours.mutable_encoder()->set_name("doomed");
  contours.set_grid_size(32);
  v1::GetContoursResponse contours_response;
  EXPECT_TRUE(IsOk(api().GetContours(contours, &contours_response)));
  EXPECT_EQ(contours_response.contours_size(), 2);
}

}  // namespace
}  // namespace latentspace::e2e
