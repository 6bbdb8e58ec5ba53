#include "app/console/status_message.hpp"

namespace opsdeck::app {

ui::Severity status_severity(MessageSeverity severity) {
  switch (severity) {
    case MessageSeverity::Info: return ui::Severity::Info;
    case MessageSeverity::Warning: return ui::Severity::Warn;
    case MessageSeverity::Error: break;
  }
  return ui::Severity::Error;
}

void show_message(ui::StatusLine& status, const UserMessage& m) {
  status.show(status_severity(m.severity), m.line());
}

}  // namespace opsdeck::app
