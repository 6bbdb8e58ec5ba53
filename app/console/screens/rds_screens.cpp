#include "app/console/screens/rds_screens.hpp"

#include <memory>

#include "app/console/screens/list_screen.hpp"
#include "app/resources/db_snapshots.hpp"

namespace opsdeck::app {

void open_db_snapshots(const ScreenEnv& env) {
  const auto& list = db_snapshot_list();
  auto s = std::make_shared<TableScreen>("RDS snapshots", list.pane_columns(), ResourceType::DbSnapshot);
  s->add_hint({"C", "restore to a new instance"});
  show_list(env, s, list);
}

}  // namespace opsdeck::app
