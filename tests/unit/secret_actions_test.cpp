// Secrets on call: the whole-value viewer (`V`), put-secret-value (`e`, which keeps a JSON
// secret JSON) and rotate-now (`O`, refused without a rotation) over canned responses.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/console/screens/secret_value_screen.hpp"
#include "app/console/screens/secrets_screen.hpp"
#include "app/console/secret_capabilities.hpp"
#include "app/resources/secrets.hpp"
#include "tests/unit/screen_test_env.hpp"

using namespace opsdeck;
using nlohmann::json;

namespace {

std::string render(app::ConsoleView& v, int w = 100, int h = 30) {
  ui::CellGrid g(w, h);
  v.render(g, "06:00 UTC", 0, true);
  return g.to_text();
}

const app::Capability& capability(const std::string& command) {
  for (const auto& c : app::secret_capabilities())
    if (c.command == command) return c;
  throw std::runtime_error("no capability " + command);
}

}  // namespace

TEST(SecretValueScreen, PrettyPrintsJsonWrapsLongLinesAndNeverCopies) {
  app::SecretValueScreen s("app/prod/env", R"({"DB_PASSWORD":"pw-not-real","API_KEY":"k"})");
  auto lines = s.lines(80);
  ASSERT_GE(lines.size(), 4u);
  EXPECT_EQ(lines[0], "{");
  EXPECT_NE(lines[1].find("\"API_KEY\": \"k\""), std::string::npos) << lines[1];
  EXPECT_EQ(s.selected_id(), "");  // `y` has nothing to copy

  app::SecretValueScreen longer("k", std::string(250, 'x') + "\nend\x1b[31m");
  auto wrapped = longer.lines(100);
  ASSERT_EQ(wrapped.size(), 4u);
  EXPECT_EQ(wrapped[0].size(), 100u);
  EXPECT_EQ(wrapped[2].size(), 50u);
  EXPECT_EQ(wrapped[3].find('\x1b'), std::string::npos) << wrapped[3];  // escapes are shown, not obeyed
  longer.wipe();
  EXPECT_TRUE(longer.lines(100).empty());
}

TEST(SecretValueScreen, CapitalVOpensTheWholeValueAndItClosesByItself) {
  testing_env::Env e;
  e.fake.bodies["secretsmanager:ListSecrets"] =
      R"({"SecretList":[{"Name":"app/prod/env","ARN":"arn:s","Description":"prod env"}]})";
  std::string tail(150, 'z');
  e.fake.bodies["secretsmanager:GetSecretValue"] =
      json({{"Name", "app/prod/env"}, {"SecretString", json({{"KEY", "s3cr3t-not-real-" + tail}}).dump()}}).dump();
  app::open_secrets(e.env());
  e.timers.clear();
  e.view.on_key(ui::KeyEvent::character('V'));
  std::string text = render(e.view);
  EXPECT_NE(text.find("Value of app/prod/env"), std::string::npos) << text;
  EXPECT_NE(text.find("s3cr3t-not-real-zzz"), std::string::npos) << text;
  EXPECT_NE(text.find("zzzzzzzzzz"), std::string::npos) << text;  // the wrapped rest of it
  ASSERT_EQ(e.timers.size(), 1u);
  e.timers[0]();  // kSecretViewSeconds later
  text = render(e.view);
  EXPECT_EQ(text.find("s3cr3t"), std::string::npos) << text;
  EXPECT_NE(text.find("Secrets Manager"), std::string::npos) << text;
}

TEST(SecretCapabilities, PutKeepsAJsonSecretJsonAndSendsANewVersion) {
  EXPECT_EQ(app::validate_secret_value("", false), "a secret's value cannot be empty");
  EXPECT_NE(app::validate_secret_value(std::string(65537, 'a'), false), "");
  EXPECT_EQ(app::validate_secret_value("plain", false), "");
  EXPECT_NE(app::validate_secret_value("plain", true), "");
  EXPECT_NE(app::validate_secret_value("[1,2]", true), "");
  EXPECT_EQ(app::validate_secret_value(R"({"a":1})", true), "");

  const auto& put = capability("action.edit");
  EXPECT_TRUE(put.secret_input);
  EXPECT_TRUE(put.redact_audit);
  testing_env::Env e;
  e.fake.bodies["secretsmanager:GetSecretValue"] = R"({"Name":"app/env","SecretString":"{\"A\":\"old\"}"})";
  e.fake.bodies["secretsmanager:PutSecretValue"] = R"({"Name":"app/env","VersionId":"v-2","VersionStages":["AWSCURRENT"]})";
  std::optional<aws::Result<std::string>> finished;
  auto run = [&](const std::string& input) {
    finished.reset();
    e.fake.calls.clear();
    put.run(app::ActionTarget{"app/env", "app/env", input, nullptr},
            app::ActionRun{e.env(), [&](aws::Result<std::string> r) { finished = std::move(r); }, [](const std::string&) {}});
  };
  run("just-a-password");
  ASSERT_TRUE(finished);
  ASSERT_FALSE(*finished);
  EXPECT_NE(finished->error().message.find("JSON object"), std::string::npos);
  ASSERT_EQ(e.fake.calls.size(), 1u);  // nothing was put
  run(R"({"A":"new"})");
  ASSERT_TRUE(finished && *finished);
  EXPECT_EQ(**finished, "new version v-2 is AWSCURRENT");
  ASSERT_EQ(e.fake.calls.size(), 2u);
  EXPECT_EQ(e.fake.calls[1].name(), "secretsmanager:PutSecretValue");
  EXPECT_EQ(e.fake.calls[1].input["SecretString"], R"({"A":"new"})");
  EXPECT_EQ(e.fake.calls[1].input["ClientRequestToken"].get<std::string>().size(), 32u);
}

TEST(SecretCapabilities, RotateIsRefusedWithoutARotationAndSendsRotateSecretWithOne) {
  const auto& rotate = capability("action.rotate");
  EXPECT_EQ(rotate.key, "O");
  json off = {{"Name", "a"}, {"RotationEnabled", false}}, on = {{"Name", "a"}, {"RotationEnabled", true}};
  auto refused = rotate.details(app::ActionTarget{"a", "a", "", &off});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("no rotation configured"), std::string::npos);
  ASSERT_TRUE(rotate.details(app::ActionTarget{"a", "a", "", &on}));
  auto req = rotate.request(app::ActionTarget{"a", "a", "", &on});
  ASSERT_TRUE(req);
  EXPECT_EQ(req->name(), "secretsmanager:RotateSecret");
  EXPECT_EQ(req->input["RotateImmediately"], true);
}
