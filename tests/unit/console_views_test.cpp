// The console's views beyond the four panes (app/console/screens/*): ECS drill-down,
// target health, SQS with dead-letter depth, parameters and secrets with masked values,
// Lightsail, and the capabilities they add. Rendered into a CellGrid from fixed typed
// data or from canned AWS responses served synchronously; no terminal, no network.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>

#include "app/console/console_view.hpp"
#include "app/console/screen_capabilities.hpp"
#include "app/console/screens/ecs_screens.hpp"
#include "app/console/screens/lightsail_screen.hpp"
#include "app/console/screens/params_screen.hpp"
#include "app/console/screens/secrets_screen.hpp"
#include "app/console/screens/sqs_screen.hpp"
#include "app/resources/ecs_tasks.hpp"
#include "app/resources/lightsail.hpp"
#include "app/resources/queues.hpp"
#include "app/resources/services.hpp"
#include "app/resources/targets.hpp"
#include "aws/iso8601.hpp"
#include "tests/unit/screen_test_env.hpp"

using namespace opsdeck;
using app::ConsoleView;
using app::ResourceType;
using nlohmann::json;
using ui::Key;
using ui::KeyEvent;
using ui::Role;

namespace {

using testing_env::Env;
using testing_env::kNow;

std::string render(ConsoleView& v, int w = 160, int h = 24) {
  ui::CellGrid g(w, h);
  v.render(g, "06:00 UTC", 0, true);
  return g.to_text();
}

// The role of the first cell of the first occurrence of ASCII `text` in the grid.
std::optional<Role> role_of(ConsoleView& v, const std::string& text, int w = 160, int h = 24) {
  ui::CellGrid g(w, h);
  v.render(g, "06:00 UTC", 0, true);
  for (int y = 0; y < g.height(); ++y) {
    std::string line;
    for (int x = 0; x < g.width(); ++x) {
      const std::string& gl = g.at(x, y).glyph;
      line += gl.size() == 1 ? gl[0] : '?';
    }
    auto at = line.find(text);
    if (at != std::string::npos) return g.at(static_cast<int>(at), y).role;
  }
  return std::nullopt;
}

aws::EcsService service(std::string name, int desired, int running, std::string rollout) {
  aws::EcsService s;
  s.cluster = "prod";
  s.name = std::move(name);
  s.status = "ACTIVE";
  s.desired = desired;
  s.running = running;
  s.rollout_state = std::move(rollout);
  s.last_deployment = "2026-11-22T05:00:00Z";
  s.raw = {{"serviceName", s.name}, {"clusterArn", "arn:aws:ecs:us-east-1:1:cluster/prod"},
           {"desiredCount", desired}};
  return s;
}

// A list's cells for one resource, as the console draws them at kNow.
std::vector<ui::TableCell> cells(const app::ResourceList& list, const app::Resource& r) {
  return list.pane_cells(r, {kNow, nullptr});
}

}  // namespace

TEST(ConsoleViews, EcsServicesShowCountsRolloutAndBadStatesInRed) {
  ConsoleView v(app::HeaderInfo{});
  const auto& list = app::service_list();
  auto s = std::make_shared<app::TableScreen>("ECS services of prod", list.pane_columns(), ResourceType::EcsService);
  s->set_resources(list,
                   {{app::resource_of(service("api", 2, 2, "COMPLETED")),
                     app::resource_of(service("worker", 3, 0, "FAILED"))},
                    {},
                    {}},
                   kNow);
  v.push_screen(s);
  std::string text = render(v);
  EXPECT_NE(text.find("ROLLOUT"), std::string::npos) << text;
  EXPECT_NE(text.find("COMPLETED"), std::string::npos) << text;
  EXPECT_NE(text.find("1h"), std::string::npos) << text;  // deployed an hour ago
  EXPECT_EQ(role_of(v, "FAILED"), Role::StateBad);
  EXPECT_EQ(v.selection().key, "prod/api");
  EXPECT_EQ(v.selection().type, ResourceType::EcsService);
  ASSERT_NE(v.selection().document, nullptr);
  EXPECT_EQ(v.selection().document->value("serviceName", ""), "api");
}

TEST(ConsoleViews, EcsTasksListRunningFirstThenStoppedWithReasonAndExitCode) {
  aws::EcsTask run, stop;
  run.arn = "arn:aws:ecs:us-east-1:1:task/prod/aaa111";
  run.id = "aaa111";
  run.last_status = run.desired_status = "RUNNING";
  run.started_at = "2026-11-22T05:30:00Z";
  stop.arn = "arn:aws:ecs:us-east-1:1:task/prod/bbb222";
  stop.id = "bbb222";
  stop.last_status = stop.desired_status = "STOPPED";
  stop.stopped_reason = "Essential container in task exited";
  stop.containers.push_back({"api", "img", "STOPPED", 137, "", ""});
  const auto& list = app::task_list();
  std::vector<app::Resource> tasks{app::resource_of(stop), app::resource_of(run)};
  list.sort(tasks);
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(tasks[0].id, run.arn);
  auto stopped = cells(list, tasks[1]);
  EXPECT_EQ(stopped[4].text, "Essential container in task exited");
  EXPECT_EQ(stopped[4].role, Role::StateBad);
  EXPECT_EQ(stopped[5].text, "api:137");
  EXPECT_EQ(stopped[5].role, Role::StateBad);
  EXPECT_EQ(cells(list, tasks[0])[3].text, "30m");
  EXPECT_EQ(cells(list, tasks[0])[5].text, "-");
}

TEST(ConsoleViews, EcsDrillDownFromClustersToTasksAndTargetHealth) {
  Env e;
  e.fake.bodies["ecs:ListClusters"] = R"({"clusterArns":["arn:aws:ecs:us-east-1:1:cluster/prod"]})";
  e.fake.bodies["ecs:DescribeClusters"] =
      R"({"clusters":[{"clusterArn":"arn:aws:ecs:us-east-1:1:cluster/prod","clusterName":"prod",
      "status":"ACTIVE","activeServicesCount":0,"runningTasksCount":2,"pendingTasksCount":1}]})";
  e.fake.bodies["ecs:ListServices"] = R"({"serviceArns":["arn:aws:ecs:us-east-1:1:service/prod/api"]})";
  e.fake.bodies["ecs:DescribeServices"] =
      R"({"services":[{"serviceName":"api","clusterArn":"arn:aws:ecs:us-east-1:1:cluster/prod",
      "status":"ACTIVE","desiredCount":2,"runningCount":1,"pendingCount":1,
      "loadBalancers":[{"targetGroupArn":"arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/api-tg/abc"}]}]})";
  e.fake.bodies["ecs:ListTasks"] = R"({"taskArns":["arn:aws:ecs:us-east-1:1:task/prod/t1"]})";
  e.fake.bodies["ecs:DescribeTasks"] =
      R"({"tasks":[{"taskArn":"arn:aws:ecs:us-east-1:1:task/prod/t1","group":"service:api",
      "lastStatus":"STOPPED","desiredStatus":"STOPPED","stoppedReason":"OutOfMemoryError: killed",
      "containers":[{"name":"api","exitCode":137}]},
      {"taskArn":"arn:aws:ecs:us-east-1:1:task/prod/t9","group":"service:other","lastStatus":"RUNNING"}]})";
  e.fake.bodies["elbv2:DescribeTargetHealth"] =
      "<DescribeTargetHealthResponse><DescribeTargetHealthResult><TargetHealthDescriptions>"
      "<member><Target><Id>10.0.1.5</Id><Port>8080</Port></Target><TargetHealth>"
      "<State>unhealthy</State><Reason>Target.Timeout</Reason><Description>Request timed out"
      "</Description></TargetHealth></member></TargetHealthDescriptions>"
      "</DescribeTargetHealthResult></DescribeTargetHealthResponse>";
  e.fake.bodies["elbv2:DescribeTargetGroups"] =
      "<DescribeTargetGroupsResponse><DescribeTargetGroupsResult><TargetGroups><member>"
      "<TargetGroupArn>arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/api-tg/abc</TargetGroupArn>"
      "<TargetGroupName>api-tg</TargetGroupName><LoadBalancerArns>"
      "<member>arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web/50dc</member></LoadBalancerArns>"
      "</member></TargetGroups></DescribeTargetGroupsResult></DescribeTargetGroupsResponse>";
  app::open_ecs_clusters(e.env());
  std::string text = render(e.view);
  EXPECT_NE(text.find("ECS clusters (1)"), std::string::npos) << text;
  // activeServicesCount 0 (as moto reports) is recounted with ListServices.
  EXPECT_TRUE(std::regex_search(text, std::regex(R"(prod +ACTIVE +1 +2 +1)"))) << text;
  e.view.on_key(KeyEvent::of(Key::Enter));
  ASSERT_EQ(e.view.screen_depth(), 2u);
  text = render(e.view);
  EXPECT_NE(text.find("ECS services of prod (1)"), std::string::npos) << text;
  // `t`: the target health of the service's target group, unhealthy in red.
  e.view.on_key(KeyEvent::character('t'));
  ASSERT_EQ(e.view.screen_depth(), 3u);
  text = render(e.view);
  EXPECT_NE(text.find("api-tg"), std::string::npos) << text;
  EXPECT_NE(text.find("Target.Timeout"), std::string::npos) << text;
  EXPECT_NE(text.find("unhealthy"), std::string::npos) << text;
  // The group's load balancer is in the row's document, for the ALB metrics under `m`.
  auto sel = e.view.selection();
  ASSERT_NE(sel.document, nullptr);
  EXPECT_EQ((*sel.document)["LoadBalancerArns"][0], "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web/50dc");
  aws::TargetHealth bad{"10.0.1.5", 8080, "unhealthy", "Target.Timeout", "timed out"};
  aws::TargetHealth good{"10.0.1.6", 8080, "healthy", "", ""};
  const std::string tg = "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/api-tg/abc";
  auto bad_cells = cells(app::target_list(), app::resource_of(aws::GroupTargetHealth{tg, bad}));
  auto good_cells = cells(app::target_list(), app::resource_of(aws::GroupTargetHealth{tg, good}));
  EXPECT_EQ(bad_cells[0].text, "api-tg");
  EXPECT_EQ(bad_cells[3].role, Role::StateBad);
  EXPECT_EQ(bad_cells[4].role, Role::StateBad);
  EXPECT_EQ(good_cells[3].role, Role::StateGood);
  EXPECT_EQ(good_cells[4].text, "-");
  e.view.on_key(KeyEvent::of(Key::Escape));
  e.view.on_key(KeyEvent::of(Key::Enter));
  ASSERT_EQ(e.view.screen_depth(), 3u);
  text = render(e.view);
  EXPECT_NE(text.find("OutOfMemoryError: killed"), std::string::npos) << text;
  EXPECT_NE(text.find("api:137"), std::string::npos) << text;
  EXPECT_EQ(text.find("t9"), std::string::npos) << "another service's task: " << text;
  // Both RUNNING and STOPPED tasks were asked for.
  int running = 0, stopped = 0;
  for (const auto& c : e.fake.calls)
    if (c.operation == "ListTasks") {
      running += c.input.value("desiredStatus", "") == "RUNNING";
      stopped += c.input.value("desiredStatus", "") == "STOPPED";
    }
  EXPECT_EQ(running, 1);
  EXPECT_EQ(stopped, 1);
}

TEST(ConsoleViews, SqsShowsTheDeadLetterDepthInTheSourceQueueRowInRed) {
  aws::QueueAttributes jobs, dlq, mail;
  jobs.url = "http://127.0.0.1/123/jobs";
  jobs.attributes = {{"QueueArn", "arn:aws:sqs:us-east-1:123:jobs"},
                     {"ApproximateNumberOfMessages", "14"},
                     {"ApproximateNumberOfMessagesNotVisible", "2"},
                     {"RedrivePolicy",
                      R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123:jobs-dlq","maxReceiveCount":"5"})"}};
  dlq.url = "http://127.0.0.1/123/jobs-dlq";
  dlq.attributes = {{"QueueArn", "arn:aws:sqs:us-east-1:123:jobs-dlq"},
                    {"ApproximateNumberOfMessages", "3"}};
  mail.url = "http://127.0.0.1/123/mail";
  mail.attributes = {{"QueueArn", "arn:aws:sqs:us-east-1:123:mail"},
                     {"ApproximateNumberOfMessages", "0"}};
  const auto& list = app::queue_list();
  auto queues = app::queue_resources({jobs, dlq, mail}, {{jobs.url, 900.0}, {dlq.url, 30.0}});
  ASSERT_EQ(queues.size(), 3u);
  std::vector<std::vector<ui::TableCell>> rows;
  for (const auto& q : queues) rows.push_back(cells(list, q));
  EXPECT_EQ(rows[0][0].text, "jobs");
  EXPECT_EQ(rows[0][1].text, "14");
  EXPECT_EQ(rows[0][2].text, "2");
  EXPECT_EQ(rows[0][4].text, "jobs-dlq");
  EXPECT_EQ(rows[0][5].text, "3");
  EXPECT_EQ(rows[0][5].role, Role::StateBad);
  EXPECT_EQ(rows[2][5].text, "-");
  EXPECT_EQ(rows[0][3].text, "15m");  // oldest message: a warning past 5 minutes
  EXPECT_EQ(rows[0][3].role, Role::StateWarn);
  EXPECT_EQ(rows[1][3].text, "30s");
  EXPECT_EQ(rows[2][3].text, "-");
  // The same rows as JSON: the DLQ's depth, and null where there is no datapoint.
  EXPECT_EQ(queues[0].fields["dlq_depth"], 3);
  EXPECT_TRUE(queues[2].fields["oldest_seconds"].is_null());
  // A DLQ that is not in the list (another account or region): its depth is unknown.
  auto lone = app::queue_resources({jobs});
  EXPECT_TRUE(lone[0].fields["dlq_depth"].is_null());
  EXPECT_EQ(cells(list, lone[0])[5].text, "?");
  auto queries = app::oldest_message_queries({jobs, dlq});
  ASSERT_EQ(queries.size(), 2u);
  EXPECT_EQ(queries[1].id, "q1");
  EXPECT_EQ(queries[1].metric, "ApproximateAgeOfOldestMessage");
  EXPECT_EQ(queries[1].dimensions.at(0).second, "jobs-dlq");
  ConsoleView v(app::HeaderInfo{});
  auto s = std::make_shared<app::TableScreen>("SQS queues", list.pane_columns(), ResourceType::SqsQueue);
  s->set_resources(list, {queues, {}, {}}, kNow);
  v.push_screen(s);
  std::string text = render(v);
  EXPECT_NE(text.find("DLQ DEPTH"), std::string::npos) << text;
  EXPECT_NE(text.find("jobs-dlq"), std::string::npos) << text;
}

TEST(ConsoleViews, ParameterValuesStayMaskedUntilVRevealsTheSelectedOneOnly) {
  Env e;
  const std::string secret = "postgres://u:hunter2-not-real@db/x";
  e.fake.bodies["ssm:DescribeParameters"] =
      R"({"Parameters":[{"Name":"/app/prod/DATABASE_URL","Type":"SecureString","Version":3,
      "LastModifiedDate":1795323600},{"Name":"/app/prod/LOG_LEVEL","Type":"String","Version":1}]})";
  e.fake.bodies["ssm:GetParameter"] =
      json{{"Parameter", {{"Name", "/app/prod/DATABASE_URL"}, {"Type", "SecureString"},
                          {"Value", secret}, {"Version", 3}}}}.dump();
  auto s = app::open_parameters(e.env());
  std::string text = render(e.view);
  EXPECT_NE(text.find("/app/prod/DATABASE_URL"), std::string::npos) << text;
  EXPECT_NE(text.find(app::kMask), std::string::npos) << text;
  EXPECT_EQ(text.find("hunter2"), std::string::npos);
  for (const auto& c : e.fake.calls) EXPECT_NE(c.operation, "GetParameter");  // not before `v`
  // `d` shows the document: metadata only.
  ASSERT_NE(e.view.selection().document, nullptr);
  EXPECT_EQ(e.view.selection().document->dump().find("hunter2"), std::string::npos);

  e.view.on_key(KeyEvent::character('v'));
  text = render(e.view);
  EXPECT_NE(text.find(secret), std::string::npos) << text;
  EXPECT_EQ(text.find("hunter2", text.find("hunter2") + 1), std::string::npos) << "shown once";
  ASSERT_FALSE(e.fake.calls.empty());
  EXPECT_EQ(e.fake.calls.back().operation, "GetParameter");
  EXPECT_EQ(e.fake.calls.back().input["WithDecryption"], true);
  // Moving the selection hides it again.
  e.view.on_key(KeyEvent::character('j'));
  EXPECT_EQ(render(e.view).find("hunter2"), std::string::npos);
  // So does the timer, when the selection stays.
  e.view.on_key(KeyEvent::character('k'));
  e.view.on_key(KeyEvent::character('v'));
  EXPECT_NE(render(e.view).find("hunter2"), std::string::npos);
  ASSERT_FALSE(e.timers.empty());
  e.timers.back()();
  EXPECT_EQ(render(e.view).find("hunter2"), std::string::npos);
  EXPECT_EQ(s->revealed_key(), "");
}

TEST(ConsoleViews, SecretValuesStayMaskedUntilV) {
  Env e;
  e.fake.bodies["secretsmanager:ListSecrets"] =
      R"({"SecretList":[{"Name":"app/prod/env","ARN":"arn:s","Description":"prod env"}]})";
  e.fake.bodies["secretsmanager:GetSecretValue"] =
      R"({"Name":"app/prod/env","ARN":"arn:s","SecretString":"{\"KEY\":\"s3cr3t-not-real\"}"})";
  app::open_secrets(e.env());
  std::string text = render(e.view);
  EXPECT_NE(text.find("app/prod/env"), std::string::npos) << text;
  EXPECT_NE(text.find("prod env"), std::string::npos) << text;
  EXPECT_EQ(text.find("s3cr3t"), std::string::npos) << text;
  e.view.on_key(KeyEvent::character('v'));
  text = render(e.view);
  EXPECT_NE(text.find("s3cr3t-not-real"), std::string::npos) << text;
  e.view.on_key(KeyEvent::of(Key::Escape));  // closing the screen drops it
  EXPECT_EQ(render(e.view).find("s3cr3t"), std::string::npos);
}

TEST(ConsoleViews, LightsailListsInstancesAndContainerServicesWithTheirTypes) {
  aws::LightsailInstance i;
  i.name = "blog";
  i.state = "running";
  i.bundle = "nano_3_0";
  aws::LightsailContainerService c;
  c.name = "web";
  c.state = "RUNNING";
  c.power = "nano";
  c.scale = 2;
  c.current_deployment_version = 4;
  c.current_deployment_state = "ACTIVE";
  c.next_deployment_state = "ACTIVATING";
  ConsoleView v(app::HeaderInfo{});
  const auto& list = app::lightsail_list();
  auto s = std::make_shared<app::TableScreen>("Lightsail", list.pane_columns(), ResourceType::LightsailService);
  s->set_resources(list, {{app::lightsail_row(i), app::lightsail_row(c)}, {}, {}}, kNow);
  v.push_screen(s);
  std::string text = render(v);
  EXPECT_NE(text.find("nano x2"), std::string::npos) << text;
  EXPECT_NE(text.find("v4 ACTIVE (next: ACTIVATING)"), std::string::npos) << text;
  EXPECT_EQ(v.selection().type, ResourceType::LightsailInstance);
  v.on_key(KeyEvent::character('j'));
  EXPECT_EQ(v.selection().type, ResourceType::LightsailService);
  EXPECT_EQ(v.selection().key, "container:web");
}

// One of the two Lightsail reads failing leaves the other's rows and says what is missing;
// both failing is an error in the view.
TEST(ConsoleViews, LightsailViewShowsWhatLoadedAndSaysWhatFailed) {
  Env e;
  e.fake.bodies["lightsail:GetInstances"] =
      R"({"instances":[{"name":"blog","state":{"name":"running"},"bundleId":"nano_3_0"}]})";
  app::open_lightsail(e.env());
  std::string text = render(e.view);
  EXPECT_NE(text.find("blog"), std::string::npos) << text;
  EXPECT_NE(text.find("partial"), std::string::npos) << text;
  EXPECT_NE(text.find("Lightsail container services"), std::string::npos) << text;
  EXPECT_EQ(e.view.selection().type, ResourceType::LightsailInstance);
  EXPECT_EQ(e.view.selection().key, "lightsail:blog");

  Env none;
  app::open_lightsail(none.env());
  text = render(none.view);
  EXPECT_NE(text.find("lightsail: "), std::string::npos) << text;
  EXPECT_NE(text.find("NotServed"), std::string::npos) << text;
}

TEST(ConsoleViews, CapabilitiesBuildScaleRedeployAndParameterRequests) {
  EXPECT_EQ(app::validate_desired_count("0"), "");
  EXPECT_EQ(app::validate_desired_count("1000"), "");
  EXPECT_NE(app::validate_desired_count("1001"), "");
  EXPECT_NE(app::validate_desired_count("-1"), "");
  EXPECT_NE(app::validate_desired_count("3x"), "");
  EXPECT_NE(app::validate_desired_count(""), "");

  const auto& ecs = app::capabilities(ResourceType::EcsService);
  ASSERT_EQ(ecs.size(), 2u);
  json svc = {{"serviceName", "api"}, {"clusterArn", "arn:aws:ecs:r:1:cluster/prod"}, {"desiredCount", 2}};
  app::ActionTarget t{"prod/api", "prod/api", "5", &svc};
  EXPECT_EQ(ecs[0].key, "=");
  EXPECT_EQ(ecs[0].input_default(t), "2");
  auto scale = ecs[0].request(t);
  ASSERT_TRUE(scale);
  EXPECT_EQ(scale->input["desiredCount"], 5);
  EXPECT_EQ(scale->input["cluster"], "prod");
  EXPECT_EQ(scale->input["service"], "api");
  auto force = ecs[1].request(t);
  ASSERT_TRUE(force);
  EXPECT_EQ(force->input["forceNewDeployment"], true);
  EXPECT_FALSE(force->input.contains("desiredCount"));

  // Same key, same command across types.
  const auto& ls = app::capabilities(ResourceType::LightsailService);
  ASSERT_EQ(ls.size(), 1u);
  EXPECT_EQ(ls[0].command, ecs[1].command);
  EXPECT_EQ(ls[0].key, "F");
  json cs = {{"containerServiceName", "web"},
             {"currentDeployment",
              {{"version", 4},
               {"containers", {{"app", {{"image", "nginx:1"}}}}},
               {"publicEndpoint", {{"containerName", "app"}, {"containerPort", 80}}}}}};
  app::ActionTarget lt{"container:web", "web", "", &cs};
  auto deploy = ls[0].request(lt);
  ASSERT_TRUE(deploy);
  EXPECT_EQ(deploy->input["serviceName"], "web");
  EXPECT_EQ(deploy->input["containers"]["app"]["image"], "nginx:1");
  EXPECT_EQ(deploy->input["publicEndpoint"]["containerPort"], 80);

  const auto& ps = app::capabilities(ResourceType::Parameter);
  ASSERT_EQ(ps.size(), 1u);
  json secure = {{"Name", "/a"}, {"Type", "SecureString"}}, plain = {{"Name", "/b"}, {"Type", "String"}};
  EXPECT_TRUE(ps[0].secret_when(app::ActionTarget{"/a", "/a", "", &secure}));
  EXPECT_FALSE(ps[0].secret_when(app::ActionTarget{"/b", "/b", "", &plain}));
  EXPECT_TRUE(ps[0].redact_audit);
  auto put = ps[0].request(app::ActionTarget{"/a", "/a", "new", &secure});
  ASSERT_TRUE(put);
  EXPECT_EQ(put->input["Overwrite"], true);
  EXPECT_EQ(put->input["Type"], "SecureString");
  EXPECT_EQ(put->input["Value"], "new");
}

TEST(ConsoleViews, ViewsRefreshOnlyWhileOnTopAndStopOnceClosed) {
  Env e;
  e.fake.bodies["sqs:ListQueues"] = R"({"QueueUrls":["http://127.0.0.1/1/jobs"]})";
  e.fake.bodies["sqs:GetQueueAttributes"] = R"({"Attributes":{"ApproximateNumberOfMessages":"4"}})";
  e.fake.bodies["cloudwatch:GetMetricData"] =
      R"({"MetricDataResults":[{"Id":"q0","Timestamps":[1795322400,1795322340],"Values":[420,360]}]})";
  app::open_sqs_queues(e.env());
  EXPECT_NE(render(e.view).find(" 7m "), std::string::npos) << render(e.view);  // the newest value
  auto lists = [&] {
    int n = 0;
    for (const auto& c : e.fake.calls) n += c.operation == "ListQueues";
    return n;
  };
  EXPECT_EQ(lists(), 1);
  EXPECT_NE(render(e.view).find("jobs"), std::string::npos);
  ASSERT_EQ(e.timers.size(), 1u);
  auto tick = [&] {
    auto t = e.timers.back();
    t();
  };
  tick();
  EXPECT_EQ(lists(), 2);
  EXPECT_EQ(e.timers.size(), 2u);  // rescheduled
  // Hidden under another screen: no request, still scheduled.
  e.view.push_screen(std::make_shared<app::TableScreen>("other", std::vector<ui::Column>{{"X", 4, 8, 0}},
                                                        ResourceType::None));
  tick();
  EXPECT_EQ(lists(), 2);
  EXPECT_EQ(e.timers.size(), 3u);
  // Closed: the chain ends.
  e.view.pop_screen();
  e.view.pop_screen();
  tick();
  EXPECT_EQ(lists(), 2);
  EXPECT_EQ(e.timers.size(), 3u);
}

// `S` on a task row: StopTask for the task's cluster (from the document, else the ARN), with
// a reason; refused for a task that has stopped already; one capability per ECS task row.
TEST(ConsoleViews, EcsTaskStopBuildsStopTaskAndRefusesAStoppedTask) {
  const auto& caps = app::capabilities(ResourceType::EcsTask);
  ASSERT_EQ(caps.size(), 1u);
  EXPECT_EQ(caps[0].command, "action.stop");
  EXPECT_EQ(caps[0].key, "S");
  const std::string arn = "arn:aws:ecs:us-east-1:123456789012:task/clickit-prod/0a1b2c";
  json running = {{"taskArn", arn},
                  {"clusterArn", "arn:aws:ecs:us-east-1:123456789012:cluster/clickit-prod"},
                  {"lastStatus", "RUNNING"}};
  auto req = caps[0].request(app::ActionTarget{arn, "0a1b2c", "", &running});
  ASSERT_TRUE(req) << req.error().message;
  EXPECT_EQ(req->operation, "StopTask");
  const json& body = req->input;
  EXPECT_EQ(body["cluster"], "clickit-prod");
  EXPECT_EQ(body["task"], arn);
  EXPECT_FALSE(body["reason"].get<std::string>().empty());

  auto from_arn = caps[0].request(app::ActionTarget{arn, "0a1b2c", "", nullptr});  // no document
  ASSERT_TRUE(from_arn) << from_arn.error().message;
  EXPECT_EQ(from_arn->input["cluster"], "clickit-prod");

  json stopped = running;
  stopped["lastStatus"] = "STOPPED";
  auto refused = caps[0].request(app::ActionTarget{arn, "0a1b2c", "", &stopped});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("already stopped"), std::string::npos);
  EXPECT_FALSE(caps[0].request(app::ActionTarget{"i-0abc", "", "", nullptr}));
}

// `h` on a service lists its family's revisions, newest first, the running one marked; `B`'s
// dialog names the change and the images, and refuses the running revision.
TEST(ConsoleViews, RevisionsMarkTheRunningOneAndBRollsBackToAnother) {
  Env e;
  e.fake.bodies["ecs:ListTaskDefinitions"] =
      R"({"taskDefinitionArns":["arn:aws:ecs:r:1:task-definition/api:3","arn:aws:ecs:r:1:task-definition/api-worker:9",
          "arn:aws:ecs:r:1:task-definition/api:2"]})";
  e.fake.bodies["ecs:DescribeTaskDefinition"] =
      R"({"taskDefinition":{"taskDefinitionArn":"arn:aws:ecs:r:1:task-definition/api:3","family":"api","revision":3,
          "containerDefinitions":[{"name":"app","image":"shop/api:3.1"}],"registeredAt":1763780400}})";
  app::Resource svc{ResourceType::EcsService, "prod/api", {},
                    {{"serviceName", "api"}, {"clusterArn", "arn:aws:ecs:r:1:cluster/prod"},
                     {"taskDefinition", "arn:aws:ecs:r:1:task-definition/api:3"}}};
  app::open_revisions(e.env(), svc);
  // Two describes (api-worker is another family, left out); the fake answers revision 3 twice.
  int describes = 0;
  for (const auto& c : e.fake.calls) describes += c.name() == "ecs:DescribeTaskDefinition";
  EXPECT_EQ(describes, 2);
  std::string text = render(e.view);
  EXPECT_NE(text.find("3 *"), std::string::npos) << text;
  EXPECT_NE(text.find("app=shop/api:3.1"), std::string::npos) << text;

  const auto& caps = app::capabilities(ResourceType::TaskDefinition);
  ASSERT_EQ(caps.size(), 1u);
  EXPECT_EQ(caps[0].key, "B");
  json running = {{"taskDefinition", {{"containerDefinitions", {{{"name", "app"}, {"image", "shop/api:3.1"}}}}}},
                  {"service", {{"cluster", "prod"}, {"serviceName", "api"},
                               {"taskDefinition", "arn:aws:ecs:r:1:task-definition/api:3"}}}};
  json older = running;
  older["taskDefinition"]["containerDefinitions"][0]["image"] = "shop/api:3.0";
  const std::string arn2 = "arn:aws:ecs:r:1:task-definition/api:2";
  auto refused = caps[0].details(app::ActionTarget{"arn:aws:ecs:r:1:task-definition/api:3", "api:3", "", &running});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("already runs revision 3"), std::string::npos);
  auto lines = caps[0].details(app::ActionTarget{arn2, "api:2", "", &older});
  ASSERT_TRUE(lines);
  EXPECT_EQ((*lines)[0], "prod/api: api revision 3 -> 2");
  EXPECT_EQ((*lines)[1], "  app: shop/api:3.0");
  auto req = caps[0].request(app::ActionTarget{arn2, "api:2", "", &older});
  ASSERT_TRUE(req);
  EXPECT_EQ(req->name(), "ecs:UpdateService");
  EXPECT_EQ(req->input["taskDefinition"], arn2);
  EXPECT_EQ(req->input["service"], "api");
  EXPECT_EQ(req->input["cluster"], "prod");
}
