#pragma once
// Connects the console to AWS: resolves the environment from the config (name, production
// flag, profile/region defaults, LOG_GROUP), builds the AwsClient (app/aws_session.hpp),
// starts the LiveConsole and the gated ResourceActions, and wires the view's hooks
// (actions, `d` detail view, Enter on a zoomed pane). Failures (no region, broken config)
// land in the status line; the console still runs with empty panes.
//
// Threads: UI thread. Ownership: the returned parts borrow `view` and `loop`, which must
// outlive them (declare the LiveParts after the EventLoop).

#include <memory>

#include "app/console/live_console.hpp"
#include "app/console/resource_actions.hpp"
#include "app/console/runbook_views.hpp"
#include "app/console/triage_menu.hpp"
#include "app/global_options.hpp"

namespace opsdeck::app {

struct LiveParts {
  // Declared so that actions (which borrow live) are destroyed first.
  std::unique_ptr<LiveConsole> live;
  std::unique_ptr<ResourceActions> actions;
  std::unique_ptr<RunbookViews> runbooks;  // owns step workers: reset before the loop goes
  std::unique_ptr<TriageMenu> triage;      // borrows runbooks
  ~LiveParts() {
    triage.reset();
    runbooks.reset();
    actions.reset();
    live.reset();
  }
};

std::unique_ptr<LiveParts> start_live(const GlobalOptions& options, ConsoleView& view,
                                      ui::EventLoop& loop);

}  // namespace opsdeck::app
