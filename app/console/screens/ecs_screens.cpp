#include "app/console/screens/ecs_screens.hpp"

#include <memory>

#include "app/console/screens/list_screen.hpp"
#include "app/resources/ecs_clusters.hpp"
#include "app/resources/ecs_tasks.hpp"
#include "app/resources/services.hpp"
#include "app/resources/targets.hpp"
#include "app/resources/task_definitions.hpp"
#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

namespace {

// Enter on a row opens `open` with the row's resource.
void on_enter(const std::shared_ptr<TableScreen>& s, const ScreenEnv& env,
              void (*open)(const ScreenEnv&, const Resource&)) {
  std::weak_ptr<TableScreen> w = s;
  s->on_open = [env, w, open](const std::string&) {
    auto self = w.lock();
    const Resource* r = self ? self->selected_resource() : nullptr;
    if (!r) return ui::Outcome::Ignored;
    open(env, *r);
    return ui::Outcome::Redraw;
  };
}

}  // namespace

void open_ecs_clusters(const ScreenEnv& env) {
  const auto& list = cluster_list();
  auto s = std::make_shared<TableScreen>("ECS clusters", list.pane_columns(), ResourceType::EcsCluster);
  on_enter(s, env, open_ecs_services);
  s->add_hint({"enter", "services"});
  show_list(env, s, list);
}

void open_ecs_services(const ScreenEnv& env, const Resource& cluster) {
  const auto& list = service_list();
  auto s = std::make_shared<TableScreen>("ECS services of " + ui::sanitize_plain(cluster.id), list.pane_columns(),
                                         ResourceType::EcsService);
  std::weak_ptr<TableScreen> w = s;
  on_enter(s, env, open_ecs_tasks);
  s->on_extra_key = [env, w](const ui::KeyEvent& e, const std::string& key) {
    if (!(e.is_char('t') || e.is_char('h')) || key.empty()) return ui::Outcome::Ignored;
    auto self = w.lock();
    const Resource* service = self ? self->selected_resource() : nullptr;
    if (!service) return ui::Outcome::Ignored;
    if (e.is_char('h')) {
      open_revisions(env, *service);
      return ui::Outcome::Redraw;
    }
    if (service_target_groups(service->document()).empty()) {
      env.view->status().show(ui::Severity::Warn, ui::sanitize_plain(key) + ": no load balancer target group");
      return ui::Outcome::Redraw;
    }
    open_target_health(env, *service);
    return ui::Outcome::Redraw;
  };
  s->add_hint({"enter", "tasks"});
  s->add_hint({"=", "scale"});
  s->add_hint({"F", "redeploy"});
  s->add_hint({"t", "targets"});
  s->add_hint({"h", "revisions"});
  show_list(env, s, list, cluster);
}

void open_ecs_tasks(const ScreenEnv& env, const Resource& service) {
  const auto& list = task_list();
  auto s = std::make_shared<TableScreen>("ECS tasks of " + ui::sanitize_plain(service.id) + " (running + stopped)",
                                         list.pane_columns(), ResourceType::EcsTask);
  s->add_hint({"S", "stop task"});
  show_list(env, s, list, service);
}

void open_revisions(const ScreenEnv& env, const Resource& service) {
  const auto& list = revision_list();
  auto s = std::make_shared<TableScreen>("Task-definition revisions of " + ui::sanitize_plain(service.id) +
                                             " (* = running)",
                                         list.pane_columns(), ResourceType::TaskDefinition);
  s->add_hint({"B", "roll back to it"});
  s->add_hint({"d", "definition"});
  show_list(env, s, list, service, Refresh::Once);
}

void open_target_health(const ScreenEnv& env, const Resource& service) {
  const auto& list = target_list();
  auto s = std::make_shared<TableScreen>("Target health of " + ui::sanitize_plain(service.id), list.pane_columns(),
                                         ResourceType::Target);
  show_list(env, s, list, service);
}

}  // namespace opsdeck::app
