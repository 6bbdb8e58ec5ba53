// Proves the moto fixture checks signatures: a correctly signed STS call is answered,
// a wrongly signed one and an unknown key are refused.
#include <gtest/gtest.h>

#include <future>

#include "aws/http_executor.hpp"
#include "aws/sigv4.hpp"
#include "tests/support/moto_server.hpp"

using namespace opsdeck;
using opsdeck::testing::shared_moto;

namespace {

aws::Result<aws::HttpResponse> signed_sts_call(const aws::Credentials& creds) {
  auto& moto = shared_moto();
  aws::HttpRequest r;
  r.scheme = "http";
  r.host = "127.0.0.1:" + std::to_string(moto.port());
  r.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  r.body = "Action=GetCallerIdentity&Version=2011-06-15";
  aws::SigningParams sp;
  sp.region = moto.region();
  sp.service = "sts";
  sp.time = std::chrono::system_clock::now();
  aws::sigv4_sign_request(r, creds, sp);
  aws::HttpExecutor ex;
  std::promise<aws::Result<aws::HttpResponse>> p;
  ex.submit(r, [&](aws::Result<aws::HttpResponse> res) { p.set_value(std::move(res)); });
  return p.get_future().get();
}

}  // namespace

TEST(MotoFixture, AcceptsACorrectlySignedRequest) {
  auto res = signed_sts_call(shared_moto().credentials());
  ASSERT_TRUE(res.ok()) << res.error().describe();
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_NE(res->body.find("<Arn>arn:aws:iam::123456789012:user/opsdeck-test</Arn>"), std::string::npos)
      << res->body;
}

TEST(MotoFixture, RejectsAWrongSignature) {
  aws::Credentials bad = shared_moto().credentials();
  bad.secret_access_key += "x";
  auto res = signed_sts_call(bad);
  ASSERT_TRUE(res.ok()) << res.error().describe();
  EXPECT_EQ(res->status, 403) << res->body;
  EXPECT_NE(res->body.find("SignatureDoesNotMatch"), std::string::npos) << res->body;
}

TEST(MotoFixture, RejectsAnUnknownAccessKey) {
  aws::Credentials bad{"AKIAUNKNOWNKEY000000", "secret", "", {}, "test"};
  auto res = signed_sts_call(bad);
  ASSERT_TRUE(res.ok()) << res.error().describe();
  EXPECT_EQ(res->status, 403) << res->body;
  EXPECT_NE(res->body.find("InvalidClientTokenId"), std::string::npos) << res->body;
}

TEST(MotoFixture, ResetWipesStateAndKeepsSignatureChecking) {
  auto& moto = shared_moto();
  auto old_key = moto.credentials();
  moto.reset();
  EXPECT_NE(moto.credentials().access_key_id, old_key.access_key_id);
  auto ok = signed_sts_call(moto.credentials());
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->status, 200) << ok->body;
  auto stale = signed_sts_call(old_key);
  ASSERT_TRUE(stale.ok());
  EXPECT_EQ(stale->status, 403) << stale->body;
  std::printf("moto start %lld ms, reset %lld ms\n",
              static_cast<long long>(moto.start_duration().count()),
              static_cast<long long>(moto.last_reset_duration().count()));
}
