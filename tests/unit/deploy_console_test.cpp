// `D` in the console without a terminal: which configured service a selected row deploys,
// and the deploy screen going through the deployer's gate (read-only: refused and audited;
// a declined dialog deploys nothing). No AWS: the caller-ARN lookup goes to a closed
// loopback port.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "app/console/deploy_match.hpp"
#include "app/console/screens/deploy_screen.hpp"
#include "app/session_registry.hpp"
#include "tests/support/child_process.hpp"

using namespace opsdeck;

namespace {

std::vector<app::ServiceConfig> services() {
  std::vector<app::ServiceConfig> out;
  for (auto [name, json] : std::vector<std::pair<std::string, std::string>>{
           {"clinic-api", R"({"deploy": {"type": "ssm", "target": {"tag": "Name", "value": "clinic-api-host"}, "command": "deploy.sh"}})"},
           {"api-prod", R"({"deploy": {"type": "ecs", "cluster": "shop-prod", "service": "api"}})"},
           {"api-dev", R"({"deploy": {"type": "ecs", "cluster": "shop-dev", "service": "api"}})"},
           {"therapy", R"({"deploy": {"type": "lightsail", "service_name": "therapy-api", "container": "web", "image": ":x"}})"}}) {
    auto s = app::parse_service(name, R"({"services": {")" + name + R"(": )" + json + "}}");
    EXPECT_TRUE(s.ok()) << name;
    out.push_back(*s);
  }
  return out;
}

bool settle(ui::EventLoop& loop, app::StepWorkers& w, app::DeployScreen& s) {
  for (int i = 0; i < 400 && (s.running() || w.running() > 0); ++i)
    loop.run_once(std::chrono::milliseconds(50));
  loop.run_once(std::chrono::milliseconds(0));
  return !s.running();
}

}  // namespace

TEST(DeployMatch, RowNamesMatchServicesAndTheirDeployTargets) {
  auto svc = services();
  nlohmann::json ec2 = {{"InstanceId", "i-0abc"}, {"Tags", {{{"Key", "Name"}, {"Value", "clinic-api-host"}}}}};
  EXPECT_EQ(app::match_service(svc, app::resource_names("i-0abc", "i-0abc", &ec2)), "clinic-api");
  nlohmann::json ecs = {{"serviceName", "api"}, {"clusterArn", "arn:aws:ecs:us-east-1:1:cluster/shop-dev"}};
  EXPECT_EQ(app::match_service(svc, app::resource_names("svc/api", "api", &ecs)), "api-dev");
  EXPECT_EQ(app::match_service(svc, app::resource_names("therapy-api", "therapy-api", nullptr)), "therapy");
  EXPECT_EQ(app::match_service(svc, app::resource_names("api-prod", "", nullptr)), "api-prod");
  EXPECT_EQ(app::match_service(svc, app::resource_names("i-999", "other", nullptr)), "");
  nlohmann::json xml = {{"instanceId", "i-0def"}, {"tagSet", {{"item", {{"key", "Name"}, {"value", "clinic-api-host"}}}}}};
  EXPECT_EQ(app::match_service(svc, app::resource_names("i-0def", "i-0def", &xml)), "clinic-api");
}

TEST(DeployScreen, ReadOnlyIsRefusedByTheGateAndAudited) {
  opsdeck::testing::TempDir dir;
  opsdeck::testing::write_file(dir.path() / "config.json", R"({"environments": {"prod": {"production": true}},
    "services": {"api-prod": {"environment": "prod", "deploy": {"type": "ecs", "cluster": "c", "service": "api"}}}})");
  std::string audit = (dir.path() / "audit.jsonl").string();
  ::setenv("OPSDECK_AUDIT_LOG", audit.c_str(), 1);
  app::GlobalOptions g;
  g.config_path = (dir.path() / "config.json").string();
  g.readonly = true;
  g.region = "us-east-1";
  g.endpoint_url = "http://127.0.0.1:9";
  ui::EventLoop loop;
  app::StepWorkers workers;
  auto s = std::make_shared<app::DeployScreen>(loop, workers, std::make_shared<app::SessionRegistry>(nullptr), g,
                                               app::DeployPlan{"api-prod", "prod", true, true, "ecs:c/api"});
  s->begin();
  ASSERT_TRUE(settle(loop, workers, *s));
  ::unsetenv("OPSDECK_AUDIT_LOG");
  EXPECT_EQ(s->state(), "refused");
  std::string text;
  for (const auto& l : s->lines()) text += l + "\n";
  EXPECT_NE(text.find("read-only"), std::string::npos) << text;
  std::string log = opsdeck::testing::read_file(audit);
  EXPECT_NE(log.find("\"phase\":\"refused\""), std::string::npos) << log;
}

TEST(DeployScreen, ProductionAsksForTheNameAndEscDeploysNothing) {
  ui::EventLoop loop;
  app::StepWorkers workers;
  auto s = std::make_shared<app::DeployScreen>(loop, workers, std::make_shared<app::SessionRegistry>(nullptr),
                                               app::GlobalOptions{},
                                               app::DeployPlan{"api-prod", "prod", true, false, "ecs:c/api"});
  s->begin();
  ui::CellGrid g(100, 30);
  s->render(g, g.bounds(), true);
  EXPECT_NE(g.to_text().find("PRODUCTION environment prod"), std::string::npos) << g.to_text();
  s->on_key(ui::KeyEvent::of(ui::Key::Escape));
  EXPECT_EQ(s->state(), "cancelled");
  EXPECT_EQ(workers.running(), 0);
}
