#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <thread>
#include <vector>

#include "aws/credential_cache.hpp"
#include "aws/credential_chain.hpp"
#include "aws/credential_env.hpp"
#include "aws/credential_static.hpp"

using namespace opsdeck::aws;
using namespace std::chrono_literals;
using TimePoint = std::chrono::system_clock::time_point;

namespace {

// Hands out numbered credentials that expire `lifetime` after the fake clock's now.
class CountingProvider : public CredentialsProvider {
 public:
  CountingProvider(const TimePoint* now, std::chrono::seconds lifetime, std::chrono::milliseconds work = 0ms)
      : now_(now), lifetime_(lifetime), work_(work) {}
  Result<Credentials> get() override {
    int n = ++calls;
    std::this_thread::sleep_for(work_);
    if (fail) return make_error(ErrorKind::Network, "sts down");
    Credentials c{"AKID" + std::to_string(n), "secret", "token", *now_ + lifetime_, "counting"};
    return c;
  }
  std::string name() const override { return "counting"; }
  std::atomic<int> calls{0};
  std::atomic<bool> fail{false};

 private:
  const TimePoint* now_;
  std::chrono::seconds lifetime_;
  std::chrono::milliseconds work_;
};

EnvLookup env(std::map<std::string, std::string> m) {
  return [m](const std::string& k) -> std::optional<std::string> {
    auto it = m.find(k);
    return it == m.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

}  // namespace

TEST(CredentialCache, RefreshesBeforeExpiry) {
  TimePoint now = std::chrono::system_clock::from_time_t(1'700'000'000);
  auto inner = std::make_shared<CountingProvider>(&now, 3600s);
  CachingCredentialsProvider cache(inner, [&] { return now; }, 300s);
  EXPECT_EQ(cache.get()->access_key_id, "AKID1");
  now += 3000s;  // 10 minutes before expiry: still fresh
  EXPECT_EQ(cache.get()->access_key_id, "AKID1");
  now += 400s;  // inside the 5-minute window
  EXPECT_EQ(cache.get()->access_key_id, "AKID2");
  EXPECT_EQ(inner->calls, 2);
}

TEST(CredentialCache, ConcurrentCallersShareOneRefresh) {
  TimePoint now = std::chrono::system_clock::from_time_t(1'700'000'000);
  auto inner = std::make_shared<CountingProvider>(&now, 3600s, 200ms);
  CachingCredentialsProvider cache(inner, [&] { return now; });
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] {
      auto c = cache.get();
      if (c.ok() && c->access_key_id == "AKID1") ++ok;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 8);
  EXPECT_EQ(inner->calls, 1);
}

TEST(CredentialCache, KeepsValidCredentialsWhenAnEarlyRefreshFails) {
  TimePoint now = std::chrono::system_clock::from_time_t(1'700'000'000);
  auto inner = std::make_shared<CountingProvider>(&now, 3600s);
  CachingCredentialsProvider cache(inner, [&] { return now; }, 300s);
  ASSERT_TRUE(cache.get().ok());
  inner->fail = true;
  now += 3500s;  // in the refresh window, not yet expired
  auto c = cache.get();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->access_key_id, "AKID1");
  now += 200s;  // expired now
  EXPECT_FALSE(cache.get().ok());
}

TEST(CredentialCache, InvalidateForcesAFetch) {
  TimePoint now = std::chrono::system_clock::from_time_t(1'700'000'000);
  auto inner = std::make_shared<CountingProvider>(&now, 3600s);
  CachingCredentialsProvider cache(inner, [&] { return now; });
  ASSERT_TRUE(cache.get().ok());
  cache.invalidate();
  EXPECT_EQ(cache.get()->access_key_id, "AKID2");
}

TEST(CredentialEnv, ReadsKeysTokenAndExpiration) {
  EnvCredentialsProvider p(env({{"AWS_ACCESS_KEY_ID", "AKIA1"},
                                {"AWS_SECRET_ACCESS_KEY", "s"},
                                {"AWS_SESSION_TOKEN", "t"},
                                {"AWS_CREDENTIAL_EXPIRATION", "2030-01-02T03:04:05Z"}}));
  auto c = p.get();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->access_key_id, "AKIA1");
  EXPECT_EQ(c->session_token, "t");
  ASSERT_TRUE(c->expiration);
  EXPECT_EQ(std::chrono::system_clock::to_time_t(*c->expiration), 1893553445);
}

TEST(CredentialEnv, HalfSetIsAnErrorAndUnsetIsNotConfigured) {
  auto half = EnvCredentialsProvider(env({{"AWS_ACCESS_KEY_ID", "AKIA1"}})).get();
  ASSERT_FALSE(half.ok());
  EXPECT_FALSE(is_not_configured(half.error()));
  EXPECT_NE(half.error().message.find("AWS_SECRET_ACCESS_KEY"), std::string::npos);
  auto none = EnvCredentialsProvider(env({})).get();
  ASSERT_FALSE(none.ok());
  EXPECT_TRUE(is_not_configured(none.error()));
}

TEST(CredentialChain, FirstConfiguredWinsAndNothingIsACredentialsError) {
  auto empty_env = std::make_shared<EnvCredentialsProvider>(env({}));
  auto fixed = std::make_shared<StaticCredentialsProvider>(Credentials{"AKS", "s", "", {}, "static"});
  EXPECT_EQ(ChainCredentialsProvider({empty_env, fixed}).get()->access_key_id, "AKS");
  auto none = ChainCredentialsProvider({empty_env}).get();
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().kind, ErrorKind::Credentials);
  EXPECT_FALSE(none.error().hint.empty());
  auto broken = std::make_shared<EnvCredentialsProvider>(env({{"AWS_ACCESS_KEY_ID", "x"}}));
  auto stops = ChainCredentialsProvider({broken, fixed}).get();
  EXPECT_FALSE(stops.ok());  // a configured source that fails is reported, not skipped
}
