// Tests of the detector models: shapes, and losses and scores worked out by hand for networks
// whose weights are all zero (every output 0: reconstruction 0, latent mean 0 and log-variance 0
// so KL = 0, logits 0 so the cross-entropy is ln 2), the VAE's KL term, determinism in
// evaluation mode.
#include "core/nn/detector_model.h"

#include <cmath>

#include "gtest/gtest.h"

namespace latentspace {
namespace {

DetectorModel ZeroModel(DetectorKind kind, int64_t input_dim = 3) {
  DetectorArchitecture architecture;
  architecture.hidden_widths = {5, 4};
  architecture.latent_dim = 2;
  architecture.kl_weight = 0.5;
  architecture.classification_weight = 2.0;
  DetectorModel model(input_dim, kind, architecture);
  torch::NoGradGuard no_grad;
  for (torch::Tensor& p : model->parameters()) p.zero_();
  model->eval();
  return model;
}

// Two events: mean squares (1 + 4 + 4) / 3 = 3 and (0 + 1 + 0) / 3 = 1/3.
torch::Tensor Inputs() { return torch::tensor({{1.0f, 2.0f, -2.0f}, {0.0f, 1.0f, 0.0f}}); }

TEST(DetectorModelTest, ZeroAutoencodersScoreTheMeanSquareOfTheInput) {
  for (DetectorKind kind : {DetectorKind::kAutoencoder, DetectorKind::kVae}) {
    DetectorModel model = ZeroModel(kind);
    const torch::Tensor score = model->Score(Inputs());
    ASSERT_EQ(score.sizes(), (std::vector<int64_t>{2}));
    EXPECT_NEAR(score[0].item<double>(), 3.0, 1e-6);
    EXPECT_NEAR(score[1].item<double>(), 1.0 / 3, 1e-6);
    const torch::Tensor labels = torch::zeros({2}), weights = torch::ones({2});
    EXPECT_NEAR(model->Loss(Inputs(), labels, weights).item<double>(), (3 + 1.0 / 3) / 2, 1e-6);
  }
}

TEST(DetectorModelTest, ZeroClassifiersGiveLogitZeroAndLossLnTwo) {
  DetectorModel classifier = ZeroModel(DetectorKind::kClassifier);
  EXPECT_TRUE(torch::equal(classifier->Score(Inputs()), torch::zeros({2})));
  const torch::Tensor labels = torch::tensor({0.0f, 1.0f});
  const torch::Tensor weights = torch::tensor({1.0f, 3.0f});
  EXPECT_NEAR(classifier->Loss(Inputs(), labels, weights).item<double>(), std::log(2.0), 1e-6);

  // vae-classifier: reconstruction of the label-0 event only (3) + 2 x ln 2.
  DetectorModel vae_classifier = ZeroModel(DetectorKind::kVaeClassifier);
  EXPECT_TRUE(torch::equal(vae_classifier->Score(Inputs()), torch::zeros({2})));
  EXPECT_NEAR(vae_classifier->Loss(Inputs(), labels, weights).item<double>(), 3 + 2 * std::log(2.0),
              1e-5);
}

TEST(DetectorModelTest, VaeScoreAddsLambdaTimesKl) {
  DetectorModel model = ZeroModel(DetectorKind::kVae, 1);
  // Output bias of the encoder: latent mean (1, 0), log-variance (0, ln 4); the decoder stays 0.
  {
    torch::NoGradGuard no_grad;
    for (auto& p : model->named_parameters()) {
      if (p.key() == "encoder.output.bias")
        p.value().copy_(torch::tensor({1.0f, 0.0f, 0.0f, std::log(4.0f)}));
    }
  }
  // KL = -1/2 sum(1 + log var - mean^2 - var) = -1/2 [(1 + 0 - 1 - 1) + (1 + ln 4 - 0 - 4)]
  //    = 1/2 (4 - ln 4) = 1.306853; score = x^2 + 0.5 KL.
  const double kl = 0.5 * (4 - std::log(4.0));
  const torch::Tensor score = model->Score(torch::tensor({{2.0f}}));
  EXPECT_NEAR(score[0].item<double>(), 4 + 0.5 * kl, 1e-5);
}

TEST(DetectorModelTest, ScoresAreDeterministicInEvaluationMode) {
  torch::manual_seed(1);
  DetectorArchitecture architecture;
  DetectorModel model(6, DetectorKind::kVae, architecture);
  model->eval();
  const torch::Tensor x = torch::randn({50, 6});
  EXPECT_TRUE(torch::equal(model->Score(x), model->Score(x)));
  const std::vector<double> rows = ScoreRows(model, x.contiguous().data_ptr<float>(), 50, 6);
  ASSERT_EQ(rows.size(), 50u);
  EXPECT_FLOAT_EQ(rows[7], model->Score(x)[7].item<float>());
}

}  // namespace
}  // namespace latentspace
