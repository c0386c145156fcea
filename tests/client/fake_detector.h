// A canned anomaly detector for latentctl's tests, served by a FakeLatentd: detector "det" with
// versions 1 and 2 (2 the latest). It scores an inline event by its MET (score = met in GeV)
// against a reference whose MET falls exponentially (reference_tail = exp(-met / 300 GeV)), so the
// cut keeping `keep` of the reference is -300 GeV ln(keep); events with fewer than 5 objects are
// skipped (its preset's selection); indices are positions in the request, as latentd's are. A
// request over kFakeMaxEventsPerRequest events is RESOURCE_EXHAUSTED, an unknown detector or
// version NOT_FOUND, keep outside [0, 1] INVALID_ARGUMENT. ExpectedScores applies the same rules
// to a file, for the tests' expectations.
#ifndef LATENTSPACE_TESTS_CLIENT_FAKE_DETECTOR_H_
#define LATENTSPACE_TESTS_CLIENT_FAKE_DETECTOR_H_

#include <cmath>
#include <cstdint>
#include <limits>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/events/event_reader.h"
#include "gtest/gtest.h"
#include "tests/client/fake_latentd.h"

namespace latentspace::testing {

inline constexpr int kFakeMaxEventsPerRequest = 1000;
inline constexpr int64_t kFakeLatestVersion = 2;
inline constexpr double kFakeTailGeV = 300;
inline constexpr int kFakeMinObjects = 5;

inline double FakeReferenceTail(double met) { return std::exp(-met / kFakeTailGeV); }

inline double FakeCut(double keep) {
  return keep == 0 ? -std::numeric_limits<double>::infinity() : -kFakeTailGeV * std::log(keep);
}

// The score the fake gives one accepted event of a file.
struct ExpectedScore {
  int64_t index = 0;  // in the file
  std::string event_id;
  double score = 0;
  bool kept = false;
};

// The fake's scores of every accepted event of a Dark Machines file, and the events themselves.
inline std::vector<ExpectedScore> ExpectedScores(const std::string& path, double keep,
                                                 std::vector<Event>* kept_events = nullptr) {
  const absl::StatusOr<std::vector<Event>> events = ReadEventFile(path, EventFormat::kDarkMachines);
  EXPECT_TRUE(events.ok()) << events.status();
  std::vector<ExpectedScore> scores;
  if (!events.ok()) return scores;
  for (size_t i = 0; i < events->size(); ++i) {
    const Event& event = (*events)[i];
    if (static_cast<int>(event.objects.size()) < kFakeMinObjects) continue;
    const bool kept = event.met > FakeCut(keep);
    scores.push_back({static_cast<int64_t>(i), event.event_id, event.met, kept});
    if (kept && kept_events != nullptr) kept_events->push_back(event);
  }
  return scores;
}

class FakeDetector {
 public:
  // Answers ListDetectors, GetDetector, DeleteDetector and ScoreEvents of `server` (before its
  // Start()).
  void Install(FakeLatentd* server) {
    server->list_detectors = [](grpc::ServerContext*, const v1::ListDetectorsRequest& request,
                                v1::ListDetectorsResponse* response) {
      for (int64_t version = request.all_versions() ? 1 : kFakeLatestVersion;
           version <= kFakeLatestVersion; ++version) {
        *response->add_detectors() = Describe(version, /*full=*/false);
      }
      return grpc::Status::OK;
    };
    server->get_detector = [](grpc::ServerContext*, const v1::GetDetectorRequest& request,
                              v1::Detector* detector) {
      grpc::Status found = Find(request.detector());
      if (found.ok()) *detector = Describe(Version(request.detector()), /*full=*/true);
      return found;
    };
    server->delete_detector = [this](grpc::ServerContext*, const v1::DeleteDetectorRequest& request,
                                     v1::DeleteDetectorResponse*) {
      std::lock_guard<std::mutex> lock(mutex_);
      deleted_.push_back(request.detector());
      return Find(request.detector());
    };
    server->score_events = [this](grpc::ServerContext*, const v1::ScoreEventsRequest& request,
                                  v1::ScoreEventsResponse* response) {
      return Score(request, response);
    };
  }

  std::vector<v1::ScoreEventsRequest> score_requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return score_requests_;
  }
  std::vector<v1::DetectorRef> deleted() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return deleted_;
  }

 private:
  static int64_t Version(const v1::DetectorRef& ref) {
    return ref.version() == 0 ? kFakeLatestVersion : ref.version();
  }

  static grpc::Status Find(const v1::DetectorRef& ref) {
    if (ref.name() != "det" || ref.version() > kFakeLatestVersion) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, absl::StrCat("detector '", ref.name(), ":",
                                                                    ref.version(), "' not found"));
    }
    return grpc::Status::OK;
  }

  static v1::Detector Describe(int64_t version, bool full) {
    v1::Detector detector;
    detector.set_name("det");
    detector.set_version(version);
    detector.set_job_id(absl::StrCat("job-00000", version));
    detector.set_kind("vae");
    detector.set_preset("darkmachines");
    detector.set_reference("background");
    detector.set_reference_events(700);
    detector.set_latent_dim(4);
    detector.set_kl_weight(0.1);
    detector.mutable_validation()->set_reference_events(140);
    detector.mutable_validation()->set_auc(std::nan(""));
    detector.mutable_validation()->set_significance_keep(0.01);
    detector.mutable_validation()->set_significance(std::nan(""));
    detector.set_best_epoch(41);
    detector.set_best_validation_loss(0.25);
    detector.set_created_unix_ms(1714564800000);
    detector.set_stored_bytes(12345);
    detector.set_loaded(full);
    if (!full) return detector;
    detector.add_feature_names("met");
    detector.add_feature_names("ht");
    for (const double keep : {0.1, 0.01, 0.001}) {
      v1::ScoreCut* cut = detector.add_cuts();
      cut->set_keep(keep);
      cut->set_score(FakeCut(keep));
    }
    v1::EpochSummary* epoch = detector.add_history();
    epoch->set_epoch(0);
    epoch->set_train_loss(1.5);
    epoch->set_validation_loss(1.25);
    epoch->set_sets_per_second(5000);
    return detector;
  }

  grpc::Status Score(const v1::ScoreEventsRequest& request, v1::ScoreEventsResponse* response) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      score_requests_.push_back(request);
    }
    if (grpc::Status found = Find(request.detector()); !found.ok()) return found;
    if (!(request.keep() >= 0 && request.keep() <= 1)) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          absl::StrCat("keep: ", request.keep(), " is outside [0, 1]"));
    }
    const auto& events = request.events().events().events();
    if (events.size() > kFakeMaxEventsPerRequest) {
      return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                          absl::StrCat(events.size(), " events over --max-events-per-request"));
    }
    response->set_detector("det");
    response->set_detector_version(Version(request.detector()));
    response->set_keep(request.keep());
    const double cut = FakeCut(request.keep());
    response->set_cut(cut);
    for (int i = 0; i < events.size(); ++i) {
      const v1::Event& event = events[i];
      if (event.objects_size() < kFakeMinObjects) {
        response->set_skipped_events(response->skipped_events() + 1);
        continue;
      }
      v1::EventScore* score = response->add_scores();
      score->set_index(i);
      score->set_event_id(event.event_id().empty() ? absl::StrCat(i + 1) : event.event_id());
      score->set_score(event.met());
      score->set_reference_tail(FakeReferenceTail(event.met()));
      score->set_kept(event.met() > cut);
      response->set_accepted_events(response->accepted_events() + 1);
      response->set_kept_events(response->kept_events() + (score->kept() ? 1 : 0));
    }
    return grpc::Status::OK;
  }

  mutable std::mutex mutex_;
  std::vector<v1::ScoreEventsRequest> score_requests_;
  std::vector<v1::DetectorRef> deleted_;
};

}  // namespace latentspace::testing

#endif  // LATENTSPACE_TESTS_CLIENT_FAKE_DETECTOR_H_
