#include "app/console/screens/sqs_screen.hpp"

#include <memory>

#include "app/console/screens/list_screen.hpp"
#include "app/resources/queues.hpp"

namespace opsdeck::app {

void open_sqs_queues(const ScreenEnv& env) {
  const auto& list = queue_list();
  show_list(env, std::make_shared<TableScreen>("SQS queues", list.pane_columns(), ResourceType::SqsQueue), list);
}

}  // namespace opsdeck::app
