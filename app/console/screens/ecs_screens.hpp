#pragma once
// The `:ecs` drill-down, each level a resource list (app/resources/): clusters (services,
// running / pending tasks) -> Enter -> the cluster's services (desired / running /
// pending, status, last deployment and its age, rollout state) -> Enter -> the service's
// tasks, RUNNING and STOPPED, with stop reason and container exit codes. `t` on a service
// opens the target health of its load balancer's target group(s). Service rows are
// ResourceType::EcsService (keyed "cluster/service"), so the scale (`=`) and
// force-new-deployment (`F`) capabilities apply to them; `S` on a task stops it. `h` on a
// service opens its task-definition revisions (newest first, the running one marked),
// where `B` rolls the service back to the selected one.
//
// Threads: UI thread; loads complete through ScreenEnv::post (list_screen.hpp).

#include "app/console/screens/screen_env.hpp"
#include "app/resources/resource.hpp"

namespace opsdeck::app {

void open_ecs_clusters(const ScreenEnv& env);
void open_ecs_services(const ScreenEnv& env, const Resource& cluster);
void open_ecs_tasks(const ScreenEnv& env, const Resource& service);
void open_target_health(const ScreenEnv& env, const Resource& service);
void open_revisions(const ScreenEnv& env, const Resource& service);

}  // namespace opsdeck::app
