#include "app/console/command_palette.hpp"

#include <algorithm>

namespace opsdeck::app {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

std::vector<const ConsoleCommand*> CommandPalette::commands() const {
  std::vector<const ConsoleCommand*> out;
  for (const auto& c : table_.commands())
    if (!c.word.empty()) out.push_back(&c);
  return out;
}

void CommandPalette::set_argument_values(const std::string& command, std::vector<std::string> values) {
  for (auto& [name, vals] : values_) {
    if (name == command) {
      vals = std::move(values);
      return;
    }
  }
  values_.emplace_back(command, std::move(values));
}

ParsedCommand CommandPalette::parse(std::string_view line) const {
  line = trim(line);
  if (line.starts_with(':')) line = trim(line.substr(1));
  ParsedCommand p;
  auto space = line.find(' ');
  p.name = std::string(line.substr(0, space));
  if (space != std::string_view::npos) p.argument = std::string(trim(line.substr(space + 1)));
  p.command = table_.find_word(p.name);
  return p;
}

std::vector<std::string> CommandPalette::complete(std::string_view line) const {
  std::vector<std::string> out;
  auto space = line.find(' ');
  if (space == std::string_view::npos) {
    for (const auto* c : commands())
      if (c->word.starts_with(line)) out.push_back(c->argument.empty() ? c->word : c->word + " ");
    return out;
  }
  ParsedCommand p = parse(line);
  if (!p.command) return out;
  for (const auto& [name, vals] : values_) {
    if (name != p.command->word) continue;
    for (const auto& v : vals)
      if (v.starts_with(p.argument)) out.push_back(p.command->word + " " + v);
  }
  return out;
}

}  // namespace opsdeck::app
