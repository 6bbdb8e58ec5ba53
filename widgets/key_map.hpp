#pragma once
// Keys mapped to named commands, with a description for the help overlay and the hint
// bar (STYLE.md "Keys map to named commands"). A binding belongs to a context ("global",
// "table", "prompt"...); lookups try the given context, then "global". Overrides (from
// config) rebind a command to other keys. A value type; UI thread only.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "widgets/key_event.hpp"

namespace opsdeck::ui {

struct Binding {
  std::string key;          // KeyEvent::name() form: "q", "<tab>", "<c-r>"
  std::string command;      // "quit", "focus-next", "table.down"
  std::string description;  // "Quit opsdeck"
  std::string context = "global";
  std::string hint;         // short label for the key-hint bar ("pane"); empty: not shown
};

class KeyMap {
 public:
  void bind(Binding b);
  // The command for `e` in `context` (falling back to "global"), if any.
  std::optional<std::string> lookup(const KeyEvent& e, std::string_view context = "global") const;
  // Replaces every key of `command` with `keys` (taking them away from any other command).
  // Returns an error message for a key name
  // that does not parse (nothing changes then), empty on success.
  std::string rebind(std::string_view command, const std::vector<std::string>& keys);
  const std::vector<Binding>& bindings() const { return bindings_; }
  // The keys bound to `command`, joined with "/" ("j/<down>").
  std::string keys_for(std::string_view command) const;

 private:
  std::vector<Binding> bindings_;
};

}  // namespace opsdeck::ui
