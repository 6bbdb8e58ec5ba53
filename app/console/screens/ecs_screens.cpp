#include "app/console/screens/ecs_screens.hpp"

#include <algorithm>
#include <memory>

#include "aws/json_fields.hpp"

namespace opsdeck::app {

namespace {

using ui::Role;

std::string num(long long v) { return std::to_string(v); }

Role rollout_role(const std::string& s) {
  if (s == "COMPLETED") return Role::StateGood;
  if (s == "FAILED") return Role::StateBad;
  return s.empty() ? Role::Dim : Role::StateWarn;
}

// Keeps the tasks a service launched (group "service:NAME"); moto ignores ListTasks'
// serviceName, and a real cluster answers the same, so the filter is harmless there.
std::vector<aws::EcsTask> of_service(std::vector<aws::EcsTask> tasks, const std::string& service) {
  if (service.empty()) return tasks;
  std::erase_if(tasks, [&](const aws::EcsTask& t) {
    std::string group = aws::jstr(t.raw, "group");
    return !group.empty() && group != "service:" + service;
  });
  return tasks;
}

}  // namespace

std::vector<ui::Column> ecs_cluster_columns() {
  return {{"CLUSTER", 8, 40, 0},
          {"STATUS", 6, 12, 1},
          {"SERVICES", 8, 8, 0, true},
          {"RUNNING", 7, 7, 0, true},
          {"PENDING", 7, 7, 0, true},
          {"INSTANCES", 9, 9, 2, true}};
}

std::vector<ui::Column> ecs_service_columns() {
  return {{"SERVICE", 8, 36, 0},      {"DESIRED", 7, 7, 0, true}, {"RUNNING", 7, 7, 0, true},
          {"PENDING", 7, 7, 1, true}, {"STATUS", 6, 10, 2},       {"DEPLOYED", 8, 8, 1, true},
          {"ROLLOUT", 7, 12, 0},      {"TASK DEF", 8, 30, 3}};
}

std::vector<ui::Column> ecs_task_columns() {
  return {{"TASK", 8, 36, 0},          {"LAST", 7, 12, 0},       {"DESIRED", 7, 9, 1},
          {"STARTED", 7, 7, 2, true}, {"STOPPED REASON", 14, 60, 0}, {"EXIT CODES", 10, 30, 0}};
}

std::vector<ui::Column> target_health_columns() {
  return {{"TARGET GROUP", 8, 32, 1}, {"TARGET", 8, 40, 0},   {"PORT", 4, 6, 2, true},
          {"STATE", 7, 12, 0},       {"REASON", 6, 36, 0},   {"DESCRIPTION", 11, 80, 3}};
}

PaneRows ecs_cluster_rows(const std::vector<aws::EcsCluster>& clusters) {
  PaneRows out;
  for (const auto& c : clusters) {
    out.rows.push_back({cell(c.name), cell(c.status, state_role(c.status)),
                        cell(num(c.active_services)),
                        cell(num(c.running_tasks), c.running_tasks ? Role::StateGood : Role::Dim),
                        cell(num(c.pending_tasks), c.pending_tasks ? Role::StateWarn : Role::Dim),
                        cell(num(c.container_instances), Role::Dim)});
    out.keys.push_back(c.name);
    out.documents.push_back(c.raw);
  }
  return out;
}

PaneRows ecs_service_rows(const std::vector<aws::EcsService>& services, SysTime now) {
  PaneRows out;
  for (const auto& s : services) {
    Role count = s.running >= s.desired ? Role::StateGood
                 : s.running == 0       ? Role::StateBad
                                        : Role::StateWarn;
    out.rows.push_back({cell(s.name), cell(num(s.desired)), cell(num(s.running), count),
                        cell(num(s.pending), s.pending ? Role::StateWarn : Role::Dim),
                        cell(s.status, state_role(s.status)),
                        cell(age_since(s.last_deployment, now), Role::Dim),
                        cell(s.rollout_state.empty() ? "-" : s.rollout_state,
                             rollout_role(s.rollout_state)),
                        cell(s.task_definition, Role::Dim)});
    out.keys.push_back(s.cluster + "/" + s.name);
    out.documents.push_back(s.raw);
  }
  return out;
}

PaneRows ecs_task_rows(const std::vector<aws::EcsTask>& tasks, SysTime now) {
  std::vector<const aws::EcsTask*> order;
  for (const auto& t : tasks) order.push_back(&t);
  std::stable_sort(order.begin(), order.end(), [](const aws::EcsTask* a, const aws::EcsTask* b) {
    bool ra = a->last_status == "RUNNING", rb = b->last_status == "RUNNING";
    if (ra != rb) return ra;
    return std::max(a->stopped_at, a->started_at) > std::max(b->stopped_at, b->started_at);
  });
  PaneRows out;
  for (const aws::EcsTask* t : order) {
    std::string codes;
    bool failed = false;
    for (const auto& c : t->containers) {
      if (!c.exit_code) continue;
      if (!codes.empty()) codes += " ";
      codes += c.name + ":" + std::to_string(*c.exit_code);
      failed = failed || *c.exit_code != 0;
    }
    bool stopped = t->last_status == "STOPPED" || t->desired_status == "STOPPED";
    std::string reason = t->stopped_reason;
    if (reason.empty() && !t->stop_code.empty()) reason = t->stop_code;
    out.rows.push_back(
        {cell(t->id), cell(t->last_status, stopped ? Role::StateBad : state_role(t->last_status)),
         cell(t->desired_status, Role::Dim),
         cell(t->started_at.empty() ? "-" : age_since(t->started_at, now), Role::Dim),
         cell(reason.empty() ? "-" : reason, reason.empty() ? Role::Dim : Role::StateBad),
         cell(codes.empty() ? "-" : codes, failed ? Role::StateBad : Role::Dim)});
    out.keys.push_back(t->arn);
    out.documents.push_back(t->raw);
  }
  return out;
}

PaneRows target_health_rows(const std::vector<TargetHealthRow>& targets) {
  PaneRows out;
  for (const auto& t : targets) {
    const auto& h = t.health;
    Role role = h.state == "healthy"     ? Role::StateGood
                : h.state == "unhealthy" ? Role::StateBad
                                         : Role::StateWarn;
    out.rows.push_back({cell(t.target_group), cell(h.id), cell(h.port ? num(h.port) : "-"),
                        cell(h.state, role),
                        cell(h.reason.empty() ? "-" : h.reason,
                             h.state == "unhealthy" ? Role::StateBad : Role::Dim),
                        cell(h.description, Role::Dim)});
    out.keys.push_back(t.target_group + "/" + h.id + ":" + num(h.port));
    out.documents.push_back({{"TargetGroup", t.target_group},
                             {"Target", {{"Id", h.id}, {"Port", h.port}}},
                             {"TargetHealth",
                              {{"State", h.state},
                               {"Reason", h.reason},
                               {"Description", h.description}}}});
  }
  return out;
}

std::vector<std::string> service_target_groups(const nlohmann::json& service) {
  std::vector<std::string> out;
  for (const auto& lb : aws::jarr(service, "loadBalancers")) {
    std::string arn = aws::jstr(lb, "targetGroupArn");
    if (!arn.empty() && std::find(out.begin(), out.end(), arn) == out.end()) out.push_back(arn);
  }
  return out;
}

std::string target_group_name(const std::string& arn) {
  auto slash = arn.find("targetgroup/");
  if (slash == std::string::npos) return arn;
  std::string rest = arn.substr(slash + 12);
  return rest.substr(0, rest.find('/'));
}

void open_ecs_clusters(const ScreenEnv& env) {
  auto s = std::make_shared<TableScreen>("ECS clusters", ecs_cluster_columns(),
                                         ResourceType::EcsCluster);
  std::weak_ptr<TableScreen> w = s;
  s->on_open = [env](const std::string& cluster) {
    open_ecs_services(env, cluster);
    return ui::Outcome::Redraw;
  };
  s->add_hint({"enter", "services"});
  env.view->push_screen(s);
  keep_fresh(env, w);
  s->set_loader([env, w] {
    aws::clusters_async(env.call, deliver<std::vector<aws::EcsCluster>>(
                                      env, w, "ecs", [](const auto& c) { return ecs_cluster_rows(c); }));
  });
}

void open_ecs_services(const ScreenEnv& env, const std::string& cluster) {
  auto s = std::make_shared<TableScreen>("ECS services of " + ui::sanitize_plain(cluster),
                                         ecs_service_columns(), ResourceType::EcsService);
  std::weak_ptr<TableScreen> w = s;
  s->on_open = [env](const std::string& key) {
    auto slash = key.find('/');
    open_ecs_tasks(env, key.substr(0, slash), key.substr(slash + 1));
    return ui::Outcome::Redraw;
  };
  s->on_extra_key = [env, w](const ui::KeyEvent& e, const std::string& key) {
    if (!e.is_char('t') || key.empty()) return ui::Outcome::Ignored;
    auto self = w.lock();
    const nlohmann::json* doc = self ? self->selected_document() : nullptr;
    auto arns = doc ? service_target_groups(*doc) : std::vector<std::string>{};
    if (arns.empty()) {
      env.view->status().show(ui::Severity::Warn, key + ": no load balancer target group");
      return ui::Outcome::Redraw;
    }
    open_target_health(env, key, std::move(arns));
    return ui::Outcome::Redraw;
  };
  s->add_hint({"enter", "tasks"});
  s->add_hint({"=", "scale"});
  s->add_hint({"F", "redeploy"});
  s->add_hint({"t", "targets"});
  env.view->push_screen(s);
  keep_fresh(env, w);
  s->set_loader([env, w, cluster] {
    SysTime now = env.now();
    aws::cluster_services_async(
        env.call, cluster,
        deliver<std::vector<aws::EcsService>>(
            env, w, "ecs", [now](const auto& v) { return ecs_service_rows(v, now); }));
  });
}

void open_ecs_tasks(const ScreenEnv& env, const std::string& cluster, const std::string& service) {
  auto s = std::make_shared<TableScreen>(
      "ECS tasks of " + ui::sanitize_plain(cluster + "/" + service) + " (running + stopped)",
      ecs_task_columns(), ResourceType::EcsTask);
  std::weak_ptr<TableScreen> w = s;
  s->add_hint({"S", "stop task"});
  env.view->push_screen(s);
  keep_fresh(env, w);
  s->set_loader([env, w, cluster, service] {
    SysTime now = env.now();
    aws::service_tasks_async(env.call, cluster, service,
                             deliver<std::vector<aws::EcsTask>>(
                                 env, w, "ecs", [now, service](const auto& v) {
                                   return ecs_task_rows(of_service(v, service), now);
                                 }));
  });
}

void open_target_health(const ScreenEnv& env, const std::string& service_label,
                        std::vector<std::string> arns) {
  auto s = std::make_shared<TableScreen>("Target health of " + ui::sanitize_plain(service_label),
                                         target_health_columns(), ResourceType::Target);
  std::weak_ptr<TableScreen> w = s;
  env.view->push_screen(s);
  keep_fresh(env, w);
  s->set_loader([env, w, arns] {
    // One DescribeTargetHealth per target group, one after the other.
    struct Walk : std::enable_shared_from_this<Walk> {
      aws::AsyncCaller call;
      std::vector<std::string> arns;
      std::vector<TargetHealthRow> out;
      std::function<void(aws::Result<std::vector<TargetHealthRow>>)> done;
      void next(std::size_t i) {
        if (i >= arns.size()) return done(std::move(out));
        auto self = shared_from_this();
        call(aws::describe_target_health_request(arns[i]),
             [self, i](aws::Result<aws::HttpResponse> r) {
               if (!r) return self->done(r.error());
               auto page = aws::parse_describe_target_health(r->body);
               if (!page) return self->done(page.error());
               for (auto& h : *page)
                 self->out.push_back({target_group_name(self->arns[i]), std::move(h)});
               self->next(i + 1);
             });
      }
    };
    auto walk = std::make_shared<Walk>();
    walk->call = env.call;
    walk->arns = arns;
    walk->done = deliver<std::vector<TargetHealthRow>>(
        env, w, "elbv2", [](const auto& v) { return target_health_rows(v); });
    walk->next(0);
  });
}

}  // namespace opsdeck::app
