#include "app/console/screens/lightsail_screen.hpp"

#include <memory>

#include "app/console/screens/list_screen.hpp"
#include "app/resources/lightsail.hpp"

namespace opsdeck::app {

void open_lightsail(const ScreenEnv& env) {
  const auto& list = lightsail_list();
  auto s = std::make_shared<TableScreen>("Lightsail", list.pane_columns(), ResourceType::LightsailService);
  s->add_hint({"F", "redeploy"});
  show_list(env, s, list);
}

}  // namespace opsdeck::app
