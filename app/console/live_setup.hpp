#pragma once
// Connects the console to AWS: resolves the environment from the config (name, production
// flag, profile/region defaults, LOG_GROUP), builds the AwsClient (app/aws_session.hpp),
// starts the LiveConsole and the gated ResourceActions, and wires the view's hooks
// (actions, `s` shell, `d` detail view, Enter on a zoomed pane; the app routes palette
// commands to run_palette_view with the live console). Failures (no region, broken config)
// land in the status line; the console still runs with empty panes.
//
// Threads: UI thread. Ownership: the returned parts borrow `view` and `loop`, which must
// outlive them (declare the LiveParts after the EventLoop).

#include <memory>

#include "app/console/live_console.hpp"
#include "app/console/resource_actions.hpp"
#include "app/console/shell_launcher.hpp"
#include "app/console/runbook_views.hpp"
#include "app/console/triage_menu.hpp"
#include "app/global_options.hpp"

namespace opsdeck::app {

struct LiveParts {
  // Declared so that actions (which borrow live) are destroyed first.
  std::unique_ptr<LiveConsole> live;
  std::unique_ptr<ResourceActions> actions;
  std::unique_ptr<ShellLauncher> shell;
  std::unique_ptr<RunbookViews> runbooks;  // owns step workers: reset before the loop goes
  std::unique_ptr<TriageMenu> triage;      // borrows runbooks
  ~LiveParts() {
    triage.reset();
    runbooks.reset();
    shell.reset();
    actions.reset();
    live.reset();
  }
  // Stops the live console (see LiveConsole::shutdown) without freeing anything, so tasks
  // already posted to the loop stay valid; used when switching region or profile.
  void shutdown() {
    if (live) live->shutdown();
  }
};

// `suspend` runs a body with curses suspended (the `s` shell hand-off).
std::unique_ptr<LiveParts> start_live(const GlobalOptions& options, ConsoleView& view,
                                      ui::EventLoop& loop, ShellLauncher::Suspend suspend);

}  // namespace opsdeck::app
