#include "app/console/command_table.hpp"

namespace opsdeck::app {

void CommandTable::add(ConsoleCommand command) {
  for (auto& c : commands_) {
    if (c.name != command.name) continue;
    c.run = std::move(command.run);
    return;
  }
  for (const auto& key : command.keys)
    keys_.bind({key, command.name, command.description, command.context, command.hint});
  commands_.push_back(std::move(command));
}

ui::Outcome CommandTable::run(std::string_view name) const {
  const ConsoleCommand* c = find(name);
  if (!c || !c->run) return ui::Outcome::Ignored;
  return c->run();
}

void CommandTable::replace_handlers(std::string_view group, const std::function<ui::Outcome()>& instead) {
  for (auto& c : commands_)
    if (c.group == group) c.run = instead;
}

const ConsoleCommand* CommandTable::find(std::string_view name) const {
  for (const auto& c : commands_)
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace opsdeck::app
