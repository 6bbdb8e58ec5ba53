#pragma once
// Shows a UserMessage on the console's status line: summary and hint on one line
// (UserMessage::line(): no "opsdeck: " prefix, no line ending, so never a visible "␊"), in
// the colour of its severity. The hint stays: for a pane's refresh or an action, the status
// line is the only place the operator sees what to do ("run aws sso login ...").
//
// Threads: UI thread only (it writes the StatusLine).

#include "app/user_message.hpp"
#include "widgets/status_line.hpp"

namespace opsdeck::app {

ui::Severity status_severity(MessageSeverity severity);

void show_message(ui::StatusLine& status, const UserMessage& m);

}  // namespace opsdeck::app
