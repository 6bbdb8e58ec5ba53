// Session, SessionRegistry and the console's MfaPrompt: one session per set of flags,
// the caller identity asked once, stop() ending calls, and MFA questions answered in a
// dialog (never read from the terminal) or failed at once when the console closes them.

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/console/mfa_prompt.hpp"
#include "app/identify_caller.hpp"
#include "app/session_registry.hpp"
#include "aws/service_call.hpp"
#include "aws/sqs_secrets_sts.hpp"
#include "tests/support/canned_answers.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/loopback_http_server.hpp"

namespace opsdeck {
namespace {

// Static keys from the environment, so no session looks anywhere else for credentials.
class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", 1);
    ::setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", 1);
  }
  void TearDown() override {
    ::unsetenv("AWS_ACCESS_KEY_ID");
    ::unsetenv("AWS_SECRET_ACCESS_KEY");
  }
  static app::GlobalOptions flags(const std::string& region, const std::string& endpoint) {
    app::GlobalOptions g;
    g.region = region;
    g.endpoint_url = endpoint;
    return g;
  }
};

TEST_F(SessionTest, TheSameFlagsShareOneSessionAndOthersGetTheirOwn) {
  app::SessionRegistry sessions(nullptr);
  auto a = sessions.get(flags("eu-west-1", "http://127.0.0.1:9"));
  auto b = sessions.get(flags("eu-west-1", "http://127.0.0.1:9"));
  auto c = sessions.get(flags("us-east-1", "http://127.0.0.1:9"));
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->get(), b->get());
  EXPECT_EQ(&(*a)->client(), &(*b)->client());
  EXPECT_NE(a->get(), c->get());
  EXPECT_EQ((*a)->region(), "eu-west-1");
  EXPECT_EQ((*c)->region(), "us-east-1");
  app::GlobalOptions ro = flags("eu-west-1", "http://127.0.0.1:9");
  ro.readonly = true;  // read-only is another session: its client refuses writes
  auto d = sessions.get(ro);
  ASSERT_TRUE(d.ok());
  EXPECT_NE(a->get(), d->get());
  EXPECT_TRUE((*d)->readonly());
  EXPECT_EQ(sessions.opened(), 3);
}

TEST_F(SessionTest, ConcurrentFirstUsesOpenOneSession) {
  app::SessionRegistry sessions(nullptr);
  std::vector<std::future<app::Session*>> got;
  for (int i = 0; i < 8; ++i)
    got.push_back(std::async(std::launch::async, [&sessions]() -> app::Session* {
      auto s = sessions.get(flags("eu-west-1", "http://127.0.0.1:9"));
      return s.ok() ? s->get() : nullptr;
    }));
  app::Session* first = got.front().get();
  ASSERT_NE(first, nullptr);
  for (std::size_t i = 1; i < got.size(); ++i) EXPECT_EQ(got[i].get(), first);
  EXPECT_EQ(sessions.opened(), 1);
}

TEST_F(SessionTest, AnErrorIsReportedAndNotRemembered) {
  app::SessionRegistry sessions(nullptr);
  ::setenv("AWS_CONFIG_FILE", "/nonexistent/opsdeck-test-config", 1);
  ::unsetenv("AWS_REGION");
  ::unsetenv("AWS_DEFAULT_REGION");
  auto none = sessions.get(flags("", "http://127.0.0.1:9"));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().kind, aws::ErrorKind::Usage);
  EXPECT_NE(none.error().describe().find("region"), std::string::npos) << none.error().describe();
  ::setenv("AWS_REGION", "ap-south-1", 1);
  auto later = sessions.get(flags("", "http://127.0.0.1:9"));
  ::unsetenv("AWS_REGION");
  ::unsetenv("AWS_CONFIG_FILE");
  ASSERT_TRUE(later.ok()) << later.error().describe();
  EXPECT_EQ((*later)->region(), "ap-south-1");
  EXPECT_EQ(sessions.opened(), 1);
}

TEST_F(SessionTest, TheCallerIdentityIsAskedOnceAndAFailureIsAskedAgain) {
  std::atomic<bool> fail{true};
  testing::LoopbackHttpServer sts([&fail](const testing::CapturedRequest&) {
    if (fail) return testing::LoopbackHttpServer::response(403,
        "<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>expired</Message></Error>"
        "<RequestId>r0</RequestId></ErrorResponse>");
    return testing::LoopbackHttpServer::response(200, testing::kCallerIdentityXml);
  });
  app::SessionRegistry sessions(nullptr);
  auto s = sessions.get(flags("eu-west-1", sts.url()));
  ASSERT_TRUE(s.ok());
  std::string why;
  EXPECT_EQ((*s)->caller_arn(&why), "");
  EXPECT_NE(why.find("ExpiredToken"), std::string::npos) << why;
  EXPECT_FALSE((*s)->known_caller_arn());
  int after_failure = sts.request_count();
  fail = false;
  EXPECT_EQ((*s)->caller_arn(), "arn:aws:iam::123456789012:user/oncall");
  EXPECT_EQ((*s)->caller_arn(), "arn:aws:iam::123456789012:user/oncall");
  EXPECT_EQ(sts.request_count(), after_failure + 1);
  EXPECT_EQ((*s)->known_caller_arn().value_or(""), "arn:aws:iam::123456789012:user/oncall");
}

// A fleet reaches one account's role in several regions: the role is assumed once for all
// of them (as the AWS CLI's cache does), and every region's calls are signed with it. Another
// profile assumes its own.
TEST_F(SessionTest, OneProfilesRegionsShareItsAssumedRole) {
  testing::TempDir dir;
  testing::write_file(dir.path() / "config",
                      "[profile base]\nregion = us-east-1\n"
                      "[profile prod]\nrole_arn = arn:aws:iam::111111111111:role/oncall\nsource_profile = base\n"
                      "[profile staging]\nrole_arn = arn:aws:iam::222222222222:role/oncall\nsource_profile = base\n");
  testing::write_file(dir.path() / "credentials",
                      "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n");
  ::setenv("AWS_CONFIG_FILE", (dir.path() / "config").c_str(), 1);
  ::setenv("AWS_SHARED_CREDENTIALS_FILE", (dir.path() / "credentials").c_str(), 1);
  ::unsetenv("AWS_ACCESS_KEY_ID");  // the profiles' keys, not the fixture's
  ::unsetenv("AWS_SECRET_ACCESS_KEY");
  struct Restore {
    ~Restore() {
      ::unsetenv("AWS_CONFIG_FILE");
      ::unsetenv("AWS_SHARED_CREDENTIALS_FILE");
    }
  } restore;
  std::atomic<int> assumed{0};
  std::mutex mu;
  std::vector<std::string> signed_with;  // the access key of every GetCallerIdentity
  testing::LoopbackHttpServer sts([&](const testing::CapturedRequest& r) {
    if (r.body.find("Action=AssumeRole") != std::string::npos) {
      const int n = ++assumed;
      return testing::LoopbackHttpServer::response(
          200, "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAROLE" + std::to_string(n) +
                   "</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken>"
                   "<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>");
    }
    const std::string* auth = r.header("authorization");
    std::lock_guard lock(mu);
    signed_with.push_back(auth ? auth->substr(auth->find("Credential=") + 11, 9) : "");
    return testing::LoopbackHttpServer::response(200, testing::kCallerIdentityXml);
  });
  app::SessionRegistry sessions(nullptr);
  auto member = [&](const std::string& profile, const std::string& region) {
    app::GlobalOptions g = flags(region, sts.url());
    g.profile = profile;
    auto s = sessions.get(g);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().describe());
    return s.ok() ? *s : nullptr;
  };
  auto east = member("prod", "us-east-1"), west = member("prod", "us-west-2"), eu = member("prod", "eu-west-1");
  ASSERT_TRUE(east && west && eu);
  EXPECT_NE(east.get(), west.get());  // each region keeps its own session and client
  EXPECT_EQ(east->credentials(), west->credentials());
  for (const auto& s : {east, west, eu}) EXPECT_FALSE(s->caller_arn().empty());
  EXPECT_EQ(assumed.load(), 1);
  auto other = member("staging", "us-east-1");
  ASSERT_TRUE(other);
  EXPECT_NE(other->credentials(), east->credentials());
  EXPECT_FALSE(other->caller_arn().empty());
  EXPECT_EQ(assumed.load(), 2);
  EXPECT_EQ(signed_with, (std::vector<std::string>{"ASIAROLE1", "ASIAROLE1", "ASIAROLE1", "ASIAROLE2"}));
}

TEST_F(SessionTest, StopAllEndsEveryCallWithCancelled) {
  testing::LoopbackHttpServer sts([](const testing::CapturedRequest&) {
    return testing::LoopbackHttpServer::response(200, testing::kCallerIdentityXml);
  });
  app::SessionRegistry sessions(nullptr);
  auto s = sessions.get(flags("eu-west-1", sts.url()));
  ASSERT_TRUE(s.ok());
  std::shared_ptr<app::Session> held = *s;
  sessions.stop_all();
  auto r = aws::get_caller_identity(aws::sync_caller(held->client()));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, aws::ErrorKind::Cancelled) << r.error().describe();
  EXPECT_EQ(sts.request_count(), 0);
  // A later get opens a new session.
  auto fresh = sessions.get(flags("eu-west-1", sts.url()));
  ASSERT_TRUE(fresh.ok());
  EXPECT_NE(fresh->get(), held.get());
}

// identify_caller's three sources: an assumed role's answer (no GetCallerIdentity, in the
// console's async form and in Session::caller_arn's blocking one), the session's memory
// (done at once, on the calling thread), and GetCallerIdentity for keys that do not say.
TEST_F(SessionTest, AnAssumedRoleIsKnownFromItsAssumeRoleAnswerAndKeysAskStsOnce) {
  testing::TempDir dir;
  testing::write_file(dir.path() / "config",
                      "[profile base]\nregion = us-east-1\n"
                      "[profile prod]\nrole_arn = arn:aws:iam::111111111111:role/oncall\nsource_profile = base\n");
  testing::write_file(dir.path() / "credentials",
                      "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n");
  ::setenv("AWS_CONFIG_FILE", (dir.path() / "config").c_str(), 1);
  ::setenv("AWS_SHARED_CREDENTIALS_FILE", (dir.path() / "credentials").c_str(), 1);
  struct Restore {
    ~Restore() {
      ::unsetenv("AWS_CONFIG_FILE");
      ::unsetenv("AWS_SHARED_CREDENTIALS_FILE");
    }
  } restore;
  std::atomic<int> identities{0};
  testing::LoopbackHttpServer sts([&](const testing::CapturedRequest& r) {
    if (r.body.find("Action=AssumeRole") != std::string::npos)
      return testing::LoopbackHttpServer::response(
          200,
          "<AssumeRoleResponse><AssumeRoleResult><AssumedRoleUser><Arn>arn:aws:sts::111111111111:assumed-role/"
          "oncall/s1</Arn></AssumedRoleUser><Credentials><AccessKeyId>ASIAROLE</AccessKeyId><SecretAccessKey>s"
          "</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration>"
          "</Credentials></AssumeRoleResult></AssumeRoleResponse>");
    ++identities;
    return testing::LoopbackHttpServer::response(200, testing::kCallerIdentityXml);
  });
  auto identify = [](const std::shared_ptr<app::Session>& s) {
    std::promise<std::pair<aws::CallerIdentity, std::thread::id>> got;
    app::identify_caller(s, aws::async_caller(s->client()), [&got](aws::CallerIdentity id) {
      got.set_value({std::move(id), std::this_thread::get_id()});
    });
    return got.get_future().get();
  };
  app::SessionRegistry sessions(nullptr);
  app::GlobalOptions g = flags("eu-west-1", sts.url());
  g.profile = "prod";
  auto role = sessions.get(g);
  ASSERT_TRUE(role.ok()) << role.error().describe();
  auto [first, on] = identify(*role);
  EXPECT_EQ(first.account, "111111111111");
  EXPECT_EQ(first.arn, "arn:aws:sts::111111111111:assumed-role/oncall/s1");
  EXPECT_NE(on, std::this_thread::get_id());  // the client's IO thread
  EXPECT_EQ((*role)->known_caller_arn(), first.arn);
  auto [again, again_on] = identify(*role);  // remembered: at once, here
  EXPECT_EQ(again.arn, first.arn);
  EXPECT_EQ(again_on, std::this_thread::get_id());
  g.region = "us-east-1";  // another region of the profile: its own session, the shared role
  auto east = sessions.get(g);
  ASSERT_TRUE(east.ok());
  EXPECT_EQ((*east)->caller_arn(), first.arn);  // the blocking form: from the credentials too
  EXPECT_EQ(identities.load(), 0);

  g.profile = "base";  // plain keys: STS is asked, once
  auto keys = sessions.get(g);
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(identify(*keys).first.account, "123456789012");
  EXPECT_EQ(identify(*keys).first.arn, "arn:aws:iam::123456789012:user/oncall");
  EXPECT_EQ(identities.load(), 1);
  // Callers that come while an ask is out (panes refreshing together) share its answer.
  g.region = "us-west-2";
  auto fresh = sessions.get(g);
  ASSERT_TRUE(fresh.ok());
  std::vector<std::future<std::pair<aws::CallerIdentity, std::thread::id>>> together;
  for (int i = 0; i < 4; ++i) together.push_back(std::async(std::launch::async, identify, *fresh));
  for (auto& f : together) EXPECT_EQ(f.get().first.account, "123456789012");
  EXPECT_EQ(identities.load(), 2);

  // A stopped client: Cancelled, and identify_caller answers with nothing known.
  g.profile = "prod";
  g.region = "ap-south-1";
  auto stopped = sessions.get(g);
  ASSERT_TRUE(stopped.ok());
  (*stopped)->stop();
  std::promise<aws::Result<aws::CredentialIdentity>> said;
  (*stopped)->client().credential_identity([&said](aws::Result<aws::CredentialIdentity> r) { said.set_value(r); });
  auto r = said.get_future().get();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, aws::ErrorKind::Cancelled);
  EXPECT_EQ(identify(*stopped).first.account, "");
}

// Runs the loop's posted tasks until `done` or 5 s.
template <class Pred>
bool pump(ui::EventLoop& loop, Pred done) {
  for (int i = 0; i < 500 && !done(); ++i) loop.run_once(std::chrono::milliseconds(10));
  return done();
}

TEST(ConsoleMfaPrompt, TheCodeIsTypedInADialogAndReachesTheCredentialWorker) {
  ui::EventLoop loop;
  auto mfa = std::make_shared<app::MfaPrompt>(loop);
  aws::MfaPrompt ask = mfa->prompt();
  auto answer = std::async(std::launch::async, [&ask] { return ask("arn:aws:iam::123456789012:mfa/oncall"); });
  ASSERT_TRUE(pump(loop, [&] { return mfa->modal(); }));
  ui::CellGrid grid(80, 24);
  mfa->render(grid, true);
  EXPECT_NE(grid.to_text().find("MFA code"), std::string::npos) << grid.to_text();
  EXPECT_NE(grid.to_text().find("mfa/oncall"), std::string::npos) << grid.to_text();
  for (char c : std::string("246802")) mfa->on_key(ui::KeyEvent::character(static_cast<char32_t>(c)));
  mfa->render(grid, true);
  EXPECT_EQ(grid.to_text().find("246802"), std::string::npos) << "the code is masked";
  EXPECT_NE(grid.to_text().find("******"), std::string::npos) << grid.to_text();
  mfa->on_key(ui::KeyEvent::of(ui::Key::Enter));
  EXPECT_FALSE(mfa->modal());
  auto code = answer.get();
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(*code, "246802");
}

TEST(ConsoleMfaPrompt, EscIsAClearCredentialsErrorAndQuestionsComeOneAtATime) {
  ui::EventLoop loop;
  auto mfa = std::make_shared<app::MfaPrompt>(loop);
  aws::MfaPrompt ask = mfa->prompt();
  auto first = std::async(std::launch::async, [&ask] { return ask("serial-1"); });
  ASSERT_TRUE(pump(loop, [&] { return mfa->modal(); }));
  auto second = std::async(std::launch::async, [&ask] { return ask("serial-2"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  loop.run_once(std::chrono::milliseconds(10));
  ui::CellGrid grid(80, 24);
  mfa->render(grid, true);
  EXPECT_NE(grid.to_text().find("serial-1"), std::string::npos) << grid.to_text();
  mfa->on_key(ui::KeyEvent::of(ui::Key::Escape));
  auto r1 = first.get();
  ASSERT_FALSE(r1.ok());
  EXPECT_EQ(r1.error().kind, aws::ErrorKind::Credentials);
  EXPECT_NE(r1.error().describe().find("no MFA code"), std::string::npos);
  ASSERT_TRUE(pump(loop, [&] { return mfa->modal(); }));
  mfa->render(grid, true);
  EXPECT_NE(grid.to_text().find("serial-2"), std::string::npos) << grid.to_text();
  for (char c : std::string("654321")) mfa->on_key(ui::KeyEvent::character(static_cast<char32_t>(c)));
  mfa->on_key(ui::KeyEvent::of(ui::Key::Enter));
  auto r2 = second.get();
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(*r2, "654321");
}

TEST(ConsoleMfaPrompt, CloseAnswersAWaitingQuestionAndEveryLaterOne) {
  ui::EventLoop loop;
  auto mfa = std::make_shared<app::MfaPrompt>(loop);
  aws::MfaPrompt ask = mfa->prompt();
  auto waiting = std::async(std::launch::async, [&ask] { return ask("serial"); });
  ASSERT_TRUE(pump(loop, [&] { return mfa->modal(); }));
  mfa->close();
  EXPECT_FALSE(mfa->modal());
  auto r = waiting.get();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, aws::ErrorKind::Cancelled);
  auto later = ask("serial");
  ASSERT_FALSE(later.ok());
  EXPECT_EQ(later.error().kind, aws::ErrorKind::Cancelled);
}

}  // namespace
}  // namespace opsdeck
