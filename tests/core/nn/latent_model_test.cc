// Tests of the model variants: shapes, losses against their definitions, training of the
// reconstruction variants (names and option checks: training_types_test.cc).
#include "core/nn/latent_model.h"

#include "core/nn/contrastive_loss.h"
#include "core/nn/mlp.h"
#include "gtest/gtest.h"

namespace latentspace {
namespace {

LatentModelOptions Small(ModelVariant variant) {
  LatentModelOptions options;
  options.variant = variant;
  options.hidden_widths = {32, 8};
  return options;
}

TEST(LatentModelTest, EmbedsToTheLatentDimensionInEveryVariant) {
  torch::manual_seed(0);
  const torch::Tensor x = torch::randn({5, 12});
  for (ModelVariant variant :
       {ModelVariant::kContrastive, ModelVariant::kAutoencoder, ModelVariant::kVaeContrastive}) {
    LatentModel model(12, Small(variant));
    EXPECT_EQ(model->Embed(x).sizes(), (std::vector<int64_t>{5, 2})) << ModelVariantName(variant);
    EXPECT_EQ(model->has_decoder(), variant != ModelVariant::kContrastive);
    if (model->has_decoder()) {
      EXPECT_EQ(model->Decode(model->Embed(x)).sizes(), (std::vector<int64_t>{5, 12}));
    }
  }
}

TEST(LatentModelTest, LossesFollowTheirDefinitionsInEvaluationMode) {
  torch::manual_seed(1);
  const torch::Tensor x = torch::randn({8, 12});
  const torch::Tensor y = torch::tensor({0, 0, 1, 1, 2, 2, 0, 1}, torch::kInt64);
  LatentModel contrastive(12, Small(ModelVariant::kContrastive));
  EXPECT_NEAR(contrastive->Loss(x, y).item<double>(),
              ContrastiveLoss(contrastive->Embed(x), y, 1.0).item<double>(), 1e-6);
  LatentModel autoencoder(12, Small(ModelVariant::kAutoencoder));
  EXPECT_NEAR(autoencoder->Loss(x, y).item<double>(),
              (autoencoder->Decode(autoencoder->Embed(x)) - x).pow(2).mean().item<double>(), 1e-6);
  LatentModelOptions options = Small(ModelVariant::kVaeContrastive);
  options.kl_beta = 0;
  options.reconstruction_weight = 0.25;
  LatentModel vae(12, options);
  vae->eval();  // the mean, no sampling
  const torch::Tensor z = vae->Embed(x);
  const double expected = 0.25 * (vae->Decode(z) - x).pow(2).mean().item<double>() +
                          0.75 * ContrastiveLoss(z, y, 1.0).item<double>();
  EXPECT_NEAR(vae->Loss(x, y).item<double>(), expected, 1e-6);
}

TEST(LatentModelTest, VaeLossAddsBetaTimesTheGaussianKlDivergence) {
  torch::manual_seed(3);
  const torch::Tensor x = torch::randn({8, 12});
  const torch::Tensor y = torch::tensor({0, 0, 1, 1, 2, 2, 0, 1}, torch::kInt64);
  LatentModelOptions options = Small(ModelVariant::kVaeContrastive);
  options.reconstruction_weight = 0.25;
  options.kl_beta = 0;
  torch::manual_seed(4);
  LatentModel without(12, options);
  options.kl_beta = 0.5;
  torch::manual_seed(4);
  LatentModel with(12, options);
  without->eval();
  with->eval();
  ASSERT_TRUE(torch::equal(without->Embed(x), with->Embed(x))) << "the same initial weights";
  // KL(N(mean, exp(log_variance)) || N(0, 1)) per set, summed over the latent dimensions and
  // averaged over the sets, from the encoder's output [mean, log variance].
  auto encoder = std::dynamic_pointer_cast<MlpImpl>(with->named_children()["encoder"]);
  ASSERT_NE(encoder, nullptr);
  const torch::Tensor out = encoder->forward(x);
  const torch::Tensor mean = out.slice(1, 0, 2);
  const torch::Tensor log_variance = out.slice(1, 2);
  const double kl =
      (0.5 * (mean.pow(2) + log_variance.exp() - 1 - log_variance)).sum(1).mean().item<double>();
  EXPECT_GT(kl, 0);
  EXPECT_NEAR(with->Loss(x, y).item<double>() - without->Loss(x, y).item<double>(), 0.5 * kl, 1e-5);
}

TEST(LatentModelTest, ReconstructionVariantsLearn) {
  torch::manual_seed(2);
  // Rows on a 2-D manifold in 12 dimensions: reconstructible through a 2-D latent.
  const torch::Tensor t = torch::randn({256, 2});
  const torch::Tensor x = torch::cat({t, t.sin(), t * 0.5, t.cos(), -t, t.pow(2)}, 1);
  const torch::Tensor y = (t.select(1, 0) > 0).to(torch::kInt64);
  for (ModelVariant variant : {ModelVariant::kAutoencoder, ModelVariant::kVaeContrastive}) {
    LatentModel model(12, Small(variant));
    torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(1e-2));
    model->eval();
    const double before = model->Loss(x, y).item<double>();
    model->train();
    for (int step = 0; step < 200; ++step) {
      optimizer.zero_grad();
      model->Loss(x, y).backward();
      optimizer.step();
    }
    model->eval();
    EXPECT_LT(model->Loss(x, y).item<double>(), 0.5 * before) << ModelVariantName(variant);
  }
}

}  // namespace
}  // namespace latentspace
