#pragma once
// The `:ecs` drill-down: clusters (services, running / pending tasks) -> Enter -> the
// cluster's services (desired / running / pending, status, last deployment and its age,
// rollout state) -> Enter -> the service's tasks, RUNNING and STOPPED, with stop reason and
// container exit codes. `t` on a service opens the target health of its load balancer's
// target group(s). Service rows are ResourceType::EcsService (keyed "cluster/service"), so
// the scale (`=`) and force-new-deployment (`F`) capabilities apply to them.
//
// The *_rows functions are pure (fixed data -> rows, for tests); open_* push a screen and
// start its loader. Threads: UI thread; loaders complete through ScreenEnv::post.

#include <string>
#include <utility>
#include <vector>

#include "app/console/screens/screen_env.hpp"
#include "aws/ecs_clusters.hpp"
#include "aws/elbv2.hpp"

namespace opsdeck::app {

struct TargetHealthRow {
  std::string target_group;  // name
  aws::TargetHealth health;
};

std::vector<ui::Column> ecs_cluster_columns();
std::vector<ui::Column> ecs_service_columns();
std::vector<ui::Column> ecs_task_columns();
std::vector<ui::Column> target_health_columns();

PaneRows ecs_cluster_rows(const std::vector<aws::EcsCluster>& clusters);
PaneRows ecs_service_rows(const std::vector<aws::EcsService>& services, SysTime now);
// RUNNING first, then the others, newest first within each.
PaneRows ecs_task_rows(const std::vector<aws::EcsTask>& tasks, SysTime now);
PaneRows target_health_rows(const std::vector<TargetHealthRow>& targets);

// The target group ARNs of a service's raw DescribeServices document.
std::vector<std::string> service_target_groups(const nlohmann::json& service);
// "arn:aws:elasticloadbalancing:r:a:targetgroup/NAME/123" -> "NAME".
std::string target_group_name(const std::string& arn);

void open_ecs_clusters(const ScreenEnv& env);
void open_ecs_services(const ScreenEnv& env, const std::string& cluster);
void open_ecs_tasks(const ScreenEnv& env, const std::string& cluster, const std::string& service);
void open_target_health(const ScreenEnv& env, const std::string& service_label,
                        std::vector<std::string> target_group_arns);

}  // namespace opsdeck::app
