#pragma once
// CommandTable: the console's commands in one table, whether reached by a key or typed at
// the `:` palette. Each command has a name, its default keys, a description (the `?` help
// and the hint bar read them from the key map), the context its keys work in ("global", or
// "table" for the active table's navigation), its palette word with aliases and argument
// ("logs GROUP"; CommandPalette parses and completes from here) and the one handler that
// runs it. A key looks up its command in the key map (which the config's "keys" rebind by
// command name, palette commands included) and run() calls that command's handler:
// nothing falls through from one handler to another.
//
// Who adds what: ConsoleView its navigation, zoom, filter, palette, help and quit, and the
// palette's vocabulary (every `:` command, so help and completion list them before the
// AWS session exists; those that need it say so until a handler is set); ResourceActions
// one command per resource capability ("action.reboot"); ShellLauncher `s`; start_live
// `d`, `L`, the palette's views (:ecs, :logs, ...) and RunbookViews `D`, :runbooks and
// :runbook; the console app :theme, :region and :profile. Adding a command that exists
// keeps its keys, words and description and takes the new handler (the console re-adds
// its live commands after `:region` / `:profile`).
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

// Whether a command needs the console's AWS session (actions, shell, detail, logs, deploy,
// the palette's AWS views) or works without one (the view's own commands).
enum class CommandNeeds { Nothing, Session };

// Runs a command; `argument` is what followed its word at the `:` prompt ("" from a key).
using CommandHandler = std::function<ui::Outcome(const std::string& argument)>;

struct ConsoleCommand {
  std::string name;               // "shell", "action.reboot", "table.down", "ecs"
  std::vector<std::string> keys;  // KeyEvent::name() form: "s", "<c-d>"; may be empty
  std::string description;        // "Open a shell on the selected instance (SSM or SSH)"
  std::string context = "global";
  std::string hint;               // the hint bar's label ("shell"); "": not on the bar
  CommandHandler run;
  CommandNeeds needs = CommandNeeds::Nothing;
  // The palette form: typed as `:WORD` or an alias; "" for a key-only command.
  std::string word = {};
  std::vector<std::string> aliases = {};
  std::string argument = {};  // what must follow the word ("GROUP"); "" when nothing does
  // Leaves the console or changes something (a shell, a deploy, an action): its key is held
  // for a moment after a view, prompt or dialog closes, so text typed ahead into something
  // that just closed never fires it (ConsoleView::settle).
  bool held_after_close = false;
};

class CommandTable {
 public:
  void add(ConsoleCommand command);
  // Binds `keys` to the command `name` instead of its own (the config's "keys"), a command
  // that had none too (palette commands). Returns what is wrong ("" when nothing is).
  std::string rebind(std::string_view name, const std::vector<std::string>& keys);
  // Gives the command `name` its handler; false when there is no such command.
  bool set_handler(std::string_view name, CommandHandler run);
  // Ignored when no such command, or it has no handler.
  ui::Outcome run(std::string_view name, const std::string& argument = {}) const;
  const ConsoleCommand* find(std::string_view name) const;
  // The command typed as `word` at the palette (its word or an alias), or nullptr.
  const ConsoleCommand* find_word(std::string_view word) const;
  // Gives every command that needs the session the handler `instead` (the console without
  // a session: they say why instead of acting on a session that was shut down).
  void replace_session_handlers(const std::function<ui::Outcome()>& instead);
  const std::vector<ConsoleCommand>& commands() const { return commands_; }
  ui::KeyMap& keys() { return keys_; }
  const ui::KeyMap& keys() const { return keys_; }

 private:
  std::vector<ConsoleCommand> commands_;
  ui::KeyMap keys_;
};

}  // namespace opsdeck::app
