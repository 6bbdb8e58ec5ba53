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

CommandPalette::CommandPalette() {
  commands_ = {
      {"ec2", "", "EC2 instances", {"instances"}},
      {"rds", "", "RDS databases", {"databases", "db"}},
      {"alarms", "", "CloudWatch alarms", {}},
      {"alarm", "NAME", "Alarm detail: metric graph, threshold, history", {}},
      {"logs", "GROUP", "Tail a log group", {"log"}},
      {"ecs", "", "ECS clusters, services and tasks", {}},
      {"lightsail", "", "Lightsail instances and container services", {}},
      {"sqs", "", "SQS queues and dead-letter depth", {}},
      {"params", "", "SSM Parameter Store", {"ssm"}},
      {"secrets", "", "Secrets Manager", {}},
      {"sg", "", "Security groups open to the world", {}},
      {"runbooks", "", "Runbooks from the config (Enter opens one)", {"rb"}},
      {"runbook", "FILE", "A runbook's steps: plan, run, run all", {}},
      {"region", "R", "Switch region", {}},
      {"profile", "P", "Switch profile", {}},
      {"theme", "T", "Switch colour theme", {}},
      {"help", "", "Show keys and commands", {"h"}},
      {"q", "", "Quit", {"quit", "exit"}},
  };
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
  for (const auto& c : commands_) {
    if (c.name == p.name || std::find(c.aliases.begin(), c.aliases.end(), p.name) != c.aliases.end()) {
      p.command = &c;
      break;
    }
  }
  return p;
}

std::vector<std::string> CommandPalette::complete(std::string_view line) const {
  std::vector<std::string> out;
  auto space = line.find(' ');
  if (space == std::string_view::npos) {
    for (const auto& c : commands_)
      if (c.name.starts_with(line)) out.push_back(c.argument.empty() ? c.name : c.name + " ");
    return out;
  }
  ParsedCommand p = parse(line);
  if (!p.command) return out;
  for (const auto& [name, vals] : values_) {
    if (name != p.command->name) continue;
    for (const auto& v : vals)
      if (v.starts_with(p.argument)) out.push_back(p.command->name + " " + v);
  }
  return out;
}

}  // namespace opsdeck::app
