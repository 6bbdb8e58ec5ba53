#pragma once
// Procedures written as inline code in numbered lists:
//   1. Check the service: `systemctl status api`
//   3. Are all containers up? `docker compose ps` or `docker ps -a`
// A code span is a command when its first word is a command an operator types (after
// sudo/env), and it has arguments, starts with `./`, or is one of the few commands that
// are used bare (`uptime`, `df`, `free`, `ps` …). File names (`/opt/app/.env`), values
// (`running`, `200`), task names (`db:reset`) and `KEY=value` lines are not. Spans joined
// by "or" are alternatives. Pure function.

#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::app::runbook {

struct InlineCommand {
  std::string code;          // the span's text, without the backticks
  bool or_previous = false;  // "… `a` or `b`": an alternative to the command before it
};

// The commands among the code spans of one list item's text (backticks kept in `text`).
std::vector<InlineCommand> inline_commands(std::string_view text);

}  // namespace opsdeck::app::runbook
