#include "widgets/key_map.hpp"

#include <algorithm>

namespace opsdeck::ui {

void KeyMap::bind(Binding b) {
  // Normalise the name so "<Tab>"-like spellings and parsed events agree.
  if (auto e = KeyEvent::parse(b.key)) b.key = e->name();
  bindings_.push_back(std::move(b));
}

std::optional<std::string> KeyMap::lookup(const KeyEvent& e, std::string_view context) const {
  std::string name = e.name();
  if (name.empty()) return std::nullopt;
  for (std::string_view ctx : {context, std::string_view("global")}) {
    for (const Binding& b : bindings_)
      if (b.context == ctx && b.key == name) return b.command;
    if (ctx == "global") break;
  }
  return std::nullopt;
}

std::string KeyMap::rebind(std::string_view command, const std::vector<std::string>& keys) {
  std::vector<std::string> names;
  for (const auto& k : keys) {
    auto e = KeyEvent::parse(k);
    if (!e) return "unknown key '" + k + "' for command '" + std::string(command) + "'";
    names.push_back(e->name());
  }
  auto it = std::find_if(bindings_.begin(), bindings_.end(), [&](const Binding& b) { return b.command == command; });
  if (it == bindings_.end()) return "unknown command '" + std::string(command) + "'";
  Binding proto = *it;
  // The override wins: the keys leave whatever command had them before.
  std::erase_if(bindings_, [&](const Binding& b) {
    return b.command == command || std::find(names.begin(), names.end(), b.key) != names.end();
  });
  for (const auto& n : names) {
    Binding b = proto;
    b.key = n;
    bindings_.push_back(std::move(b));
  }
  return {};
}

std::string KeyMap::keys_for(std::string_view command) const {
  std::string out;
  for (const Binding& b : bindings_) {
    if (b.command != command) continue;
    if (!out.empty()) out += '/';
    out += b.key;
  }
  return out;
}

}  // namespace opsdeck::ui
