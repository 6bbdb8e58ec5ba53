#pragma once
// CommandTable: the console's key commands in one table. Each command has a name, its
// default keys, a description (the `?` help and the hint bar read them from the key map),
// the context its keys work in ("global", or "table" for the active table's navigation)
// and the one handler that runs it. A key looks up its command in the key map (which the
// config's "keys" rebind by command name) and run() calls that command's handler: nothing
// falls through from one handler to another.
//
// Who adds what: ConsoleView its navigation, zoom, filter, palette, help and quit;
// ResourceActions one command per resource capability ("action.reboot"); ShellLauncher
// `s`; start_live `d`, `L` and RunbookViews `D`. Adding a command that exists keeps its
// keys and description and takes the new handler (the console re-adds its live commands
// after `:region` / `:profile`).
//
// Threads: UI thread only; handlers run on it. Ownership: handlers may borrow what added
// them; that must outlive the table or be replaced by a later add().

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "widgets/key_map.hpp"
#include "widgets/outcome.hpp"

namespace opsdeck::app {

struct ConsoleCommand {
  std::string name;               // "shell", "action.reboot", "table.down"
  std::vector<std::string> keys;  // KeyEvent::name() form: "s", "<c-d>"; may be empty
  std::string description;        // "Open a shell on the selected instance (SSM or SSH)"
  std::string context = "global";
  std::string hint;               // the hint bar's label ("shell"); "": not on the bar
  std::function<ui::Outcome()> run;
  // "live": needs the console's AWS session (actions, shell, detail, logs, deploy); the
  // view's own commands leave it empty.
  std::string group;
};

class CommandTable {
 public:
  void add(ConsoleCommand command);
  // Ignored when no such command, or it has no handler.
  ui::Outcome run(std::string_view name) const;
  const ConsoleCommand* find(std::string_view name) const;
  // Gives every command of `group` the handler `instead` (the console without a session:
  // its live commands say why instead of acting on a session that was shut down).
  void replace_handlers(std::string_view group, const std::function<ui::Outcome()>& instead);
  const std::vector<ConsoleCommand>& commands() const { return commands_; }
  ui::KeyMap& keys() { return keys_; }
  const ui::KeyMap& keys() const { return keys_; }

 private:
  std::vector<ConsoleCommand> commands_;
  ui::KeyMap keys_;
};

}  // namespace opsdeck::app
