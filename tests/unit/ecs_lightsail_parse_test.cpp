#include <gtest/gtest.h>

#include "aws/ecs.hpp"
#include "aws/lightsail.hpp"
#include "tests/support/captured_response.hpp"

namespace opsdeck::aws {
namespace {

using testing::captured;

TEST(EcsParse, ServicesFromMoto) {
  auto svcs = parse_describe_services(captured("ecs_DescribeServices.json"));
  ASSERT_TRUE(svcs.ok());
  ASSERT_EQ(svcs->size(), 1u);
  const auto& s = (*svcs)[0];
  EXPECT_EQ(s.cluster, "prod");
  EXPECT_EQ(s.name, "api");
  EXPECT_EQ(s.desired, 2);
  EXPECT_EQ(s.status, "ACTIVE");
  EXPECT_EQ(s.task_definition, "api:1");
  EXPECT_EQ(s.rollout_state, "IN_PROGRESS");
  EXPECT_EQ(s.last_deployment.back(), 'Z');
}

TEST(EcsParse, AllServicesWalksClustersAndKeepsFailures) {
  testing::ScriptedCaller sc;
  sc.bodies["ecs:ListClusters"] = {captured("ecs_ListClusters.json")};
  sc.bodies["ecs:ListServices"] = {R"({"serviceArns":[],"nextToken":"t"})", captured("ecs_ListServices.json")};
  sc.bodies["ecs:DescribeServices"] = {captured("ecs_DescribeServices.json")};
  auto all = all_services(sc.caller());
  ASSERT_TRUE(all.ok()) << all.error().describe();
  EXPECT_EQ(all->size(), 1u);
  EXPECT_EQ(sc.seen[2].input["nextToken"], "t");

  testing::ScriptedCaller async_sc;
  async_sc.bodies = {{"ecs:ListClusters", {captured("ecs_ListClusters.json")}},
                     {"ecs:ListServices", {captured("ecs_ListServices.json")}},
                     {"ecs:DescribeServices", {captured("ecs_DescribeServices.json")}}};
  int done = 0;
  all_services_async(async_sc.async_caller(), [&](Result<std::vector<EcsService>> r) {
    ++done;
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->size(), 1u);
  });
  EXPECT_EQ(done, 1);

  std::vector<EcsFailure> failures;
  auto none = parse_describe_services(
      R"({"services":[],"failures":[{"arn":"arn:aws:ecs:r:1:service/prod/gone","reason":"MISSING"}]})",
      &failures);
  ASSERT_TRUE(none.ok());
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].reason, "MISSING");
}

TEST(EcsParse, TasksStopReasonAndExitCodes) {
  auto tasks = parse_describe_tasks(captured("ecs_DescribeTasks.json"));
  ASSERT_TRUE(tasks.ok());
  ASSERT_EQ(tasks->size(), 1u);
  EXPECT_EQ((*tasks)[0].cluster, "prod");
  auto stopped = parse_describe_tasks(R"({"tasks":[{"taskArn":"arn:aws:ecs:r:1:task/prod/abc",
     "lastStatus":"STOPPED","stopCode":"EssentialContainerExited","stoppedReason":"Essential container in task exited",
     "containers":[{"name":"app","exitCode":137,"reason":"OOMKilled"},{"name":"sidecar"}]}]})");
  ASSERT_TRUE(stopped.ok());
  const auto& t = (*stopped)[0];
  EXPECT_EQ(t.id, "abc");
  EXPECT_EQ(t.stop_code, "EssentialContainerExited");
  ASSERT_EQ(t.containers.size(), 2u);
  EXPECT_EQ(t.containers[0].exit_code, 137);
  EXPECT_FALSE(t.containers[1].exit_code.has_value());
}

TEST(EcsParse, UpdateAndExecuteCommand) {
  auto req = update_service_request("prod", "api", 3, true);
  EXPECT_EQ(req.input["desiredCount"], 3);
  EXPECT_EQ(req.input["forceNewDeployment"], true);
  auto session = parse_execute_command(captured("ecs_ExecuteCommand.json"));
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->stream_url.rfind("wss://", 0), 0u);
  EXPECT_FALSE(session->token.empty());
  EXPECT_FALSE(parse_execute_command("{}").ok());
}

TEST(LightsailParse, InstancesAndServicesFromFake) {
  std::string token = "x";
  auto inst = parse_get_instances(captured("lightsail_GetInstances.json"), &token);
  ASSERT_TRUE(inst.ok());
  ASSERT_EQ(inst->size(), 2u);
  EXPECT_TRUE(token.empty());
  EXPECT_EQ((*inst)[0].name, "blog ✓ prod");
  EXPECT_EQ((*inst)[0].state, "running");
  EXPECT_EQ((*inst)[0].bundle, "nano_3_0");
  EXPECT_EQ((*inst)[0].public_ip, "3.91.10.20");
  EXPECT_EQ((*inst)[0].az, "us-east-1a");
  EXPECT_EQ((*inst)[1].public_ip, "");
  auto svcs = parse_get_container_services(captured("lightsail_GetContainerServices.json"));
  ASSERT_TRUE(svcs.ok());
  ASSERT_EQ(svcs->size(), 1u);
  EXPECT_EQ((*svcs)[0].name, "shop-api");
  EXPECT_EQ((*svcs)[0].scale, 2);
  EXPECT_EQ((*svcs)[0].current_deployment_version, 2);
  auto deps = parse_get_container_service_deployments(captured("lightsail_GetContainerServiceDeployments.json"));
  ASSERT_TRUE(deps.ok());
  EXPECT_EQ(deps->size(), 2u);
  auto created = parse_create_container_service_deployment(
      captured("lightsail_CreateContainerServiceDeployment.json"));
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->state, "DEPLOYING");
  EXPECT_EQ(created->next_deployment_state, "ACTIVATING");
}

}  // namespace
}  // namespace opsdeck::aws
