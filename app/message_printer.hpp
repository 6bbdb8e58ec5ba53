#pragma once
// How the headless commands write a UserMessage for a person: the one place that adds the
// "opsdeck: " prefix (once, however the message was made; "opsdeck ssh: " when a command
// names itself), the "warning: " label and the line endings:
//
//   opsdeck: <summary> — <hint>
//   opsdeck ssm run: warning: <summary> — <hint>
//
// Text is sanitised for the terminal (app/plain_table.hpp sanitize_for_terminal), so a line
// break or an escape sequence inside remote text shows as a visible "␊" / "␛" instead of
// forging a line or driving the terminal.
//
// Threads: pure functions except print_message, which writes to the given FILE.

#include <cstdio>
#include <string>
#include <string_view>

#include "app/user_message.hpp"

namespace opsdeck::app {

// The line for `m` as printed, without its line ending. `command` ("ssh", "ssm run",
// "deploy"): the command that speaks, shown after "opsdeck"; empty for none.
std::string cli_line(const UserMessage& m, std::string_view command = {});

// cli_line(m) ended by `eol` ("\r\n" on a terminal left in raw mode).
std::string cli_text(const UserMessage& m, std::string_view eol = "\n", std::string_view command = {});

// Writes cli_text(m) to `to` (stderr unless a caller captures it) and flushes it.
void print_message(const UserMessage& m, std::FILE* to = stderr);
// The same, spoken by `command` ("opsdeck ssh: ...").
void print_message(std::string_view command, const UserMessage& m, std::FILE* to = stderr);

}  // namespace opsdeck::app
