#include "app/console/screens/lightsail_screen.hpp"

#include <memory>

#include "app/console/screens/lightsail_logs.hpp"
#include "app/console/screens/list_screen.hpp"
#include "app/resources/lightsail.hpp"
#include "aws/lightsail.hpp"

namespace opsdeck::app {

void open_lightsail(const ScreenEnv& env) {
  const auto& list = lightsail_list();
  auto s = std::make_shared<TableScreen>("Lightsail", list.pane_columns(), ResourceType::LightsailService);
  s->add_hint({"F", "redeploy"});
  s->add_hint({"l", "container logs"});
  s->add_hint({"m", "metrics"});
  std::weak_ptr<TableScreen> w = s;
  s->on_extra_key = [env, w](const ui::KeyEvent& e, const std::string& key) {
    if (!e.is_char('l') || key.empty()) return ui::Outcome::Ignored;
    auto self = w.lock();
    const Resource* r = self ? self->selected_resource() : nullptr;
    if (!r || r->kind != ResourceType::LightsailService) {
      env.view->status().show(ui::Severity::Info, "l: select a container service (instances have no container log)");
      return ui::Outcome::Redraw;
    }
    open_lightsail_logs(env, r->id, aws::current_containers(r->document()));
    return ui::Outcome::Redraw;
  };
  show_list(env, s, list);
}

}  // namespace opsdeck::app
