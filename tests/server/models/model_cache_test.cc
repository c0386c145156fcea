// Tests of ModelCache (server/models/model_cache.h) over a real store, with a loader that counts
// its calls: a model is loaded once and then served from memory, version 0 follows the latest
// version, the least recently used model is evicted beyond the bound (and lives on while a caller
// holds it), the count of loaded models is reported after every change, a loader's error leaves
// nothing cached, references are checked and deletion evicts, and concurrent first uses of many
// models from many threads each get their own model with the bound kept.
#include "server/models/model_cache.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server/store/store_testing.h"

namespace latentspace::server {
namespace {

using ::testing::HasSubstr;

// What the cache holds here: the record a model was loaded from.
struct Loaded {
  std::string name;
  int64_t version = 0;
};

class ModelCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::testing::OpenScratchStore();
    ASSERT_NE(store_, nullptr);
  }

  // A cache of encoders holding at most `max_loaded`.
  std::unique_ptr<ModelCache<Loaded>> MakeCache(int max_loaded) {
    return std::make_unique<ModelCache<Loaded>>(
        store_.get(), store::ModelKind::kEncoder, max_loaded,
        [this](const store::ModelRecord& record) -> absl::StatusOr<std::shared_ptr<const Loaded>> {
          ++loads_;
          if (record.name == fail_name_) return absl::DataLossError("checkpoint is corrupt");
          return std::make_shared<const Loaded>(Loaded{record.name, record.version});
        },
        [this](int loaded) {
          std::lock_guard<std::mutex> lock(counts_mutex_);
          counts_.push_back(loaded);
        });
  }

  // Commits a new version of encoder `name`.
  void Commit(const std::string& name) {
    ASSERT_TRUE(store::testing::UploadEncoder(*store_, name, "weights of " + name).ok()) << name;
  }

  std::unique_ptr<store::Store> store_;
  std::atomic<int> loads_ = 0;
  std::mutex counts_mutex_;
  std::vector<int> counts_;  // read only once no other thread runs
  std::string fail_name_;
};

TEST_F(ModelCacheTest, LoadsOnceAndFollowsTheLatestVersion) {
  Commit("a");
  std::unique_ptr<ModelCache<Loaded>> cache = MakeCache(4);
  absl::StatusOr<std::shared_ptr<const Loaded>> first = cache->Get("a", 0);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ((*first)->version, 1);
  EXPECT_EQ(cache->Get("a", 1).value(), *first) << "the same object, not a second load";
  EXPECT_EQ(cache->Get("a", 0).value(), *first);
  EXPECT_EQ(loads_, 1);
  Commit("a");  // version 2
  absl::StatusOr<std::shared_ptr<const Loaded>> latest = cache->Get("a", 0);
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ((*latest)->version, 2);
  EXPECT_EQ(loads_, 2);
  EXPECT_TRUE(cache->IsLoaded("a", 1));
  EXPECT_TRUE(cache->IsLoaded("a", 2));
  EXPECT_EQ(cache->Get("b", 0).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(cache->Get("a", 3).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(counts_, (std::vector<int>{1, 2}));
}

TEST_F(ModelCacheTest, EvictsTheLeastRecentlyUsedBeyondTheBound) {
  for (const char* name : {"a", "b", "c"}) Commit(name);
  std::unique_ptr<ModelCache<Loaded>> cache = MakeCache(2);
  std::shared_ptr<const Loaded> a = cache->Get("a", 1).value();
  ASSERT_TRUE(cache->Get("b", 1).ok());
  ASSERT_TRUE(cache->Get("a", 1).ok());  // a is now the most recently used
  ASSERT_TRUE(cache->Get("c", 1).ok());
  EXPECT_TRUE(cache->IsLoaded("a", 1));
  EXPECT_FALSE(cache->IsLoaded("b", 1)) << "least recently used";
  EXPECT_TRUE(cache->IsLoaded("c", 1));
  EXPECT_EQ(cache->loaded(), 2);
  EXPECT_EQ(counts_, (std::vector<int>{1, 2, 2}));
  // Evicting a model a caller still holds leaves the caller's copy intact.
  ASSERT_TRUE(cache->Get("b", 1).ok());  // evicts a
  EXPECT_FALSE(cache->IsLoaded("a", 1));
  EXPECT_EQ(a->name, "a");
  EXPECT_EQ(loads_, 4);
}

TEST_F(ModelCacheTest, ALoaderErrorCachesNothing) {
  Commit("broken");
  fail_name_ = "broken";
  std::unique_ptr<ModelCache<Loaded>> cache = MakeCache(2);
  for (int attempt = 0; attempt < 2; ++attempt) {
    const absl::Status status = cache->Get("broken", 0).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
    EXPECT_THAT(status.message(), HasSubstr("checkpoint is corrupt"));
  }
  EXPECT_EQ(loads_, 2) << "tried again, not remembered";
  EXPECT_EQ(cache->loaded(), 0);
  EXPECT_TRUE(counts_.empty());
}

TEST_F(ModelCacheTest, ReferencesAreCheckedAndDeletionEvicts) {
  Commit("a");
  Commit("a");
  std::unique_ptr<ModelCache<Loaded>> cache = MakeCache(4);
  EXPECT_THAT(cache->Resolve("", 0).status().message(),
              HasSubstr("no encoder named (encoder.name)"));
  const absl::Status negative = cache->Resolve("a", -1).status();
  EXPECT_EQ(negative.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(negative.message(), HasSubstr("encoder.version = -1 must be >= 0"));
  EXPECT_EQ(cache->Delete("a", -1).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->ListModels(store::ModelKind::kEncoder)->size(), 2u) << "nothing deleted";

  ASSERT_TRUE(cache->Resolve("a", 1).ok());
  ASSERT_TRUE(cache->Resolve("a", 2).ok());
  EXPECT_EQ(cache->List(false)->size(), 1u) << "the latest of each name";
  EXPECT_EQ(cache->List(true)->size(), 2u);
  ASSERT_TRUE(cache->Delete("a", 2).ok());
  EXPECT_TRUE(cache->IsLoaded("a", 1));
  EXPECT_FALSE(cache->IsLoaded("a", 2));
  EXPECT_EQ(cache->Get("a", 0).value()->version, 1) << "the latest is now 1";
  ASSERT_TRUE(cache->Delete("a", 0).ok());
  EXPECT_EQ(cache->loaded(), 0);
  EXPECT_EQ(cache->Get("a", 1).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ModelCacheTest, ConcurrentFirstUsesGetTheirOwnModelsWithinTheBound) {
  constexpr int kModels = 6;
  for (int m = 0; m < kModels; ++m) Commit(absl::StrCat("m", m));
  std::unique_ptr<ModelCache<Loaded>> cache = MakeCache(3);
  std::atomic<int> wrong = 0, failed = 0, over = 0;
  std::vector<std::thread> threads;
  threads.reserve(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 150; ++i) {
        const std::string name = absl::StrCat("m", (t + i) % kModels);
        absl::StatusOr<std::shared_ptr<const Loaded>> got = cache->Get(name, i % 2);
        if (!got.ok()) {
          ++failed;
        } else if ((*got)->name != name || (*got)->version != 1) {
          ++wrong;
        }
        if (cache->loaded() > 3) ++over;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(wrong, 0);
  EXPECT_EQ(over, 0);
  EXPECT_LE(cache->loaded(), 3);
  EXPECT_GE(loads_, kModels) << "every model was loaded at least once";
}

}  // namespace
}  // namespace latentspace::server
