#include "app/console/command_table.hpp"

#include <algorithm>

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

std::string CommandTable::rebind(std::string_view name, const std::vector<std::string>& keys) {
  const ConsoleCommand* c = find(name);
  if (c && keys_.keys_for(name).empty() && !keys.empty()) {
    // Not in the key map yet: bound to the first key, then rebound to all of them.
    if (!ui::KeyEvent::parse(keys.front()))
      return "unknown key '" + keys.front() + "' for command '" + std::string(name) + "'";
    keys_.bind({ui::KeyEvent::parse(keys.front())->name(), c->name, c->description, c->context, c->hint});
  }
  return keys_.rebind(name, keys);
}

bool CommandTable::set_handler(std::string_view name, CommandHandler run) {
  for (auto& c : commands_) {
    if (c.name != name) continue;
    c.run = std::move(run);
    return true;
  }
  return false;
}

ui::Outcome CommandTable::run(std::string_view name, const std::string& argument) const {
  const ConsoleCommand* c = find(name);
  if (!c || !c->run) return ui::Outcome::Ignored;
  // A copy runs: a handler may add commands (the console's :region starts a new session),
  // which may move the table's entries while it runs.
  CommandHandler run = c->run;
  return run(argument);
}

void CommandTable::replace_session_handlers(const std::function<ui::Outcome()>& instead) {
  for (auto& c : commands_)
    if (c.needs == CommandNeeds::Session) c.run = [instead](const std::string&) { return instead(); };
}

const ConsoleCommand* CommandTable::find_word(std::string_view word) const {
  if (word.empty()) return nullptr;
  for (const auto& c : commands_)
    if (c.word == word || std::find(c.aliases.begin(), c.aliases.end(), word) != c.aliases.end()) return &c;
  return nullptr;
}

const ConsoleCommand* CommandTable::find(std::string_view name) const {
  for (const auto& c : commands_)
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace opsdeck::app
